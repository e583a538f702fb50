import type { HandlerModel } from '../../../manifest/model';
import { containerLabel, failureWindow, handlerAt, isBatch, isHelmHook, runsHandlers, timing } from '../../probe-facts';
import { copiedTiming, handlerLines } from '../../probe-fixes';
import type { Fix, Rule, RuleContext } from '../../types';

export const missingLiveness: Rule = {
  id: 'probe/missing-liveness',
  defaultSeverity: 'info',
  title: 'Container without a livenessProbe',
  help:
    'Without a liveness probe the kubelet restarts a container only when its process exits, not when it ' +
    'hangs. A missing liveness probe is safer than a wrong one (kube-score, Kubernetes docs), hence info. ' +
    'Same scope as probe/missing-readiness: regular containers and sidecars, not Job/CronJob pods.',
  checkContainer(c, ctx) {
    if (!runsHandlers(c) || isBatch(c.workload) || isHelmHook(c.workload) || handlerAt(c, 'livenessProbe')) return;
    const readiness = handlerAt(c, 'readinessProbe');
    const fix = readiness && livenessFromReadiness(readiness, ctx);
    ctx.report({
      message: `${containerLabel(c, true)} has no livenessProbe: the kubelet restarts it when it exits, not when it hangs. Add one if a restart fixes the hangs your app can get into.`,
      span: c.span,
      fixes: fix ? [fix] : [],
    });
  },
};

/**
 * The docs' pattern: the readiness handler with a higher failureThreshold, so readiness takes the pod out
 * of the Service first; the budget also covers the minimum start time when there is no startupProbe.
 */
function livenessFromReadiness(readiness: HandlerModel, ctx: RuleContext): Fix | undefined {
  const handler = handlerLines(readiness, ctx);
  if (!handler) return undefined;
  const t = timing(readiness);
  const hasStartup = handlerAt(readiness.container, 'startupProbe') !== undefined;
  const minimum = hasStartup ? 0 : Math.ceil((ctx.options.minLivenessBudgetSeconds - t.initialDelaySeconds) / t.periodSeconds);
  const failures = Math.max(2 * t.failureThreshold, minimum);
  const lines = [
    'livenessProbe:',
    ...handler.map((l) => '  ' + l),
    ...copiedTiming(readiness, ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']),
    `  failureThreshold: ${failures}`,
  ];
  const edit = ctx.edit.insertIntoMap(readiness.container.path, lines);
  if (!edit) return undefined;
  return {
    title: `Add a livenessProbe with the readiness handler, restarting after ${failures} × ${t.periodSeconds} s = ${failures * t.periodSeconds} s (readiness removes it after ${failureWindow(t)} s)`,
    edits: [edit],
  };
}
