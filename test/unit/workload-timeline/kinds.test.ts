// The Workload Timeline for StatefulSets, DaemonSets and Jobs, against the real workload simulator:
// which workloads get it (and how a DaemonSet's nodes are counted, as the CLI does), the presets each
// kind is offered and the verdicts they promise (the StatefulSet and Job rules of docs/workloads.md:
// statefulset/stateful_set_control.go's OrderedReady and partition, daemon/update.go's
// maxUnavailable/maxSurge, job/job_controller.go's backoffLimit and activeDeadlineSeconds), the
// kind's Try-it variants, the drawing model (lane groups, series names, value rows, condition
// tones), the pod lane → Pod Timeline replay of a recreated StatefulSet pod, and the
// PodDisruptionBudgets of the manifest played by a drain.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest';
import { simulate } from '../../../src/core/lifecycle/simulate';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import type { PodSpec } from '../../../src/core/k8s';
import {
  budgetsFor, buildWorkloadModel, chooseBudgets, defaultScenario, expectedPods, manifestPdbs, podScenarioOf, presetOffers, presetsFor, runStory, seriesAt,
  wantsWorkloadTimeline, WORKLOAD_PRESETS, type StoryRequest,
} from '../../../src/core/workload-timeline';

const ROOT = join(__dirname, '../../..');

function fromFile(rel: string, index = 0): StoryRequest & { text: string } {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  const w = parseManifest(text, rel).workloads[index]!;
  const { template: _t, ...spec } = (w.object as { spec: Record<string, unknown> }).spec;
  return { text, workload: { kind: w.kind, name: w.name!, namespace: w.namespace }, input: { spec, podSpec: w.podSpec, name: w.name! }, ...(w.podLabels && { podLabels: w.podLabels }) };
}

const texts = (r: { result: { verdicts: { text: string }[] } }) => r.result.verdicts.map((v) => v.text).join('\n');
const ids = (kind: string) => presetsFor(kind).map((p) => p.id);

/** A StatefulSet of another shape: 4 replicas, Parallel, an HTTP readiness probe every 2 s. */
const DB: StoryRequest = {
  workload: { kind: 'StatefulSet', name: 'db', namespace: 'data' },
  input: { name: 'db', spec: { replicas: 4 }, podSpec: { containers: [{ name: 'pg', readinessProbe: { httpGet: { path: '/ready', port: 8008 }, periodSeconds: 2 } }] } as PodSpec },
};
/** A Job of another shape: 5 completions, 2 at a time, restartPolicy Never, backoffLimit 1. */
const BATCH: StoryRequest = {
  workload: { kind: 'Job', name: 'report', namespace: 'jobs' },
  input: { name: 'report', spec: { completions: 5, parallelism: 2, backoffLimit: 1 }, podSpec: { restartPolicy: 'Never', containers: [{ name: 'report' }] } as PodSpec },
};

describe('which workloads open the Workload Timeline', () => {
  test('StatefulSet by replicas, DaemonSet by nodes (3 unless the scenario says, as the CLI), Job by parallelism or completions', () => {
    assert.equal(wantsWorkloadTimeline('StatefulSet', { replicas: 3 }, undefined), true);
    assert.equal(wantsWorkloadTimeline('StatefulSet', {}, undefined), false, 'replicas defaults to 1');
    assert.equal(wantsWorkloadTimeline('DaemonSet', {}, undefined), true, 'three simulated nodes by default');
    assert.equal(expectedPods('DaemonSet', {}, { until: 60, nodes: 5 }), 5);
    assert.equal(wantsWorkloadTimeline('DaemonSet', {}, { until: 60, containers: {}, nodes: 1 }), true, 'a workload scenario (nodes) always does');
    assert.equal(expectedPods('DaemonSet', {}, { until: 60, nodes: 1 }), 1);
    assert.equal(wantsWorkloadTimeline('Job', {}, undefined), false, 'completions and parallelism default to 1');
    assert.equal(wantsWorkloadTimeline('Job', { parallelism: 3 }, undefined), true);
    assert.equal(wantsWorkloadTimeline('Job', { completions: 4 }, undefined), true, 'four pods one after the other');
    assert.equal(wantsWorkloadTimeline('Job', { completions: 1 }, { until: 60, pods: [] }), true, 'a workload scenario');
    assert.equal(wantsWorkloadTimeline('CronJob', { parallelism: 3 }, undefined), false);
  });
});

