import { PROBE_LABEL } from '../../../k8s';
import { isTemplated } from '../../../manifest/split';
import { containerLabel, declaredPorts, isObject, runsHandlers, listPorts, portRef, portsTemplated } from '../../probe-facts';
import { appendToSeq } from '../../probe-fixes';
import type { Fix, Rule } from '../../types';

export const portNotDeclared: Rule = {
  id: 'probe/port-not-declared',
  defaultSeverity: 'warning',
  title: 'Probe port number that is not a containerPort of the container',
  help:
    'An integer probe port (`httpGet`, `tcpSocket`, `grpc`) that matches no `containerPort` of the same ' +
    'container is usually a typo or a stale port. `containerPort` is informational, so the probe may still ' +
    'work; declaring the port documents it. When the container declares no ports at all the finding is ' +
    'info (option `portNotDeclaredStrict` reports it as a warning, like kube-linter).',
  checkHandler(h, ctx) {
    const c = h.container;
    const ref = portRef(h);
    if (!h.isProbe || !ref || typeof ref.value !== 'number' || !runsHandlers(c) || portsTemplated(c)) return;
    if (!Number.isInteger(ref.value) || ref.value < 1 || ref.value > 65535) return; // api/port-out-of-range's
    const action = (h.spec as Record<string, unknown>)[ref.handler];
    const host = isObject(action) ? action.host : undefined;
    if ((typeof host === 'string' && host !== '') || isTemplated(host)) return; // a port of another host
    const port = ref.value;
    const ports = declaredPorts(c);
    if (ports.some((p) => p.containerPort === port)) return; // non-TCP matches: probe/port-declared-non-tcp
    const what = `${PROBE_LABEL[h.site]} probe port ${port}`;
    const message = ports.length
      ? `${what} is not a containerPort of ${containerLabel(c)} (it declares ${listPorts(ports)}): a typo or an undeclared port. Probe a declared port or declare ${port}.`
      : `${what} is not declared: ${containerLabel(c)} declares no ports. containerPort is informational, so the probe works if the app listens on ${port}; declare it to document the port.`;
    const fixes: Fix[] = [];
    const edit = Array.isArray(c.spec.ports)
      ? appendToSeq(ctx, [...c.path, 'ports'], [`- containerPort: ${port}`])
      : c.spec.ports === undefined
        ? ctx.edit.insertIntoMap(c.path, ['ports:', `  - containerPort: ${port}`])
        : undefined;
    if (edit) fixes.push({ title: `Declare containerPort ${port}`, edits: [edit] });
    ctx.report({
      message,
      span: ctx.spanAt(ref.path),
      fixes,
      severity: ports.length || ctx.options.portNotDeclaredStrict ? undefined : 'info',
    });
  },
};
