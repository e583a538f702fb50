import type { ContainerModel } from '../../../manifest/model';
import { describeHandler } from '../../describe';
import { failureWindow, handlerAt, isBatch, runsHandlers, sameCheck, timing, timingUnusable, windowText } from '../../probe-facts';
import { livenessThresholdFix } from '../../probe-fixes';
import type { Rule, RuleContext } from '../../types';

export const identicalLivenessReadiness: Rule = {
  id: 'probe/identical-liveness-readiness',
  defaultSeverity: 'warning',
  title: 'Liveness and readiness probes that run the same check with no extra tolerance for liveness',
  help:
    'When liveness and readiness run the same check and liveness gives up no later than readiness, a failing ' +
    'endpoint gets the container restarted instead of only taken out of the Service. The Kubernetes docs ' +
    'pattern is the same cheap endpoint with a higher liveness `failureThreshold`. Option ' +
    '`identicalProbesStrict` uses kube-score\'s test (`pod-probes-identical`): same httpGet path and ' +
    'numeric port, same tcpSocket port or same exec command, timings ignored, first container of a pod only.',
  checkContainer(c, ctx) {
    if (ctx.options.identicalProbesStrict) return checkStrict(c, ctx);
    const liveness = handlerAt(c, 'livenessProbe');
    const readiness = handlerAt(c, 'readinessProbe');
    if (!liveness || !readiness || !runsHandlers(c) || !sameCheck(liveness, readiness)) return;
    if (timingUnusable(liveness) || timingUnusable(readiness)) return;
    const [l, r] = [timing(liveness), timing(readiness)];
    if (failureWindow(l) > failureWindow(r)) return;
    const fix = livenessThresholdFix(liveness, failureWindow(r), ctx);
    ctx.report({
      message: `Liveness and readiness probes run the same check and liveness gives up no later than readiness, so a failing check restarts the container instead of only taking it out of the Service (check: ${describeHandler(liveness)}; liveness ${windowText(l)}; readiness ${windowText(r)}). Give liveness a higher failureThreshold or a cheaper check.`,
      span: liveness.keySpan,
      fixes: fix ? [fix] : [],
    });
  },
};

/** kube-score: Job/CronJob skipped; init and regular containers in that order; one finding per pod. */
function checkStrict(c: ContainerModel, ctx: RuleContext): void {
  const w = c.workload;
  if (isBatch(w) || c.kind === 'ephemeralContainer') return;
  const first = w.containers.find((x) => x.kind !== 'ephemeralContainer' && identicalByKubeScore(x));
  if (first !== c) return;
  ctx.report({
    message: `Liveness and readiness probes are identical by kube-score's test (same httpGet path and port, tcpSocket port or exec command): a failing check restarts the container instead of only taking it out of the Service. Use a different check for liveness.`,
    span: (handlerAt(c, 'livenessProbe') ?? c).span,
  });
}

/** kube-score `areProbesIdentical` (probes.go); a nil pointer in Go is a missing or null field here. */
function identicalByKubeScore(c: ContainerModel): boolean {
  const r = c.spec.readinessProbe;
  const l = c.spec.livenessProbe;
  if (!r || !l || typeof r !== 'object' || typeof l !== 'object') return false;
  const [rh, lh] = [r.httpGet, l.httpGet];
  if (rh && lh) return (rh.path ?? '') === (lh.path ?? '') && intValue(rh.port) === intValue(lh.port);
  const [rt, lt] = [r.tcpSocket, l.tcpSocket];
  if (rt && lt) return rt.port === lt.port;
  const [a, b] = [r.exec?.command ?? [], l.exec?.command ?? []];
  return !!r.exec && !!l.exec && a.length === b.length && a.every((x, i) => String(x) === String(b[i]));
}

/** apimachinery intstr.IntValue: a string is parsed as an integer, 0 when it is not one (named ports are all 0). */
function intValue(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}
