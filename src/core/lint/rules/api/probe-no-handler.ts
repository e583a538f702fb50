import { onSince } from '../../../feature-gates';
import { PROBE_LABEL } from '../../../k8s';
import type { Fix, Rule } from '../../types';
import { asObject, droppedReason, validatesHandlers } from './validation';

export const probeNoHandler: Rule = {
  id: 'api/probe-no-handler',
  defaultSeverity: 'error',
  title: 'Probe or lifecycle hook without a handler',
  help:
    'The API server rejects a probe with none of `exec`, `httpGet`, `tcpSocket`, `grpc` set, and a ' +
    '`postStart`/`preStop` hook with none of `exec`, `httpGet`, `tcpSocket`, `sleep` ' +
    '(validateHandler: "must specify a handler type"). `livenessProbe: {}` is rejected too.',
  checkHandler(h, ctx) {
    // The handlers the configured Kubernetes version keeps (lint/api-view.ts): a `sleep` or `grpc` it
    // drops leaves the probe or hook without a handler.
    if (h.handlerTypes.length > 0) return;
    const droppedHandler = h.dropped?.find((d) => d.key === 'sleep' || d.key === 'grpc');
    // Init containers without restartPolicy: Always and ephemeral containers may not have probes or
    // hooks at all: the API server reports only that (their own rules) and never looks at the handler.
    if (!validatesHandlers(h.container)) return;
    // `livenessProbe:` with no value (or `null`) is a nil pointer in Go: no probe, nothing to validate.
    // A value that is not an object cannot be decoded at all (schema/wrong-type).
    const owner = h.isProbe ? h.container.spec : asObject(h.container.spec.lifecycle);
    if (!asObject((owner as Record<string, unknown> | undefined)?.[h.site])) return;
    const choices = h.isProbe ? 'exec, httpGet, tcpSocket or grpc' : 'exec, httpGet or sleep';
    const fixes: Fix[] = [];
    if (h.isProbe) {
      // The container's declared TCP port (by name when it has one): a handler the API server accepts
      // and the kubelet can run. tcpSocket is the neutral choice; httpGet when the app serves HTTP.
      const ports = (h.container.spec.ports ?? []).filter((p) => p && typeof p.containerPort === 'number');
      const port = ports.find((p) => p.protocol === undefined || p.protocol === 'TCP') ?? undefined;
      if (port?.containerPort) {
        const portRef = port.name ? port.name : String(port.containerPort);
        const tcp = ctx.edit.insertIntoMap(h.path, ['tcpSocket:', `  port: ${portRef}`]);
        if (tcp) fixes.push({ title: `Add a tcpSocket handler on port ${portRef}`, edits: [tcp], preferred: true });
        const http = ctx.edit.insertIntoMap(h.path, ['httpGet:', '    path: /', `    port: ${portRef}`].map((l) => l.replace(/^ {4}/, '  ')));
        if (http) fixes.push({ title: `Add an httpGet handler on port ${portRef} (path /)`, edits: [http] });
      }
    }
    if (droppedHandler) {
      const what = h.isProbe ? 'probe' : 'hook';
      const newer = `1.${onSince(droppedHandler.gate)}`;
      ctx.report({
        message: `${PROBE_LABEL[h.site]} ${what} has no handler in Kubernetes ${ctx.options.kubernetesVersion}: ${droppedReason(droppedHandler, ctx)}, and then the API server rejects the ${what} ("must specify a handler type"). Use ${h.isProbe ? 'exec, httpGet or tcpSocket' : 'exec or httpGet'}, or target Kubernetes ${newer} or later.`,
        span: h.keySpan,
        fixes: fixes.length ? fixes : undefined,
        versionDependent: true,
      });
      return;
    }
    ctx.report({
      message: `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} has no handler: the API server rejects it ("must specify a handler type"). Set one of ${choices}.`,
      span: h.keySpan,
      fixes,
    });
  },
};
