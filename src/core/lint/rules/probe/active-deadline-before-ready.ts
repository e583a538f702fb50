// probe/active-deadline-before-ready: the pod's activeDeadlineSeconds ends it before its probes
// would let it start or become Ready. The kubelet fails the whole pod (DeadlineExceeded) once it has
// been active that long, whatever the probes say (pkg/kubelet/active_deadline.go;
// docs/semantics/pod-lifecycle.md, "activeDeadlineSeconds"). Self-contained: facts from probe-facts.
import { isTemplated } from '../../../manifest/split';
import { handlerAt, runsHandlers, timing, timingUnusable } from '../../probe-facts';
import type { Rule } from '../../types';

export const activeDeadlineBeforeReady: Rule = {
  id: 'probe/active-deadline-before-ready',
  defaultSeverity: 'info',
  title: 'activeDeadlineSeconds shorter than the time the probes allow for start-up',
  help:
    'Once a pod has been active on its node for `activeDeadlineSeconds` (counted from `status.startTime`), ' +
    'the kubelet fails the whole pod with reason DeadlineExceeded and stops its containers; nothing restarts ' +
    'them. If that is shorter than the start-up a startupProbe allows (`initialDelaySeconds + failureThreshold × ' +
    'periodSeconds`), a slow start the probe tolerates ends the pod instead; if it is no longer than the ' +
    'earliest moment the readiness probe can pass, the pod is never Ready.',
  checkHandler(h, ctx) {
    if (h.site !== 'startupProbe' && h.site !== 'readinessProbe') return;
    const c = h.container;
    if (!runsHandlers(c) || timingUnusable(h)) return;
    const deadline = c.workload.podSpec.activeDeadlineSeconds as unknown;
    if (isTemplated(deadline) || typeof deadline !== 'number' || !Number.isInteger(deadline) || deadline < 1) return;
    const t = timing(h);
    if (h.site === 'startupProbe') {
      const budget = t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
      if (deadline >= budget) return;
      ctx.report({
        message: `activeDeadlineSeconds ${deadline} is shorter than the start-up this startupProbe allows (initialDelaySeconds ${t.initialDelaySeconds} + failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds} = ${budget} s): a start slower than ${deadline} s fails the whole pod (DeadlineExceeded) instead of being waited for.`,
        span: h.keySpan,
      });
      return;
    }
    if (handlerAt(c, 'startupProbe')) return;
    const earliest = t.initialDelaySeconds + (t.successThreshold - 1) * t.periodSeconds;
    if (deadline > earliest) return;
    ctx.report({
      message: `activeDeadlineSeconds ${deadline} ends the pod before this readiness probe can first pass (no earlier than ${earliest} s after the container starts): the pod is never Ready and ends Failed (DeadlineExceeded).`,
      span: h.keySpan,
    });
  },
};
