// workload/no-prestop-behind-service: a Service-backed container that stops serving before load
// balancers have dropped its endpoint.
import { preStopDuration } from '../../../lifecycle/simulate';
import type { Rule } from '../../types';
import { selectingService } from '../probe/missing-readiness';
import { DEFAULT_ENDPOINT_PROPAGATION_SECONDS } from '../../../workload/defaults';

const BATCH = new Set(['Job', 'CronJob']);

export const noPrestopBehindService: Rule = {
  id: 'workload/no-prestop-behind-service',
  defaultSeverity: 'info',
  title: 'Service-backed container without a preStop delay',
  help:
    'When a pod is deleted (a rollout, a scale-down, a drain) its endpoint turns terminating at once, but ' +
    'kube-proxy, ingress controllers and cloud load balancers drop it only a moment later. The kubelet runs the ' +
    'preStop hook and then sends SIGTERM; an app that stops accepting connections on SIGTERM refuses the ' +
    `requests still routed to it in between. A preStop sleep of a few seconds (at least the propagation delay, ` +
    `assumed ${DEFAULT_ENDPOINT_PROPAGATION_SECONDS} s) keeps it serving until it is out of rotation. ` +
    'Apps that keep serving for a while after SIGTERM do not need it. See docs/workloads.md.',
  checkContainer(c, ctx) {
    if (c.kind !== 'container' || BATCH.has(c.workload.kind)) return;
    if (!Array.isArray(c.spec.ports) || c.spec.ports.length === 0) return;
    const service = selectingService(c.workload, ctx.file);
    if (!service) return;
    const seconds = preStopDuration(c.spec.lifecycle?.preStop);
    if (seconds !== undefined && seconds >= DEFAULT_ENDPOINT_PROPAGATION_SECONDS) return;
    const what = seconds === undefined ? 'has no preStop hook' : `has a preStop hook that waits only ${seconds} s`;
    ctx.report({
      message: `Container "${c.name ?? `#${c.index}`}" behind Service "${service}" ${what}: on deletion SIGTERM comes before load balancers drop its endpoint (about ${DEFAULT_ENDPOINT_PROPAGATION_SECONDS} s), so clients may see refused connections during rollouts. Add a preStop sleep of a few seconds, unless the app keeps serving after SIGTERM.`,
      span: c.span,
    });
  },
};