describe('presets per kind', () => {
  test('the Deployment keeps its seven stories in their order; each kind gets only those that fit it', () => {
    assert.deepEqual(ids('Deployment'), WORKLOAD_PRESETS.map((p) => p.id));
    assert.deepEqual(presetOffers().map((p) => p.id), ids('Deployment'));
    assert.ok(!ids('StatefulSet').includes('rollout-never-ready'), 'ProgressDeadlineExceeded is a Deployment story');
    assert.ok(ids('StatefulSet').includes('drain-with-pdb') && ids('StatefulSet').includes('sts-pod-never-ready'));
    assert.ok(!ids('DaemonSet').includes('drain-with-pdb'), 'kubectl drain leaves DaemonSet pods alone');
    assert.ok(!ids('DaemonSet').includes('scale-up'), 'a DaemonSet is not scaled');
    assert.deepEqual(ids('Job'), ['job-all-succeed', 'job-one-flaky', 'job-backoff-limit', 'job-deadline']);
    // A shared story says how it plays for the kind.
    assert.match(presetOffers('StatefulSet').find((p) => p.id === 'rollout-slow-start')!.description, /^A rollout once every pod is up.*from the highest down/);
    assert.match(presetOffers().find((p) => p.id === 'rollout-slow-start')!.description, /^A rollout at 30 s/);
  });

  test('a preset of another kind is refused with the kind\'s own list', () => {
    assert.throws(() => runStory({ ...BATCH, preset: 'rollout-slow-start' }), /'Rollout, slow start' is not for a Job .*'Every pod succeeds'/);
  });

  test('every preset of every kind plays on the example manifests and another shape', () => {
    const bases = [fromFile('examples/manifests/statefulset.yaml'), DB, fromFile('examples/manifests/daemonset.yaml'), fromFile('examples/manifests/job.yaml'), BATCH, fromFile('examples/manifests/job-parallel.yaml')];
    for (const b of bases) for (const p of presetsFor(b.workload.kind)) {
      const s = runStory({ ...b, preset: p.id });
      assert.ok(s.result.pods.length > 0 && s.result.verdicts.length > 0, `${b.workload.name} ${p.id}`);
    }
  });
});

