import { PROBE_LABEL } from '../../../k8s';
import type { Rule } from '../../types';
import { asObject, validatesHandlers } from './validation';

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
    // Init containers without restartPolicy: Always and ephemeral containers may not have probes or
    // hooks at all: the API server reports only that (their own rules) and never looks at the handler.
    if (!validatesHandlers(h.container)) return;
    // `livenessProbe:` with no value (or `null`) is a nil pointer in Go: no probe, nothing to validate.
    // A value that is not an object cannot be decoded at all (schema/wrong-type).
    const owner = h.isProbe ? h.container.spec : asObject(h.container.spec.lifecycle);
    if (!asObject((owner as Record<string, unknown> | undefined)?.[h.site])) return;
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
