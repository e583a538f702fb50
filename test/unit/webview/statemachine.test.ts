// The state-machine view: which transitions a run took, how often, and where it is at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTAINER_MACHINE, POD_MACHINE, containerNode, containerTraversal, describeTraversal, nodeAt, podTraversal, withObserved } from '../../../src/webview/statemachine';
import { fixedStory, slowStartStory } from './fixtures';

test('slow start: creating → running → (killed) terminated → restart at once / back-off → running', () => {
  const tr = containerTraversal(slowStartStory().events, 'app');
  const edges = Object.fromEntries([...tr.edges].map(([k, v]) => [k, v.count]));
  assert.deepEqual(edges, {
    'w-creating>G:running': 1,
    'G:running>G:terminated': 7,
    'G:terminated>G:running': 1,
    'G:terminated>w-crashloop': 6,
    'w-crashloop>G:running': 5,
  });
  assert.equal(tr.edges.get('G:running>G:terminated')!.notes.get('liveness kill'), 7);
  assert.ok(tr.nodes.has('r-started') && !tr.nodes.has('r-ready') && tr.nodes.has('t-error'));
  assert.equal(nodeAt(tr, 1), 'w-creating');
  assert.equal(nodeAt(tr, 50), 'r-started');
  assert.equal(nodeAt(tr, 75), 'w-crashloop');
  // Every observed edge is part of the drawing.
  for (const id of tr.edges.keys()) assert.ok(CONTAINER_MACHINE.edges.some((e) => e.id === id), id);
});

test('with a startup probe: not started → started and ready in one step, never terminated', () => {
  const tr = containerTraversal(fixedStory().events, 'app');
  assert.deepEqual([...tr.edges.keys()], ['w-creating>G:running', 'r-notstarted>r-ready']);
  assert.equal(nodeAt(tr, 50), 'r-notstarted');
  assert.equal(nodeAt(tr, 200), 'r-ready');
  assert.equal(withObserved(CONTAINER_MACHINE, tr).edges.filter((e) => e.extra).length, 0);
});

test('pod phase: created Pending, then Running', () => {
  const tr = podTraversal(slowStartStory().events);
  assert.deepEqual([...tr.edges.keys()], ['Pending>Running']);
  const direct = podTraversal([{ t: 0, subject: 'pod', field: 'phase', from: '', to: 'Running' }]);
  assert.deepEqual([...direct.edges.keys()], ['Pending>Running']);
  const lines = describeTraversal(POD_MACHINE, tr);
  assert.deepEqual(lines, ['Pending (not all containers started) → Running (bound, a container runs): 1× (first at 2 s)']);
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
