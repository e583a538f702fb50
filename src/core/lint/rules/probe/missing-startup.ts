import { containerLabel, handlerAt, isBatch, isHelmHook, runsHandlers } from '../../probe-facts';
import { startupProbeFix } from '../../probe-fixes';
import type { Rule } from '../../types';

export const missingStartup: Rule = {
  id: 'probe/missing-startup',
  defaultSeverity: 'off',
  title: 'livenessProbe without a startupProbe',
  help:
    'kube-score recommends "Configure a startupProbe if you have a livenessProbe configured": a startup probe ' +
    'holds liveness back until the app has started, so a slow start is not taken for a hang. Off by default; ' +
    'probe/liveness-short-budget-no-startup reports the cases where the liveness budget is short.',
  checkContainer(c, ctx) {
    if (!runsHandlers(c) || isBatch(c.workload) || isHelmHook(c.workload) || handlerAt(c, 'startupProbe')) return;
    const liveness = handlerAt(c, 'livenessProbe');
    if (!liveness) return;
    const fix = startupProbeFix(liveness, ctx);
    ctx.report({
      message: `${containerLabel(c, true)} has a livenessProbe but no startupProbe: liveness runs from the start, so a slow start counts as a hang. Add a startupProbe.`,
      span: c.span,
      fixes: fix ? [fix] : [],
    });
  },
};
