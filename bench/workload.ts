// Workload simulator benchmark: `node --import tsx bench/workload.ts`.
// A 100-replica Deployment with startup, readiness and liveness probes rolls out a new revision
// (slow to start) at 60 s; one simulated hour. Goal (issue: workload transitions): < 200 ms.
// Baseline, measured in the same run and printed as a ratio: the single-pod simulator run 200 times
// over the same pod spec and hour (the floor: every pod of the rollout must be simulated once).
// Median of RUNS after WARMUP; figures are printed, never checked.
import { performance } from 'node:perf_hooks';
import type { PodSpec } from '../src/core/k8s';
import { validateScenario } from '../src/core/lifecycle/scenario';
import { simulate } from '../src/core/lifecycle/simulate';
import { simulateDeployment, validateWorkloadScenario, type WorkloadResult } from '../src/core/workload';
import { median, timeRuns } from './util';

const RUNS = 9;
const WARMUP = 2;
const REPLICAS = 100;

const podSpec: PodSpec = {
  containers: [{
    name: 'app',
    image: 'registry.example/app:2',
    startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 2, failureThreshold: 30 },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
    lifecycle: { preStop: { sleep: { seconds: 5 } } },
  }],
};
const scenario = validateWorkloadScenario({
  until: 3600,
  rollout: { at: 60, old: { containers: { app: { runs: [{ healthyAfter: 5 }] } } } },
  containers: { app: { runs: [{ healthyAfter: 25 }] } },
  endpoints: { propagationSeconds: 2 },
});
const podScenario = validateScenario({ until: 3600, containers: { app: { runs: [{ healthyAfter: 25 }] } } });

const time = (fn: () => unknown): number[] => timeRuns(RUNS, fn, { warmup: WARMUP });

let last: WorkloadResult | undefined;
const rollout = median(time(() => {
  last = simulateDeployment({ kind: 'Deployment', name: 'web', spec: { replicas: REPLICAS }, podSpec, scenario });
}));
const pods = last!.pods.length;
const baseline = median(time(() => {
  for (let i = 0; i < pods; i++) simulate({ spec: podSpec, name: `p${i}`, scenario: podScenario });
}));
const events = last!.events.length + last!.pods.reduce((s, p) => s + p.events.length, 0);
console.log(`100-replica rollout, one simulated hour: ${rollout.toFixed(1)} ms (goal < 200 ms); ${pods} pods, ${events} events; ${last!.verdicts[0].text}`);
console.log(`baseline: ${pods} single-pod simulations of the same hour: ${baseline.toFixed(1)} ms`);
console.log(`ratio rollout / baseline: ${(rollout / baseline).toFixed(2)}×`);
