import { PROBE_LABEL } from '../../../k8s';
import type { Rule } from '../../types';

export const probeNoHandler: Rule = {
  id: 'api/probe-no-handler',
  defaultSeverity: 'error',
  title: 'Probe or lifecycle hook without a handler',
  help:
    'The API server rejects a probe with none of `exec`, `httpGet`, `tcpSocket`, `grpc` set, and a ' +
    '`postStart`/`preStop` hook with none of `exec`, `httpGet`, `tcpSocket`, `sleep` ' +
    '(validateHandler: "must specify a handler type"). `livenessProbe: {}` is rejected too.',
  checkHandler(h, ctx) {
    if (h.handlerTypes.length > 0) return;
    const choices = h.isProbe ? 'exec, httpGet, tcpSocket or grpc' : 'exec, httpGet or sleep';
    const fixes = [];
    if (h.isProbe) {
      const port = h.container.spec.ports?.find((p) => p && typeof p.containerPort === 'number');
      if (port?.containerPort) {
        const portRef = port.name ? port.name : String(port.containerPort);
        const lines = ['tcpSocket:', `  port: ${portRef}`];
        const edit = ctx.edit.insertIntoMap(h.path, lines);
        if (edit) fixes.push({ title: `Add a tcpSocket handler on port ${portRef}`, edits: [edit] });
      }
    }
    ctx.report({
      message: `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} has no handler: the API server rejects it ("must specify a handler type"). Set one of ${choices}.`,
      span: h.keySpan,
      fixes,
    });
  },
};
