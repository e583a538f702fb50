// Pod simulator benchmark: `node --import tsx bench/simulate.ts`.
// One simulated hour of a 10-container pod, every container with a startup (2 s), readiness (5 s)
// and liveness (10 s) probe, and a scenario that keeps the kubelet busy: a slow starter killed by
// its liveness probe into CrashLoopBackOff, readiness that flaps, an OOM every few minutes, image
// pull delays, the rest healthy. Goal: < 50 ms per simulated hour.
// Baselines, measured in the same run and printed as ratios:
//   A. the same pod and scenario with the probes removed (the state machine without workers);
//   B. JSON.stringify of the result (the cost of merely handing the result to the webview).
// Median of RUNS after WARMUP; figures are printed, never checked.
import { performance } from 'node:perf_hooks';
import type { Container, PodSpec } from '../src/core/k8s';
import { validateScenario, type Scenario } from '../src/core/lifecycle/scenario';
import { simulate } from '../src/core/lifecycle/simulate';
import type { SimResult } from '../src/core/lifecycle/types';
import { median, timeRuns } from './util';

const RUNS = 41;
const WARMUP = 5;
const CONTAINERS = 10;

function container(i: number, probes: boolean): Container {
  const c: Container = { name: `c${i}`, image: `registry.example/c${i}:1` };
  if (!probes) return c;
  return {
    ...c,
    startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 2, failureThreshold: i === 0 ? 5 : 60 },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, failureThreshold: 2 },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 3 },
  };
}

function pod(probes: boolean): PodSpec {
  return { containers: Array.from({ length: CONTAINERS }, (_, i) => container(i, probes)) };
}

const scenario: Scenario = validateScenario({
  until: 3600,
  containers: {
    c0: { runs: [{ healthyAfter: 60 }] }, // startup budget 10 s: killed until CrashLoopBackOff
    c1: { pullSeconds: 4, runs: [{ healthyAfter: 5, unhealthyAfter: 120 }] }, // hangs after 2 min, restarted
    c2: { runs: [{ exitAfter: 300, oomKilled: true }] }, // OOM every 5 min
    c3: { runs: [{ healthyAfter: 20, exitAfter: 900, exitCode: 1 }] }, // crashes every 15 min
    c4: { pullSeconds: 12 },
  },
});

const time = (fn: () => unknown): number[] => timeRuns(RUNS, fn, { warmup: WARMUP });

const withProbes = pod(true);
const withoutProbes = pod(false);
let last: SimResult | undefined;
const sim = time(() => { last = simulate({ spec: withProbes, name: 'bench', scenario }); });
const noProbes = time(() => simulate({ spec: withoutProbes, name: 'bench', scenario }));
const result = last!;
const json = time(() => JSON.stringify(result));

const ms = (x: number) => `${x.toFixed(2)} ms`;
const m = median(sim);
console.log(`simulate: 1 simulated hour, ${CONTAINERS} containers × 3 probes (median of ${RUNS})`);
console.log(`  result: ${result.events.length} events, ${result.attempts.length} probe attempts, ${result.kubeletEvents.length} kubelet events`);
console.log(`  simulate            ${ms(m)}   (goal < 50 ms: ${m < 50 ? 'met' : 'NOT met'})`);
console.log(`  A. without probes   ${ms(median(noProbes))}   ratio ${(m / median(noProbes)).toFixed(1)}×`);
console.log(`  B. JSON.stringify   ${ms(median(json))}   ratio ${(m / median(json)).toFixed(1)}×`);
console.log(`  per simulated hour per container: ${ms(m / CONTAINERS)}; min ${ms(Math.min(...sim))}, max ${ms(Math.max(...sim))}`);
