import { PROBE_LABEL, type HandlerSite } from '../../../k8s';
import { isTemplated } from '../../../manifest/split';
import { containerLabel, declaredPorts, runsHandlers, listPorts, portRef, portsTemplated } from '../../probe-facts';
import { setScalar } from '../../probe-fixes';
import type { Fix, Rule } from '../../types';
import { editDistance } from '../../../util/edit-distance';

const CONSEQUENCE: Record<HandlerSite, string> = {
  livenessProbe: 'every check errors and is discarded, so a hung container is never restarted',
  readinessProbe: 'every check errors and is discarded, so the container never becomes Ready',
  startupProbe: 'every check errors and is discarded, so the container never counts as started and never becomes Ready',
  postStart: 'the hook fails and the kubelet kills the container',
  preStop: 'the hook fails and the container is stopped without it',
};

export const namedPortNotFound: Rule = {
  id: 'probe/named-port-not-found',
  defaultSeverity: 'error',
  title: 'Named probe port that the container does not declare',
  help:
    'A string `port` of an `httpGet` or `tcpSocket` handler must be the `name` of one of the same ' +
    "container's `ports[]` (case-sensitive). The API server does not check it; the kubelet fails to resolve " +
    'it at run time (`port "x" not found`), so every check errors and its result is discarded.',
  checkHandler(h, ctx) {
    const c = h.container;
    const ref = portRef(h);
    if (!ref || typeof ref.value !== 'string' || !runsHandlers(c)) return;
    if (ref.handler === 'grpc' || (!h.isProbe && ref.handler === 'tcpSocket')) return; // other rules
    const name = ref.value;
    if (/^\d+$/.test(name) || isTemplated(name) || portsTemplated(c)) return; // all digits: api/port-name-invalid
    const ports = declaredPorts(c);
    if (ports.some((p) => p.name === name)) return;
    const names = ports.map((p) => p.name).filter((n): n is string => typeof n === 'string');
    const span = ctx.spanAt(ref.path);
    const fixes: Fix[] = [];
    const near = nearMatch(name, names);
    const edit = near && setScalar(ctx, ref.path, near);
    if (near && edit) fixes.push({ title: `Change port to "${near}"`, edits: [edit], preferred: true });
    // The container's only TCP port is the likely target: offer it by name and by number.
    const tcp = ports.filter((p) => !p.protocol || p.protocol === 'TCP');
    const only = !near && tcp.length === 1 ? tcp[0] : undefined;
    if (only && typeof only.name === 'string') {
      const e = setScalar(ctx, ref.path, only.name);
      if (e) fixes.push({ title: `Change port to "${only.name}" (the container's only port, ${only.containerPort})`, edits: [e], preferred: true });
    } else if (only && typeof only.containerPort === 'number') {
      const e = setScalar(ctx, ref.path, only.containerPort);
      if (e) fixes.push({ title: `Change port to ${only.containerPort} (the container's only port)`, edits: [e], preferred: true });
    }
    const declared = ports.length ? `it declares ${listPorts(ports)}` : 'it declares no ports';
    const did = near ? `Did you mean "${near}"?` : 'Use a declared port name or a number.';
    ctx.report({
      message: `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} port "${name}" is not a port name of ${containerLabel(c)} (${declared}): the kubelet cannot resolve it and ${CONSEQUENCE[h.site]}. ${did}`,
      span,
      fixes,
    });
  },
};

/** The one declared name that differs only in case or by a small edit distance, if exactly one does. */
function nearMatch(name: string, names: string[]): string | undefined {
  const lower = name.toLowerCase();
  const limit = name.length <= 4 ? 1 : 2;
  const close = names.filter((n) => n.toLowerCase() === lower || editDistance(n.toLowerCase(), lower) <= limit);
  return close.length === 1 ? close[0] : undefined;
}

