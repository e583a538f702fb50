// Deployment rollouts, scaling, deletions and endpoints played forward over real pod simulations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/manifest';
import { simulateDeployment, validateWorkloadScenario, type WorkloadResult } from '../../../src/core/workload';
import { ScenarioError } from '../../../src/core/lifecycle/scenario';

function deployment(extra = '', podExtra = '', replicas = 4): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
${extra}  template:
    spec:
${podExtra}      containers:
        - name: app
          image: web
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 5
`;
}

function run(manifest: string, scenario: unknown): WorkloadResult {
  const w = parseManifest(manifest, 'web.yaml').workloads[0];
  return simulateDeployment({ kind: w.kind, name: w.name!, spec: (w.object as { spec: Record<string, unknown> }).spec, podSpec: w.podSpec, scenario: validateWorkloadScenario(scenario) });
}

const rollout = (newRun: Record<string, unknown>, at = 60, until = 400) => ({
  until,
  rollout: { at, old: { containers: { app: { runs: [{ healthyAfter: 5 }] } } } },
  containers: { app: { runs: [newRun] } },
});

const rsSteps = (r: WorkloadResult) => r.events.filter((e) => e.subject.startsWith('rs:') && e.field === 'replicas').map((e) => `${e.t} ${e.subject.slice(3)} ${e.to}`);
const cond = (r: WorkloadResult, type: string) => r.events.filter((e) => e.subject === 'deployment' && e.field === `condition:${type}`).map((e) => `${e.t} ${e.to} ${e.reason}`);

test('rolling.go rolloutRolling: 4 replicas, 25 % surge and unavailable — one new pod, one old down, then two by two as new pods are available', () => {
  const r = run(deployment(), rollout({ healthyAfter: 30 }));
  assert.deepEqual(rsSteps(r), [
    '0 web-old 4',
    '60 web-new 1', '60 web-old 3', '60 web-new 2',
    '90 web-old 1', '90 web-new 4',
    '120 web-old 0',
  ]);
  assert.deepEqual(cond(r, 'Progressing'), ['0 True NewReplicaSetCreated', '5 True NewReplicaSetAvailable', '60 True NewReplicaSetCreated', '90 True ReplicaSetUpdated', '120 True NewReplicaSetAvailable']);
  assert.equal(r.verdicts[0].text, 'The rollout completes at 120 s (60 s after it started), never below 3 of 4 ready.');
  assert.deepEqual(r.final, { replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 0, conditions: { Available: { status: 'True', reason: 'MinimumReplicasAvailable' }, Progressing: { status: 'True', reason: 'NewReplicaSetAvailable' } } });
});

test('progress.go DeploymentTimedOut: new pods that never get Ready → ProgressDeadlineExceeded progressDeadlineSeconds after the last progress; old pods keep serving', () => {
  const r = run(deployment('  progressDeadlineSeconds: 120\n'), rollout({ healthyAfter: 5, exitAfter: 3, exitCode: 1 }, 60, 400));
  const stuck = cond(r, 'Progressing').find((c) => c.includes('ProgressDeadlineExceeded'));
  assert.equal(stuck, '180 False ProgressDeadlineExceeded');
  assert.equal(r.verdicts[0].kind, 'rollout-stuck');
  assert.match(r.verdicts[0].text, /^ProgressDeadlineExceeded at 180 s: the new pods never became available/);
  assert.equal(r.final.readyReplicas, 3, 'maxUnavailable 1: three old pods stay');
  assert.equal(r.final.updatedReplicas, 2);
});

test('graceful shutdown: without preStop the app stops before its endpoint leaves rotation; a preStop sleep longer than the propagation delay closes the gap', () => {
  const bare = run(deployment(), { ...rollout({ healthyAfter: 10 }), endpoints: { propagationSeconds: 2 } });
  const losses = bare.trafficLoss.filter((l) => l.kind === 'not-accepting');
  assert.equal(losses.length, 4, 'one window per old pod');
  for (const l of losses) assert.equal(Math.round((l.to - l.from) * 1000) / 1000, 2);
  assert.match(bare.verdicts.find((v) => v.kind === 'traffic-loss')!.text, /^Clients see refused connections for up to 2 s per pod \(4 pods\): the app stops accepting connections before its endpoint is out of rotation — a preStop sleep longer than the endpoint propagation delay \(2 s\) closes the gap\.$/);
  const withPreStop = run(deployment('', ''.padEnd(0)).replace('          readinessProbe:', '          lifecycle: { preStop: { sleep: { seconds: 5 } } }\n          readinessProbe:'), { ...rollout({ healthyAfter: 10 }), endpoints: { propagationSeconds: 2 } });
  assert.deepEqual(withPreStop.trafficLoss, []);
  assert.equal(withPreStop.verdicts.find((v) => v.kind === 'traffic-loss'), undefined);
});

test('recreate.go rolloutRecreate: old pods all stop first, then the new ones start — no endpoint meanwhile', () => {
  const r = run(deployment('  strategy: { type: Recreate }\n'), rollout({ healthyAfter: 20 }));
  assert.deepEqual(rsSteps(r), ['0 web-old 4', '60 web-old 0', '60 web-new 4']);
  const gap = r.trafficLoss.find((l) => l.kind === 'no-endpoints');
  assert.deepEqual(gap && [gap.from, gap.to], [62, 82]); // out of rotation 2 s (the default propagation) after each change
  assert.ok(r.verdicts.some((v) => v.kind === 'no-endpoints' && v.text === 'No endpoint is ready from 62 s to 82 s: every request fails.'));
});

test('minReadySeconds: pods count as available only after being Ready that long, which paces the rollout', () => {
  const r = run(deployment('  minReadySeconds: 20\n'), rollout({ healthyAfter: 10 }, 60, 600));
  // Old pods: Ready at 5, available at 25. New pods: Ready at 70, available at 90 → the next step.
  assert.deepEqual(rsSteps(r).slice(0, 4), ['0 web-old 4', '60 web-new 1', '60 web-old 3', '60 web-new 2']);
  assert.deepEqual(rsSteps(r).slice(4, 6), ['90 web-old 1', '90 web-new 4']);
  assert.equal(r.events.find((e) => e.subject === 'deployment' && e.field === 'availableReplicas' && e.to === '4')?.t, 25);
});

test('replica_set.go: a deleted pod is replaced at once; scale up and down follow spec.replicas', () => {
  const r = run(deployment('', '', 2), { until: 200, containers: { app: { runs: [{ healthyAfter: 5 }] } }, deletePods: [{ at: 50, pod: 'web-current-1' }], scale: [{ at: 100, replicas: 3 }, { at: 150, replicas: 1 }] });
  const names = r.pods.map((p) => `${p.name}@${p.createdAt}${p.deletedAt !== undefined ? `-${p.deletedAt}` : ''}`);
  // Scaling down deletes the pods Ready for the shortest time (the newest) first: controller.ActivePods.
  assert.deepEqual(names, ['web-current-1@0-50', 'web-current-2@0', 'web-current-3@50-150', 'web-current-4@100-150']);
  assert.equal(r.final.replicas, 1);
});

test('workload scenarios are checked: unknown keys, bad counts, actions after until', () => {
  assert.throws(() => validateWorkloadScenario({ until: 100, rollout: { at: 200 }, scale: [{ at: 5 }], surprise: 1 }), (e: Error) =>
    e instanceof ScenarioError && /unknown key 'surprise'/.test(e.message) && /scale\[0\]: needs at and replicas/.test(e.message) && /an action at 200 s is after until/.test(e.message));
  assert.throws(() => validateWorkloadScenario({ containers: { app: { runs: [{ healthyAfter: -1 }] } }, replicas: 2 }), /containers: /);
});
