import { PROBE_LABEL } from '../../../k8s';
import { isTemplated } from '../../../manifest/split';
import { containerLabel, declaredPorts, isObject, runsHandlers, isTcp, listPorts, portByName, portRef, portsTemplated } from '../../probe-facts';
import type { Rule } from '../../types';

export const portDeclaredNonTcp: Rule = {
  id: 'probe/port-declared-non-tcp',
  defaultSeverity: 'warning',
  title: 'Probe port that the container declares only as UDP or SCTP',
  help:
    'httpGet, tcpSocket and grpc checks always connect over TCP. A probe port that names or numbers a ' +
    '`ports[]` entry with `protocol: UDP` or `SCTP` (and no TCP entry) reaches a TCP port where a UDP-only ' +
    'app does not listen. kube-linter treats such a port as not exposed.',
  checkHandler(h, ctx) {
    const c = h.container;
    const ref = portRef(h);
    if (!ref || !runsHandlers(c) || portsTemplated(c) || isTemplated(ref.value)) return;
    if (!h.isProbe && ref.handler === 'tcpSocket') return; // lifecycle/tcpsocket-unsupported
    let matches;
    if (typeof ref.value === 'string') {
      const named = portByName(c, ref.value);
      matches = named ? [named] : [];
    } else if (typeof ref.value === 'number') {
      const action = (h.spec as Record<string, unknown>)[ref.handler];
      const host = isObject(action) ? action.host : undefined;
      if (typeof host === 'string' && host !== '') return; // a port of another host
      matches = declaredPorts(c).filter((p) => p.containerPort === ref.value);
    } else return;
    if (matches.length === 0 || matches.some(isTcp)) return;
    const number = matches[0].containerPort;
    ctx.report({
      message: `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} port ${ref.value} is declared only as ${listPorts(matches)} on ${containerLabel(c)}, but ${ref.handler} always connects over TCP (to port ${number}). Point it at a TCP port, or declare ${number} with protocol TCP if the app serves TCP there too.`,
      span: ctx.spanAt(ref.path),
    });
  },
};
