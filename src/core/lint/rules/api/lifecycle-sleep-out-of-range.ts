import { DEFAULT_TERMINATION_GRACE_PERIOD } from '../../../k8s';
import type { Rule } from '../../types';
import { onSince } from '../../../feature-gates';
import { apiError, fieldPath, gateOnFor, handlerLabel, handlerObject, validatedHandler } from './validation';

export const lifecycleSleepOutOfRange: Rule = {
  id: 'api/lifecycle-sleep-out-of-range',
  defaultSeverity: 'error',
  title: 'Lifecycle sleep longer than the grace period, or negative',
  help:
    "`sleep.seconds` of a `postStart`/`preStop` hook must not exceed the pod's " +
    '`terminationGracePeriodSeconds` (30 when unset) and must not be negative (validateSleepAction). A ' +
    'sleep of 0 (or no `seconds`) is accepted from Kubernetes 1.33 (gate PodLifecycleSleepActionAllowZero) ' +
    'and rejected before; that case follows the `kubernetesVersion` option.',
  checkHandler(h, ctx) {
    // A `sleep` the configured version drops is not in the view (api-view.ts): api/probe-no-handler reports the empty hook.
    if (validatedHandler(h) !== 'sleep') return;
    const sleep = handlerObject(h, 'sleep');
    const seconds = sleep?.seconds ?? 0;
    if (!sleep || typeof seconds !== 'number' || !Number.isInteger(seconds)) return;
    const pod = h.container.workload.podSpec.terminationGracePeriodSeconds;
    const grace = pod === undefined || pod === null ? DEFAULT_TERMINATION_GRACE_PERIOD : pod;
    // A grace period that does not decode is schema/wrong-type's. A negative one is accepted for the pod
    // (warnings.go only warns: "treated as 1"), but validateSleepAction still compares the sleep with the
    // negative number itself (`seconds > *gracePeriod`), so every sleep hook is rejected then.
    if (typeof grace !== 'number' || !Number.isInteger(grace)) return;
    const allowZero = gateOnFor(ctx, 'PodLifecycleSleepActionAllowZero');
    if (seconds <= grace && (seconds > 0 || (seconds === 0 && allowZero))) return;
    const path = [...h.path, 'sleep'];
    const detail = allowZero
      ? `must be non-negative and less than terminationGracePeriodSeconds (${grace})`
      : `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`;
    const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', seconds, detail);
    const graceText =
      pod === undefined || pod === null
        ? `${grace}, the default`
        : grace < 0
          ? `${grace}: negative, which the API server accepts for the pod and treats as 1 when it stops it, but compares sleeps against as written`
          : `${grace}`;
    const what =
      seconds > grace
        ? `sleeps ${seconds} s, longer than the pod's terminationGracePeriodSeconds (${graceText})`
        : seconds < 0
          ? `sleeps ${seconds} s`
          : `sleeps 0 s, which the API server accepts only from Kubernetes 1.${onSince('PodLifecycleSleepActionAllowZero')} on (assumed: ${ctx.options.kubernetesVersion})`;
    const todo = seconds > grace ? 'Shorten the sleep or raise terminationGracePeriodSeconds.' : 'Use a positive number of seconds.';
    ctx.report({
      message: `${handlerLabel(h)} ${what}: the API server rejects it ("${error}"). ${todo}`,
      span: sleep.seconds === undefined || sleep.seconds === null ? ctx.spanAt(path, 'key') : ctx.spanAt([...path, 'seconds']),
      versionDependent: seconds === 0,
    });
  },
};
