// The Workload Timeline's shared half, against the real workload simulator: the preset stories give
// the verdicts they promise (on the repository's example Deployment and on another shape of
// Deployment), the Try-it variants change what they say they change, a pod lane opens as a Pod
// Timeline that replays exactly that pod, and the drawing model holds what the chart shows.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest';
import type { PodSpec } from '../../../src/core/k8s';
import { simulate } from '../../../src/core/lifecycle/simulate';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import {
  WORKLOAD_PRESETS, buildWorkloadModel, laneSegments, podScenarioOf, runStory, seriesAt, tryItVariants, wantsWorkloadTimeline, type StoryRequest,
} from '../../../src/core/workload-timeline';

const ROOT = join(__dirname, '../../..');

function exampleDeployment(): StoryRequest {
  const w = parseManifest(readFileSync(join(ROOT, 'examples/manifests/deployment.yaml'), 'utf8'), 'deployment.yaml').workloads[0]!;
  const { template: _t, ...spec } = (w.object as { spec: Record<string, unknown> }).spec;
  return { workload: { kind: w.kind, name: w.name!, namespace: w.namespace }, input: { spec, podSpec: w.podSpec, name: w.name! } };
}

/** Another shape: 4 replicas, two containers, maxUnavailable 1, an exec readiness probe, a preStop sleep of 10 s. */
const OTHER: StoryRequest = {
  workload: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
  input: {
    name: 'checkout',
    spec: { replicas: 4, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
    podSpec: {
      terminationGracePeriodSeconds: 20,
      containers: [
        { name: 'server', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 2 }, lifecycle: { preStop: { sleep: { seconds: 10 } } } },
        { name: 'proxy', readinessProbe: { tcpSocket: { port: 15001 }, periodSeconds: 3 } },
      ],
    } as PodSpec,
  },
};

const texts = (r: { result: { verdicts: { text: string }[] } }) => r.result.verdicts.map((v) => v.text).join('\n');

describe('preset stories give the verdicts they promise', () => {
  for (const [name, base] of [['examples/manifests/deployment.yaml', exampleDeployment()], ['a 4-replica, two-container Deployment with a preStop sleep', OTHER]] as const) {
    test(`${name}: rollout with a slow start completes, paced by readiness`, () => {
      const s = runStory({ ...base, preset: 'rollout-slow-start' });
      const done = s.result.verdicts.find((v) => v.kind === 'rollout-complete');
      assert.ok(done, texts(s));
      // The new pods need 60 s to answer; the rollout cannot complete before the first of them is Ready.
      assert.ok(done.t! >= 30 + 60, `completes at ${done.t}`);
    });
    test(`${name}: a new revision that never gets Ready ends in ProgressDeadlineExceeded`, () => {
      const s = runStory({ ...base, preset: 'rollout-never-ready' });
      assert.match(texts(s), /ProgressDeadlineExceeded at \d+(\.\d)? s/);
      assert.equal(s.result.verdicts.find((v) => v.kind === 'rollout-stuck')?.level, 'error');
    });
    test(`${name}: graceful shutdown without preStop loses traffic; with a preStop sleep it does not`, () => {
      const without = runStory({ ...base, preset: 'shutdown-no-prestop' });
      assert.match(texts(without), /Clients see refused connections for up to 2 s per pod/);
      assert.ok(without.result.trafficLoss.length > 0);
      const withSleep = runStory({ ...base, preset: 'shutdown-prestop-sleep' });
      assert.deepEqual(withSleep.result.trafficLoss, [], texts(withSleep));
      assert.ok(withSleep.result.verdicts.some((v) => v.kind === 'rollout-complete'), texts(withSleep));
    });
    test(`${name}: a drain under a PodDisruptionBudget of maxUnavailable 1 evicts one pod at a time (eviction API, disruption controller's disruptionsAllowed)`, () => {
      const s = runStory({ ...base, preset: 'drain-with-pdb' });
      const drain = s.result.drains?.[0];
      assert.ok(drain, texts(s));
      assert.equal(drain.node, 'node-1');
      assert.ok(drain.evictions.length >= 2, `node-1 holds several pods: ${JSON.stringify(drain.evictions)}`);
      // Only the first eviction goes through at once; the next waits until a replacement is Ready.
      assert.equal(drain.evictions.filter((e) => e.refused === 0).length, 1, JSON.stringify(drain.evictions));
      assert.ok(drain.completedAt! > 60, JSON.stringify(drain));
      assert.match(texts(s), /The drain of node-1 completes at \d+(\.\d)? s .*refused by PodDisruptionBudget \S+-budget/);
    });
  }
  test('every preset plays on both shapes without an error', () => {
    for (const base of [exampleDeployment(), OTHER]) for (const p of WORKLOAD_PRESETS) assert.ok(runStory({ ...base, preset: p.id }).result.pods.length > 0, p.id);
  });
  test('scale-up: "all N available" speaks of the scaled count, after the scaling', () => {
    const s = runStory({ ...exampleDeployment(), preset: 'scale-up' });
    const v = s.result.verdicts.find((x) => x.kind === 'ready')!;
    assert.match(v.text, /^All 6 replicas are available at (\d+) s\.$/);
    assert.ok(v.t! >= 60 + 20, `at ${v.t}`);
  });
});

