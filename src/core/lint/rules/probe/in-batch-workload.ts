import { isBatch } from '../../probe-facts';
import type { Rule } from '../../types';

const EFFECT = {
  livenessProbe: 'a liveness failure kills the container; under the Job\'s restartPolicy (Never or OnFailure) that fails the pod or restarts it, counting against backoffLimit',
  readinessProbe: 'readiness has no effect on a Job: completion depends on exit codes, and Job pods are rarely behind a Service',
  startupProbe: 'a startup failure kills the container; under the Job\'s restartPolicy that fails the pod or restarts it, counting against backoffLimit',
} as const;

export const inBatchWorkload: Rule = {
  id: 'probe/in-batch-workload',
  defaultSeverity: 'info',
  title: 'Probe in a Job or CronJob pod',
  help:
    'Every presence linter (Polaris, Checkov, kube-score, Popeye) exempts Job and CronJob pods: a batch pod ' +
    'runs to completion. A readiness probe does not affect completion; a liveness or startup failure kills ' +
    'the container, and the Job\'s restartPolicy (Never or OnFailure) decides whether the pod fails. Sidecar ' +
    'containers are not reported: probing a long-running sidecar in a Job is normal.',
  checkHandler(h, ctx) {
    if (!h.isProbe || h.container.kind !== 'container' || !isBatch(h.container.workload)) return;
    const site = h.site as keyof typeof EFFECT;
    ctx.report({
      message: `${h.container.workload.kind} pod has a ${site}: ${EFFECT[site]}. Keep it only if that is what you want.`,
      span: h.keySpan,
    });
  },
};
