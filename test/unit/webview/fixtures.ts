// Timeline fixtures made by the real simulator (src/core/lifecycle/simulate through the panel's
// adapter), never written by hand: the slow-start story (an app that needs 90 s, a liveness probe
// that gives it 30-40 s: killed over and over, CrashLoopBackOff), the same app with a startup
// probe, and a pod whose names are HTML.
import type { PodSpec } from '../../../src/core/k8s';
import type { PodMeta, ScenarioInput, SimResult, Verdict } from '../../../src/core/timeline/protocol';
import { runSimulation } from '../../../src/extension/timeline-sim';

export const SLOW_SPEC: PodSpec = {
  containers: [
    {
      name: 'app',
      image: 'registry.example/shop/web:1.4.2',
      ports: [{ name: 'http', containerPort: 8080 }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
      readinessProbe: { httpGet: { path: '/ready', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 5 },
    },
  ],
};

export const FIXED_SPEC: PodSpec = {
  containers: [
    {
      ...SLOW_SPEC.containers![0]!,
      startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 30 },
    },
  ],
};

export const META: PodMeta = { name: 'web-7d4b9c6f5-x2x9q', namespace: 'shop', workloadKind: 'Deployment', workloadName: 'web' };

/** The app needs 90 s before its endpoints answer. */
export const SLOW_SCENARIO: ScenarioInput = { until: 600, containers: { app: { runs: [{ healthyAfter: 90 }] } } };

export type Simulated = { result: SimResult; verdicts: Verdict[] };

export function simulated(spec: PodSpec, scenario: ScenarioInput, meta: PodMeta = META): Promise<Simulated> {
  return runSimulation({}, spec, meta, scenario);
}

/** Slow start without a startup probe: liveness kills at 30, 60, 90, 120 s, then CrashLoopBackOff. */
export const slowStart = (until = 600) => simulated(SLOW_SPEC, { ...SLOW_SCENARIO, until });
/** The same app with a startup probe (period 10 × 30): started and Ready at 90 s, never killed. */
export const fixedStart = (until = 300) => simulated(FIXED_SPEC, { ...SLOW_SCENARIO, until });

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** A container whose name and image are HTML: they must show as text everywhere. */
export async function hostileStory(): Promise<{ spec: PodSpec; meta: PodMeta } & Simulated> {
  const spec: PodSpec = { containers: [{ name: `app${HOSTILE}`, image: HOSTILE, livenessProbe: { exec: { command: ['true'] } } }] };
  const meta: PodMeta = { name: `pod-${HOSTILE}`, namespace: HOSTILE, workloadName: HOSTILE };
  const sim = await simulated(spec, { until: 30, containers: { [`app${HOSTILE}`]: { runs: [{ exitAfter: 9, exitCode: 2 }] } } }, meta);
  return { spec, meta, ...sim };
}
