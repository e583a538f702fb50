import { restartAfterProbeKill } from '../../../lifecycle/restart';
import { isTemplated } from '../../../manifest/split';
import { handlerAt, isBatch } from '../../probe-facts';
import { gateOnFor } from '../api/validation';
import type { Rule } from '../../types';

export const livenessWithRestartNever: Rule = {
  id: 'probe/liveness-with-restart-never',
  defaultSeverity: 'info',
  title: 'Liveness probe in a pod or container that is never restarted',
  help:
    'When a liveness probe fails the kubelet kills the container and restarts it only if the restart policy ' +
    'allows (§8.2, §9.1). With `restartPolicy: Never` (on the pod, or on the container with the ' +
    'ContainerRestartRules gate, on by default from Kubernetes 1.35) the container stays dead and the pod ends ' +
    'Failed. Job/CronJob pods are reported by probe/in-batch-workload instead.',
  checkHandler(h, ctx) {
    const c = h.container;
    if (h.site !== 'livenessProbe' || c.kind !== 'container' || isBatch(c.workload) || !handlerAt(c, 'livenessProbe')) return;
    const pod = c.workload.podSpec;
    if (isTemplated(pod.restartPolicy) || isTemplated(c.spec.restartPolicy)) return;
    const gate = gateOnFor(ctx, 'ContainerRestartRules');
    if (restartAfterProbeKill(c.spec, pod, gate)) return;
    const byContainer = gate && c.spec.restartPolicy === 'Never';
    const where = byContainer ? 'the container has restartPolicy: Never' : 'the pod has restartPolicy: Never';
    ctx.report({
      message: `Liveness probe, but ${where}: a liveness failure kills the container for good and the pod ends Failed. Remove the probe, or allow restarts.`,
      span: h.keySpan,
      versionDependent: byContainer,
    });
  },
};