describe('Try it variants', () => {
  test('offered where they change something: no preStop variant when the sleep already covers the propagation', () => {
    const ex = exampleDeployment();
    const ids = (b: StoryRequest) => tryItVariants(b.input, { endpoints: { propagationSeconds: 2, stopsListeningAfter: 0 } }).map((v) => v.id);
    assert.deepEqual(ids(ex), ['more-surge', 'prestop-sleep', 'min-ready']);
    assert.deepEqual(ids(OTHER), ['more-surge', 'no-unavailable', 'min-ready']);
    assert.deepEqual(ids({ ...ex, input: { ...ex.input, spec: { ...ex.input.spec, strategy: { type: 'Recreate' } } } }), ['prestop-sleep', 'min-ready']);
  });
  test('a preStop sleep removes the refused connections of a rollout; the verdicts without it are kept for comparison', () => {
    const s = runStory({ ...exampleDeployment(), preset: 'shutdown-no-prestop', variant: 'prestop-sleep' });
    assert.equal(s.variant?.label, 'preStop sleep 4 s');
    assert.deepEqual(s.result.trafficLoss, []);
    assert.ok(s.variant!.before.some((v) => v.kind === 'traffic-loss'));
    assert.equal(s.podSpec.containers![0]!.lifecycle?.preStop?.sleep?.seconds, 4);
  });
  test('more surge finishes a slow rollout sooner; minReadySeconds later', () => {
    const base = { ...exampleDeployment(), preset: 'rollout-slow-start' };
    const at = (variant?: string) => runStory({ ...base, ...(variant && { variant }) }).result.verdicts.find((v) => v.kind === 'rollout-complete')!.t!;
    assert.ok(at('more-surge') < at(), `${at('more-surge')} < ${at()}`);
    assert.ok(at('min-ready') > at(), `${at('min-ready')} > ${at()}`);
  });
  test('an unknown variant or preset is an error, not a silent default', () => {
    assert.throws(() => runStory({ ...exampleDeployment(), variant: 'nope' }), /does not apply/);
    assert.throws(() => runStory({ ...exampleDeployment(), preset: 'nope' }), /unknown preset/);
  });
});

describe('which timeline', () => {
  test('the Workload Timeline for several pods or a workload scenario, the Pod Timeline otherwise', () => {
    assert.equal(wantsWorkloadTimeline('Deployment', { replicas: 3 }, undefined), true);
    assert.equal(wantsWorkloadTimeline('Deployment', { replicas: 1 }, undefined), false);
    assert.equal(wantsWorkloadTimeline('Deployment', {}, undefined), false, 'replicas defaults to 1');
    assert.equal(wantsWorkloadTimeline('Deployment', { replicas: 1 }, { rollout: { at: 10 } }), true);
    assert.equal(wantsWorkloadTimeline('Deployment', { replicas: 3 }, { until: 60, containers: {} }), true, 'a pod scenario for a 3-replica Deployment: still three pods');
    assert.equal(wantsWorkloadTimeline('Pod', { replicas: 3 }, undefined), false);
    assert.equal(wantsWorkloadTimeline('CronJob', {}, { rollout: { at: 10 } }), false, 'a kind without a workload simulator');
  });
});

