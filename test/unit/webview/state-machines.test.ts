// The state-machine view: which transitions a run took, how often, and where it is at a time.
// The runs are the real simulator's (fixtures.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presetScenario } from '../../../src/core/timeline/presets';
import { CONTAINER_MACHINE, POD_MACHINE, containerNode, containerTraversal, describeTraversal, nodeAt, podTraversal, withObserved } from '../../../src/webview/state-machines';
import { SLOW_SPEC, fixedStart, simulated, slowStart } from './fixtures';

test('slow start: creating → running → (killed) terminated → restart at once / back-off → running', async () => {
  const { result } = await slowStart();
  const tr = containerTraversal(result, 'app');
  const kills = result.kubeletEvents.filter((k) => k.reason === 'Killing').length;
  const waits = result.events.filter((e) => e.field === 'state' && e.reason === 'CrashLoopBackOff');
  const edges = Object.fromEntries([...tr.edges].map(([k, v]) => [k, v.count]));
  assert.equal(edges['w-creating>G:running'], 1);
  assert.equal(edges['G:running>G:terminated'], kills);
  assert.equal(edges['G:terminated>w-crashloop'], waits.length);
  assert.equal(edges['G:terminated>G:running'], kills - waits.length, 'the kills without a back-off wait restart at once');
  assert.equal(tr.edges.get('G:running>G:terminated')!.notes.get('liveness kill'), kills);
  assert.ok(tr.nodes.has('r-started') && !tr.nodes.has('r-ready') && tr.nodes.has('t-error'));
  assert.equal(nodeAt(tr, 20), 'r-started');
  assert.equal(nodeAt(tr, waits[0]!.t + 1), 'w-crashloop');
  // Every observed edge is part of the drawing.
  for (const id of tr.edges.keys()) assert.ok(CONTAINER_MACHINE.edges.some((e) => e.id === id), id);
});

test('"Crash on boot": every end is an exit 1, none a liveness kill', async () => {
  const { result } = await simulated(SLOW_SPEC, presetScenario('crash-on-boot', SLOW_SPEC, { until: 300 }));
  const tr = containerTraversal(result, 'app');
  const notes = [...tr.edges.get('G:running>G:terminated')!.notes.keys()];
  assert.deepEqual(notes, ['exit 1']);
});

test('with a startup probe: not started → started and ready in one step, never terminated', async () => {
  const tr = containerTraversal((await fixedStart()).result, 'app');
  assert.deepEqual([...tr.edges.keys()], ['w-creating>G:running', 'r-notstarted>r-ready']);
  assert.equal(nodeAt(tr, 50), 'r-notstarted');
  assert.equal(nodeAt(tr, 200), 'r-ready');
  assert.equal(withObserved(CONTAINER_MACHINE, tr).edges.filter((e) => e.extra).length, 0);
});

test('pod phase: created Pending, then Running', async () => {
  const tr = podTraversal((await slowStart()).result.events);
  assert.deepEqual([...tr.edges.keys()], ['Pending>Running']);
  const direct = podTraversal([{ t: 0, subject: 'pod', field: 'phase', from: '', to: 'Running' }]);
  assert.deepEqual([...direct.edges.keys()], ['Pending>Running']);
  const lines = describeTraversal(POD_MACHINE, tr);
  assert.deepEqual(lines, ['Pending (not all containers started) → Running (bound, a container runs): 1× (first at 0 s)']);
});

test('unknown transitions are added to the drawing, not dropped', () => {
  const tr = podTraversal([
    { t: 0, subject: 'pod', field: 'phase', from: '', to: 'Pending' },
    { t: 5, subject: 'pod', field: 'phase', from: 'Pending', to: 'Running' },
    { t: 9, subject: 'pod', field: 'phase', from: 'Running', to: 'Unknown' },
  ]);
  const m = withObserved(POD_MACHINE, tr);
  assert.ok(m.nodes.some((n) => n.id === 'Unknown'));
  assert.ok(m.edges.some((e) => e.id === 'Running>Unknown' && e.extra));
  assert.ok(m.height > POD_MACHINE.height);
});

test('container nodes from status', () => {
  assert.equal(containerNode({ state: 'Waiting', reason: 'ImagePullBackOff', started: false, ready: false }), 'w-pullbackoff');
  assert.equal(containerNode({ state: 'Terminated', reason: 'OOMKilled', exitCode: 137, started: false, ready: false }), 't-oom');
  assert.equal(containerNode({ state: 'Terminated', reason: 'Completed', exitCode: 0, started: false, ready: false }), 't-completed');
  assert.equal(containerNode({ state: 'Terminated', reason: 'Error', exitCode: 1, started: false, ready: false }), 't-error');
  assert.equal(containerNode({ state: 'Waiting', reason: 'CreateContainerConfigError', started: false, ready: false }), 'w-other');
  assert.equal(containerNode(undefined), undefined);
});