describe('StatefulSet stories (OrderedReady, partition)', () => {
  for (const [name, base] of [['examples/manifests/statefulset.yaml', fromFile('examples/manifests/statefulset.yaml')], ['a 4-replica StatefulSet', DB]] as const) {
    test(`${name}: one pod never Ready stops OrderedReady at it; Parallel starts the rest anyway`, () => {
      const s = runStory({ ...base, preset: 'sts-pod-never-ready' });
      const n = s.result.workload.replicas;
      assert.deepEqual(s.result.pods.map((p) => p.name), [`${base.workload.name}-0`, `${base.workload.name}-1`], 'no ordinal after the blocked one is created');
      const v = s.result.verdicts.find((x) => x.kind === 'never-ready')!;
      assert.match(v.text, new RegExp(`${base.workload.name}-1 never becomes Running and Ready, and OrderedReady creates no later ordinal`));
      assert.equal(v.t, s.result.pods[1]!.createdAt, 'the jump link goes to the blocking pod');
      const par = runStory({ ...base, preset: 'sts-pod-never-ready', variant: 'parallel' });
      assert.equal(par.result.pods.length, n, 'Parallel creates every ordinal at once');
      assert.ok(par.result.pods.every((p) => p.createdAt === 0));
      assert.match(par.variant!.label, /OrderedReady → Parallel/);
    });

    test(`${name}: a rollout replaces from the highest ordinal down, after every pod is up; the lanes say the ordinal order`, () => {
      const s = runStory({ ...base, preset: 'rollout-slow-start' });
      const n = s.result.workload.replicas;
      const at = s.scenario.rollout!.at;
      assert.ok(s.result.pods.filter((p) => p.revision === 'old').every((p) => p.readyAt !== undefined && p.readyAt <= at), 'every old pod was Ready before the rollout');
      const m = buildWorkloadModel(s.result);
      assert.deepEqual(m.groups.map((g) => g.label), ['revision old', 'revision new']);
      const down = [...Array(n).keys()].reverse().join(', ');
      assert.equal(m.groups[1]!.note, `ordinals created ${down}`);
      const done = s.result.verdicts.find((v) => v.kind === 'rollout-complete')!;
      assert.match(done.text, new RegExp(`never below ${n - 1} of ${n} ready`), 'one pod is down at a time');
      // The revisions as value rows: currentRevision old → new when the rollout completes.
      const cur = m.conditions.find((c) => c.type === 'currentRevision')!;
      assert.equal(cur.kind, 'value');
      assert.deepEqual(cur.segments.map((x) => [x.status, x.from]), [['old', 0], ['new', done.t]]);
      assert.deepEqual(m.series.map((x) => x.label), ['desired', 'pods', 'updated', 'current revision', 'ready', 'available', 'ready endpoints']);
    });

    test(`${name}: the partition canary updates only the highest ordinal; lowering the partition finishes the rollout`, () => {
      const s = runStory({ ...base, preset: 'sts-partition-canary' });
      const n = s.result.workload.replicas;
      assert.equal(s.result.workload.partition, n - 1);
      const fresh = s.result.pods.filter((p) => p.revision === 'new').map((p) => p.name);
      assert.deepEqual(fresh, [`${base.workload.name}-${n - 1}`]);
      const v = s.result.verdicts.find((x) => x.kind === 'partition')!;
      assert.equal(v.t, s.scenario.rollout!.at);
      const all = runStory({ ...base, preset: 'sts-partition-canary', variant: 'partition-zero' });
      assert.ok(all.result.verdicts.some((x) => x.kind === 'rollout-complete'), texts(all));
    });
  }

  test('a new revision that never gets Ready: stuck at the highest ordinal, no deadline', () => {
    const s = runStory({ ...fromFile('examples/manifests/statefulset.yaml'), preset: 'sts-rollout-never-ready' });
    const v = s.result.verdicts.find((x) => x.kind === 'rollout-stuck')!;
    assert.match(v.text, /^The rollout is stuck at queue-2: .*StatefulSets have no progress deadline/);
    assert.ok(v.t! >= s.scenario.rollout!.at);
  });

  test('a deleted StatefulSet pod comes back with its name; its second lane replays the second pod, not the first', () => {
    const s = runStory({ ...fromFile('examples/manifests/statefulset.yaml'), preset: 'delete-a-pod' });
    const idx = s.result.pods.map((p, i) => [p.name, i] as const).filter(([n]) => n === 'queue-1').map(([, i]) => i);
    assert.equal(idx.length, 2, 'queue-1 deleted and recreated');
    const second = podScenarioOf(s, 'queue-1', idx[1])!;
    assert.equal(second.createdAt, s.result.pods[idx[1]!]!.createdAt);
    assert.equal(second.scenario.deleteAfter, undefined, 'the replacement is not deleted');
    const first = podScenarioOf(s, 'queue-1')!;
    assert.equal(first.scenario.deleteAfter, 60 - first.createdAt);
  });
});

