import { PROBE_LABEL } from '../../../k8s';
import { runsHandlers } from '../../probe-facts';
import type { Rule } from '../../types';

export const tcpsocketUnsupported: Rule = {
  id: 'lifecycle/tcpsocket-unsupported',
  defaultSeverity: 'warning',
  title: '`tcpSocket` in a postStart or preStop hook',
  help:
    'The API server accepts `tcpSocket` in a lifecycle hook (it validates its port), but the field is ' +
    'deprecated and the kubelet does not implement it: "TCPSocket is NOT supported as a LifecycleHandler … ' +
    'lifecycle hooks will fail at runtime" (core/v1 types.go). A failing postStart hook gets the container ' +
    'killed; a failing preStop hook is skipped. Use `exec`, `httpGet` or `sleep`.',
  checkHandler(h, ctx) {
    if (h.isProbe || !h.handlerTypes.includes('tcpSocket') || !runsHandlers(h.container)) return;
    const outcome = h.site === 'postStart' ? 'the hook fails and the container is killed' : 'the hook fails and is skipped';
    ctx.report({
      message: `${PROBE_LABEL[h.site]} hook uses tcpSocket, which the kubelet does not support in lifecycle hooks (the API accepts it, but ${outcome}). Use exec, httpGet or sleep.`,
      span: ctx.spanAt([...h.path, 'tcpSocket'], 'key'),
    });
  },
};
