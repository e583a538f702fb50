import { failureWindow, handlerAt, runsHandlers, timing, timingUnusable } from '../../probe-facts';
import { startupProbeFix } from '../../probe-fixes';
import type { Rule } from '../../types';

export const livenessShortBudgetNoStartup: Rule = {
  id: 'probe/liveness-short-budget-no-startup',
  defaultSeverity: 'info',
  title: 'Liveness probe that allows little time to start, with no startupProbe',
  help:
    'Without a startupProbe, liveness starts checking `initialDelaySeconds` after the container starts and ' +
    'restarts it after `failureThreshold × periodSeconds` of failures. If that budget is short (below ' +
    '`minLivenessBudgetSeconds`, default 30 s), a slow start (cold caches, migrations, a busy node) becomes a ' +
    'restart loop. The docs: "protect slow starting containers with startup probes".',
  checkHandler(h, ctx) {
    if (h.site !== 'livenessProbe' || !runsHandlers(h.container) || timingUnusable(h)) return;
    if (handlerAt(h.container, 'startupProbe')) return;
    const t = timing(h);
    const budget = t.initialDelaySeconds + failureWindow(t);
    const minimum = ctx.options.minLivenessBudgetSeconds;
    if (budget >= minimum) return;
    const fix = startupProbeFix(h, ctx);
    ctx.report({
      message: `Liveness probe restarts the container unless it is healthy within initialDelaySeconds ${t.initialDelaySeconds} + failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds} = ${budget} s of starting (less than ${minimum} s), and there is no startupProbe: a slow start becomes a restart loop. Add a startupProbe.`,
      span: h.keySpan,
      fixes: fix ? [{ ...fix, preferred: true }] : [],
    });
  },
};
