import { failureWindow, handlerAt, runsHandlers, sameCheck, timing, timingUnusable, windowText, writtenNumber } from '../../probe-facts';
import { livenessThresholdFix, setScalar } from '../../probe-fixes';
import type { Rule } from '../../types';

export const livenessLessTolerantThanReadiness: Rule = {
  id: 'probe/liveness-less-tolerant-than-readiness',
  defaultSeverity: 'info',
  title: 'Liveness probe that gives up sooner or starts earlier than readiness',
  help:
    'If liveness fails faster than readiness (`failureThreshold × periodSeconds`, defaults applied), a failing ' +
    'pod is restarted before it is taken out of the Service; if liveness starts checking before readiness ' +
    '(`initialDelaySeconds`, no startupProbe), a slow start is restarted while readiness is still waiting. ' +
    'Identical checks are reported by probe/identical-liveness-readiness instead.',
  checkContainer(c, ctx) {
    const liveness = handlerAt(c, 'livenessProbe');
    const readiness = handlerAt(c, 'readinessProbe');
    if (!liveness || !readiness || !runsHandlers(c) || timingUnusable(liveness) || timingUnusable(readiness)) return;
    const [l, r] = [timing(liveness), timing(readiness)];
    if (failureWindow(l) < failureWindow(r) && !sameCheck(liveness, readiness)) {
      const fix = livenessThresholdFix(liveness, failureWindow(r), ctx);
      const at = writtenNumber(liveness, 'failureThreshold') ? ctx.spanAt([...liveness.path, 'failureThreshold']) : liveness.keySpan;
      ctx.report({
        message: `Liveness gives up sooner than readiness (liveness ${windowText(l)}; readiness ${windowText(r)}): a failing pod is restarted before it is taken out of the Service. Let liveness tolerate failures longer than readiness.`,
        span: at,
        fixes: fix ? [fix] : [],
      });
    }
    if (l.initialDelaySeconds < r.initialDelaySeconds && !handlerAt(c, 'startupProbe')) {
      const path = [...liveness.path, 'initialDelaySeconds'];
      const edit = setScalar(ctx, path, r.initialDelaySeconds);
      ctx.report({
        message: `Liveness starts checking after ${l.initialDelaySeconds} s but readiness only after ${r.initialDelaySeconds} s: if the app needs the time readiness gives it, liveness restarts it first. Set liveness initialDelaySeconds to at least ${r.initialDelaySeconds}, or add a startupProbe.`,
        span: writtenNumber(liveness, 'initialDelaySeconds') !== undefined ? ctx.spanAt(path) : liveness.keySpan,
        fixes: edit ? [{ title: `Set liveness initialDelaySeconds to ${r.initialDelaySeconds}`, edits: [edit] }] : [],
      });
    }
  },
};
