import { PROBE_LABEL } from '../../../k8s';
import { runsHandlers, timing, timingUnusable, writtenNumber } from '../../probe-facts';
import { setScalar } from '../../probe-fixes';
import type { Fix, Rule } from '../../types';

export const timeoutGePeriod: Rule = {
  id: 'probe/timeout-ge-period',
  defaultSeverity: 'warning',
  title: 'Probe timeoutSeconds not below periodSeconds',
  help:
    'A check may take up to `timeoutSeconds`; the kubelet never overlaps the checks of one probe, so when ' +
    'a check outlasts `periodSeconds` ticks are dropped and the probe runs less often than its period says ' +
    '(kubelet worker, §7.2). Defaults apply: timeoutSeconds 1, periodSeconds 10. Load balancers such as ' +
    "GCP's reject a timeout ≥ interval for the same reason.",
  checkHandler(h, ctx) {
    if (!h.isProbe || !runsHandlers(h.container) || timingUnusable(h)) return;
    const t = timing(h);
    if (t.timeoutSeconds < t.periodSeconds) return;
    const shown = (f: 'timeoutSeconds' | 'periodSeconds') => `${f} ${t[f]}${writtenNumber(h, f) ? '' : ' (default)'}`;
    const field = writtenNumber(h, 'timeoutSeconds') ? 'timeoutSeconds' : writtenNumber(h, 'periodSeconds') ? 'periodSeconds' : undefined;
    const fixes: Fix[] = [];
    const lower = t.periodSeconds >= 2 ? setScalar(ctx, [...h.path, 'timeoutSeconds'], t.periodSeconds - 1) : undefined;
    if (lower) fixes.push({ title: `Set timeoutSeconds to ${t.periodSeconds - 1}`, edits: [lower] });
    const raise = setScalar(ctx, [...h.path, 'periodSeconds'], t.timeoutSeconds + 1);
    if (raise) fixes.push({ title: `Set periodSeconds to ${t.timeoutSeconds + 1}`, edits: [raise] });
    ctx.report({
      message: `${PROBE_LABEL[h.site]} probe ${shown('timeoutSeconds')} ≥ ${shown('periodSeconds')}: checks never overlap, so a slow check delays the next one and the probe runs less often than every ${t.periodSeconds} s. Set timeoutSeconds below periodSeconds.`,
      span: field ? ctx.spanAt([...h.path, field]) : h.keySpan,
      fixes,
    });
  },
};
