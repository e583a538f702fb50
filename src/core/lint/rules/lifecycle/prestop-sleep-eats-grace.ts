import { DEFAULT_TERMINATION_GRACE_PERIOD } from '../../../k8s';
import { isTemplated } from '../../../manifest/split';
import { runsHandlers } from '../../probe-facts';
import { setScalar } from '../../probe-fixes';
import type { Fix, Rule } from '../../types';

/** Seconds left for SIGTERM handling by the grace-period fix. */
const SHUTDOWN_SECONDS = 30;

export const prestopSleepEatsGrace: Rule = {
  id: 'lifecycle/prestop-sleep-eats-grace',
  defaultSeverity: 'warning',
  title: 'preStop sleep as long as the termination grace period',
  help:
    'The preStop hook runs inside `terminationGracePeriodSeconds` (default 30); SIGTERM is sent only after it ' +
    'returns. A `sleep` equal to the grace period leaves the app no time to shut down before SIGKILL (the ' +
    'kubelet grants a last 2 s). The API server accepts `seconds` equal to the grace period; a longer sleep it ' +
    'also rejects (api/lifecycle-sleep-out-of-range), and this rule reports it too (catalog: seconds ≥ grace period).',
  checkHandler(h, ctx) {
    if (h.site !== 'preStop' || h.handlerTypes[0] !== 'sleep' || !runsHandlers(h.container)) return;
    const seconds = (h.spec as { sleep?: { seconds?: unknown } }).sleep?.seconds;
    const pod = h.container.workload.podSpec;
    const written = pod.terminationGracePeriodSeconds;
    if (typeof seconds !== 'number' || isTemplated(written)) return;
    const grace = typeof written === 'number' ? written : DEFAULT_TERMINATION_GRACE_PERIOD;
    if (seconds < grace || grace <= 0) return;
    const fixes: Fix[] = [];
    const gracePath = [...h.container.workload.podSpecPath, 'terminationGracePeriodSeconds'];
    const raise = setScalar(ctx, gracePath, seconds + SHUTDOWN_SECONDS);
    if (raise) fixes.push({ title: `Set terminationGracePeriodSeconds to ${seconds + SHUTDOWN_SECONDS} (${seconds} s sleep + ${SHUTDOWN_SECONDS} s to shut down)`, edits: [raise] });
    const half = Math.floor(grace / 2);
    const lower = half >= 1 ? setScalar(ctx, [...h.path, 'sleep', 'seconds'], half) : undefined;
    if (lower) fixes.push({ title: `Sleep ${half} s (half of the ${grace} s grace period)`, edits: [lower] });
    const graceText = `terminationGracePeriodSeconds ${grace}${typeof written === 'number' ? '' : ' (default)'}`;
    ctx.report({
      message:
        seconds === grace
          ? `preStop sleeps ${seconds} s, the whole ${graceText}: SIGTERM comes only when the grace period is used up, so the app has about 2 s to shut down before SIGKILL. Sleep less or raise the grace period.`
          : `preStop sleeps ${seconds} s, longer than the whole ${graceText} (the API server rejects it): no time is left for SIGTERM handling before SIGKILL. Sleep less or raise the grace period.`,
      span: ctx.spanAt([...h.path, 'sleep', 'seconds']),
      fixes,
    });
  },
};