describe('a pod lane opens as its own Pod Timeline', () => {
  test('the single-pod scenario of a lane replays that pod exactly (deleted, restarted, times since its creation)', () => {
    const s = runStory({ ...OTHER, preset: 'rollout-never-ready' });
    for (const pod of [s.result.pods.find((p) => p.revision === 'old' && p.deletedAt !== undefined)!, s.result.pods.find((p) => p.revision === 'new' && p.restarts > 0)!]) {
      assert.ok(pod, 'the story has a deleted old pod and a restarting new one');
      const one = podScenarioOf(s, pod.name)!;
      assert.equal(one.createdAt, pod.createdAt);
      const alone = simulate({ spec: s.podSpec, name: pod.name, scenario: validateScenario(one.scenario) });
      // Messages name the pod's namespace and uid (random per simulation): compared without them.
      const norm = (e: { t: number; message?: string }, dt: number) => ({ ...e, t: Math.round((e.t + dt) * 1000) / 1000, ...(e.message && { message: e.message.replace(/_[^_()]*\([0-9a-f-]+\)/, '_NS(UID)') }) });
      const end = pod.goneAt ?? s.result.until;
      assert.deepEqual(alone.events.map((e) => norm(e, pod.createdAt)).filter((e) => e.t <= end), pod.events.map((e) => norm(e, 0)).filter((e) => e.t <= end), pod.name);
    }
    assert.equal(podScenarioOf(s, 'no-such-pod'), undefined);
  });
});

describe('the drawing model', () => {
  const s = runStory({ ...exampleDeployment(), preset: 'shutdown-no-prestop' });
  const m = buildWorkloadModel(s.result);
  test('one lane per pod, grouped by revision in order of appearance', () => {
    assert.deepEqual(m.groups.map((g) => g.revision), ['old', 'new']);
    assert.equal(m.laneCount, s.result.pods.length);
    assert.deepEqual(m.groups[0]!.lanes.map((l) => l.pod), ['web-old-1', 'web-old-2', 'web-old-3']);
  });
  test('a replaced pod with a preStop sleep: starting, ready, terminating, and its lane ends when it is gone', () => {
    const slept = runStory({ ...exampleDeployment(), preset: 'shutdown-prestop-sleep' });
    const lane = buildWorkloadModel(slept.result).groups[0]!.lanes[0]!;
    assert.deepEqual(lane.segments.map((x) => x.state), ['starting', 'ready', 'terminating']);
    const pod = slept.result.pods.find((p) => p.name === lane.pod)!;
    assert.ok(pod.goneAt! - pod.deletedAt! >= 5, 'the 5 s preStop sleep, then SIGTERM');
    assert.equal(lane.segments.at(-1)!.from, pod.deletedAt);
    assert.equal(lane.end, pod.goneAt);
    assert.ok(lane.marks.some((k) => k.kind === 'deleted' && k.t === pod.deletedAt));
    for (let i = 1; i < lane.segments.length; i++) assert.equal(lane.segments[i]!.from, lane.segments[i - 1]!.to, 'contiguous');
  });
  test('counts as step series: desired constant, updated and ready endpoints as the rollout moves', () => {
    const by = (k: string) => m.series.find((x) => x.key === k)!;
    assert.deepEqual(m.series.map((x) => x.label), ['desired', 'pods', 'updated', 'ready', 'available', 'ready endpoints']);
    assert.equal(seriesAt(by('spec.replicas'), 100), 3);
    assert.equal(seriesAt(by('replicas'), 35), 4, 'maxSurge 1: one pod more during the rollout');
    assert.equal(seriesAt(by('updatedReplicas'), 29), 3, 'before the rollout the old template is the current one');
    assert.equal(seriesAt(by('updatedReplicas'), 30), 1);
    assert.equal(seriesAt(by('updatedReplicas'), 299), 3);
    assert.equal(seriesAt(by('endpoints'), 299), 3);
  });
  test('conditions and traffic-loss windows as the result has them', () => {
    assert.deepEqual(m.conditions.map((c) => c.type), ['Available', 'Progressing']);
    assert.ok(m.conditions[1]!.segments.some((x) => x.reason === 'ReplicaSetUpdated'));
    assert.equal(m.conditions[1]!.segments.at(-1)!.reason, 'NewReplicaSetAvailable');
    assert.deepEqual(m.loss, s.result.trafficLoss);
    assert.ok(m.loss.every((l) => l.kind === 'not-accepting' && l.to - l.from === 2));
  });
  test('a crash-looping pod shows back-off and exits, never Ready', () => {
    const never = runStory({ ...exampleDeployment(), preset: 'rollout-never-ready' });
    const p = never.result.pods.find((x) => x.revision === 'new')!;
    const states = new Set(laneSegments(p, never.result.until).map((x) => x.state));
    assert.ok(states.has('backoff'), [...states].join());
    assert.ok(!states.has('ready'));
  });
});
