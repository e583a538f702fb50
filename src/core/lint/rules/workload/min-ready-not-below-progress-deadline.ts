// workload/min-ready-not-below-progress-deadline: progressDeadlineSeconds must exceed minReadySeconds.
import type { Rule } from '../../types';
import { DEFAULT_PROGRESS_DEADLINE, objectPath, specOf, writtenSeconds } from './facts';

export const minReadyNotBelowProgressDeadline: Rule = {
  id: 'workload/min-ready-not-below-progress-deadline',
  defaultSeverity: 'error',
  title: 'Deployment minReadySeconds not below progressDeadlineSeconds',
  help:
    'The API server rejects a Deployment whose progressDeadlineSeconds is not greater than minReadySeconds ' +
    '(validation.go, ValidateDeploymentSpec; progressDeadlineSeconds defaults to 600 in apps/v1): every new pod ' +
    'would have to stay Ready longer than the deadline allows before it counts as available, so every rollout ' +
    'would be marked ProgressDeadlineExceeded.',
  checkWorkload(w, ctx) {
    if (w.kind !== 'Deployment') return;
    const spec = specOf(w);
    const minReady = writtenSeconds(spec.minReadySeconds);
    if (minReady === undefined || minReady <= 0) return;
    const written = spec.progressDeadlineSeconds;
    const deadline = written === undefined ? DEFAULT_PROGRESS_DEADLINE : writtenSeconds(written);
    if (deadline === undefined || deadline > minReady) return;
    const path = [...objectPath(w), 'spec'];
    ctx.report({
      message: `progressDeadlineSeconds (${deadline}${written === undefined ? ', the default' : ''}) must be greater than minReadySeconds (${minReady}) — the API server rejects it.`,
      span: ctx.spanAt([...path, 'minReadySeconds'], 'value'),
    });
  },
};