describe('DaemonSet stories (per-node rollout, maxUnavailable vs maxSurge)', () => {
  const base = fromFile('examples/manifests/daemonset.yaml');
  test('lanes are grouped by node, each node\'s old pod then its new one; the revision is a value row from 0 s', () => {
    const s = runStory({ ...base, preset: 'ds-rollout-five-nodes' });
    const m = buildWorkloadModel(s.result);
    assert.deepEqual(m.groups.map((g) => [g.label, g.note, g.lanes.map((l) => l.pod)]), [1, 2, 3, 4, 5].map((i) => [`node-${i}`, 'old → new', [`node-agent-old-node-${i}`, `node-agent-new-node-${i}`]]));
    assert.match(m.headline, /^DaemonSet\/node-agent: one pod on each of 5 nodes, RollingUpdate \(maxSurge 0, maxUnavailable 1\)/);
    assert.deepEqual(m.series.map((x) => x.label), ['nodes (desired)', 'scheduled', 'updated', 'ready', 'available', 'ready endpoints']);
    assert.deepEqual(m.conditions.map((c) => [c.type, c.segments.map((x) => x.status)]), [['revision', ['old', 'new']]]);
    assert.match(texts(s), /never below 4 of 5 available \(maxUnavailable 1/);
  });

  test('Try it maxSurge 1: the new pod starts beside the old one and no node is ever without an available pod', () => {
    const s = runStory({ ...base, preset: 'ds-rollout-five-nodes', variant: 'ds-surge' });
    assert.match(texts(s), /never below 5 of 5 available \(maxSurge 1/);
    assert.match(s.variant!.before.map((v) => v.text).join(' '), /never below 4 of 5/);
    const avail = buildWorkloadModel(s.result).series.find((x) => x.key === 'numberAvailable')!;
    assert.ok(avail.points.filter((p) => p.t >= 30).every((p) => p.v === 5));
    // One more node at a time is offered too, without surge.
    assert.ok(s.variants.some((v) => v.id === 'ds-more-unavailable'));
  });

  test('a new revision that never gets Ready stops after maxUnavailable nodes; the verdict jumps to the stuck pod', () => {
    const s = runStory({ ...base, preset: 'ds-rollout-never-ready' });
    const v = s.result.verdicts.find((x) => x.kind === 'rollout-stuck')!;
    assert.match(v.text, /node-agent-new-node-1 on node-1 never becomes available; 1 node is left without a working pod/);
    assert.equal(v.t, s.result.pods.find((p) => p.name === 'node-agent-new-node-1')!.createdAt);
  });
});

describe('Job stories (completions, parallelism, backoffLimit, activeDeadlineSeconds)', () => {
  test('the default scenario runs every wave of parallelism pods to Complete; series and lanes say succeeded/failed', () => {
    const s = runStory(BATCH);
    assert.deepEqual(defaultScenario({ ...BATCH.input, kind: 'Job' }).until, 135);
    const m = buildWorkloadModel(s.result);
    assert.deepEqual(m.series.map((x) => x.label), ['active (parallelism 2)', 'ready', 'succeeded (of 5)', 'failed (backoffLimit 1)', 'terminating'], 'no endpoints for a Job');
    assert.equal(m.servesTraffic, false);
    assert.equal(seriesAt(m.series[2]!, m.until), 5);
    assert.equal(seriesAt(m.series[0]!, 10), 2, 'two at a time');
    assert.deepEqual(m.groups.map((g) => [g.label, g.note]), [['pods, in creation order', '5 succeeded, 0 failed']]);
    assert.ok(m.states.includes('succeeded'));
    const complete = m.conditions.find((c) => c.type === 'Complete')!;
    assert.equal(complete.segments[0]!.tone, 'good');
    assert.match(texts(s), /^The Job completes at \d+ s: 5 completions reached/);
    assert.match(m.headline, /^Job\/report: completions 5, parallelism 2, backoffLimit 1, restartPolicy Never$/);
  });

  test('crashing pods hit backoffLimit (restartPolicy Never: failed pods > backoffLimit); Failed is drawn as a failure', () => {
    const s = runStory({ ...BATCH, preset: 'job-backoff-limit' });
    const v = s.result.verdicts.find((x) => x.kind === 'job-failed')!;
    assert.match(v.text, /BackoffLimitExceeded — 2 failed pods > backoffLimit 1/);
    // Our story is played until the Job is over, with a margin (not the 900 s it allows for).
    assert.ok(s.scenario.until < 900 && s.scenario.until >= v.t! + 20, `played ${s.scenario.until} s, failed at ${v.t} s`);
    assert.equal(s.result.until, s.scenario.until);
    const failed = buildWorkloadModel(s.result).conditions.find((c) => c.type === 'Failed')!;
    assert.deepEqual(failed.segments.map((x) => [x.status, x.tone]), [['True', 'bad']]);
    const more = runStory({ ...BATCH, preset: 'job-backoff-limit', variant: 'job-backoff-limit' });
    assert.match(more.variant!.label, /backoffLimit 1 → 4/);
    // Two pods run at a time, so the one in flight may fail too: at least backoffLimit + 1.
    const n = Number(/(\d+) failed pods > backoffLimit 4/.exec(texts(more))?.[1]);
    assert.ok(n >= 5 && n <= 6, texts(more));
  });

  test('under restartPolicy OnFailure the container restarts count against backoffLimit (the example Job)', () => {
    const s = runStory({ ...fromFile('examples/manifests/job.yaml'), preset: 'job-backoff-limit' });
    assert.match(texts(s), /BackoffLimitExceeded — 3 container restarts in running pods, restartPolicy OnFailure, backoffLimit 3/);
    assert.ok(s.variants.some((v) => v.id === 'job-restart-policy' && /OnFailure → Never/.test(v.label)));
  });

  test('one flaky pod is replaced and the Job still completes; activeDeadlineSeconds ends a slow Job', () => {
    const flaky = runStory({ ...BATCH, preset: 'job-one-flaky' });
    assert.match(texts(flaky), /completes at .*5 succeeded, 1 failed, within backoffLimit 1/);
    const slow = runStory({ ...BATCH, preset: 'job-deadline' });
    assert.equal(slow.result.workload.activeDeadlineSeconds, 120, 'the story sets a deadline the manifest lacks');
    assert.match(texts(slow), /DeadlineExceeded — activeDeadlineSeconds \(120 s\) passed/);
    const longer = runStory({ ...BATCH, preset: 'job-deadline', variant: 'job-deadline' });
    assert.equal(longer.result.workload.activeDeadlineSeconds, 240);
  });

  test('the first pod\'s Pod Timeline replays its own behaviour (the scenario\'s pods[0]), not the others\'', () => {
    const s = runStory({ ...BATCH, preset: 'job-one-flaky' });
    const one = podScenarioOf(s, 'report-1')!;
    const replay = simulate({ spec: s.podSpec, name: 'report-1', scenario: validateScenario(one.scenario) });
    const lane = s.result.pods[0]!;
    assert.equal(lane.phase, 'Failed');
    assert.ok(replay.events.some((e) => e.subject === 'pod' && e.field === 'phase' && e.to === 'Failed'), 'the replay fails as the lane did');
  });
});

describe('PodDisruptionBudgets from the manifest', () => {
  test('web-with-pdb.yaml: the drain honours the manifest\'s budget and the panel line names it', () => {
    const b = fromFile('examples/manifests/web-with-pdb.yaml');
    const pdbs = manifestPdbs(b.text, 'web-with-pdb.yaml');
    assert.deepEqual(pdbs.map((p) => p.name), ['shop']);
    const s = runStory({ ...b, preset: 'drain-with-pdb', manifestPdbs: pdbs });
    assert.equal(s.budgets.source, 'manifest');
    assert.match(s.budgets.text!, /^The drain honours PodDisruptionBudget shop \(.+\) from the manifest \(instead of the story's own\)\.$/);
    assert.match(texts(s), /refused by PodDisruptionBudget shop and retried/);
    // Without the manifest's budgets, the story's own.
    const own = runStory({ ...b, preset: 'drain-with-pdb' });
    assert.equal(own.budgets.source, 'preset');
    assert.match(texts(own), /refused by PodDisruptionBudget shop-budget/);
  });

  test('a budget in another namespace or with another selector is not played, and the line says so', () => {
    const pdbs = [{ name: 'elsewhere', namespace: 'other', maxUnavailable: 0, selector: { matchLabels: { app: 'db' } } }, { name: 'wrong-labels', namespace: 'data', maxUnavailable: 0, selector: { matchLabels: { app: 'cache' } } }];
    const use = chooseBudgets({ manifest: pdbs, namespace: 'data', podLabels: { app: 'db' }, drains: true });
    assert.deepEqual(use.pdbs, []);
    assert.match(use.text!, /^No PodDisruptionBudget covers these pods: every eviction goes through at once\. The manifest's PodDisruptionBudgets elsewhere, wrong-labels do not select these pods/);
    const s = runStory({ ...DB, podLabels: { app: 'db' }, manifestPdbs: [{ name: 'db', namespace: 'data', maxUnavailable: 0, selector: { matchLabels: { app: 'db' } } }], scenario: { until: 200, nodes: 2, drain: [{ at: 60, node: 'node-1' }] } });
    assert.match(s.budgets.text!, /^The drain honours PodDisruptionBudget db \(maxUnavailable 0\) from the manifest\.$/);
    assert.equal(s.result.verdicts.find((v) => v.kind === 'drain-blocked')?.level, 'error', texts(s));
  });

  test('broken or huge manifests give no budgets and no crash', () => {
    const broken = manifestPdbs('kind: PodDisruptionBudget\nmetadata: [\nspec: {selector: {matchLabels: {app: db}}\n');
    assert.deepEqual(budgetsFor(broken, undefined, { app: 'db' }), [], 'what survives of a broken budget selects nothing');
    assert.deepEqual(manifestPdbs('\t: : [\n'), []);
    assert.deepEqual(manifestPdbs(`# ${'x'.repeat(5_000_001)}\n`), []);
  });
});
