// Status at the cursor: the pod status replayed from the real simulator's events (fixtures.ts),
// the `kubectl get pod` line and the status YAML, checked against what the simulator itself
// printed (its `kubectl get pod -w` rows and final status) for the slow-start story.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, lastIndexAtOrBefore, statusAt, terminationCauses, type ContainerInfo } from '../../../src/webview/pod-replay';
import { kubectlLine, kubectlText, statusYaml, yamlString } from '../../../src/webview/status-text';
import { HOSTILE, META, SLOW_SPEC, hostileStory, slowStart, type Simulated } from './fixtures';

let story: Simulated;
let infos: ContainerInfo[];
before(async () => {
  story = await slowStart();
  infos = containersOf(SLOW_SPEC, story.result.events);
});

test('containersOf lists spec containers with their probes, then event-only subjects', () => {
  assert.deepEqual(infos.map((c) => [c.name, c.init, c.probes]), [['app', false, ['livenessProbe', 'readinessProbe']]]);
  const extra = containersOf(SLOW_SPEC, [{ t: 0, subject: 'istio-proxy', field: 'state', from: '', to: 'Running' }]);
  assert.deepEqual(extra.map((c) => c.name), ['app', 'istio-proxy']);
});

test('before anything happens the pod is Pending with no container status', () => {
  const s = statusAt(story.result.events, infos, -1);
  assert.equal(s.phase, 'Pending');
  assert.equal(s.containers[0]!.state, undefined);
  assert.equal(kubectlLine(s, 'p').status, 'Pending');
});

test('every row of the simulator\'s own `kubectl get pod -w` is what the replay prints at that instant', () => {
  assert.ok(story.result.watch.length >= 5);
  for (const w of story.result.watch) {
    const line = kubectlLine(statusAt(story.result.events, infos, w.t), META.name!);
    assert.deepEqual([line.ready, line.status, line.restarts], [w.ready, w.status, w.restarts], `t = ${w.t}`);
  }
  const end = statusAt(story.result.events, infos, story.result.until);
  assert.equal(end.phase, story.result.final.phase);
  assert.equal(end.containers[0]!.restartCount, story.result.final.containers.app!.restartCount);
});

test('t = 20: Running but not ready (readiness keeps failing)', () => {
  const s = statusAt(story.result.events, infos, 20);
  assert.equal(s.phase, 'Running');
  assert.deepEqual([s.containers[0]!.state, s.containers[0]!.started, s.containers[0]!.ready], ['Running', true, false]);
  assert.deepEqual([kubectlLine(s, 'p').status, kubectlLine(s, 'p').ready], ['Running', '0/1']);
});

test('t = 30: the first liveness kill restarts at once, lastState is the killed instance', () => {
  const s = statusAt(story.result.events, infos, 30);
  const c = s.containers[0]!;
  assert.equal(c.state, 'Running');
  assert.equal(c.restartCount, 1);
  assert.deepEqual([c.lastState?.exitCode, c.lastState?.reason, c.lastState?.startedAt, c.lastState?.finishedAt], [143, 'Error', 0, 30]);
  assert.equal(kubectlLine(s, 'p').restarts, '1 (0s ago)');
});

test('in CrashLoopBackOff: the kubectl line and the status YAML read like kubectl', () => {
  const wait = story.result.events.find((e) => e.field === 'state' && e.reason === 'CrashLoopBackOff')!;
  const t = wait.t + 5;
  const s = statusAt(story.result.events, infos, t);
  const line = kubectlLine(s, META.name!);
  assert.equal(line.status, 'CrashLoopBackOff');
  assert.match(line.restarts, /^\d+ \(5s ago\)$/);
  const [head, row] = kubectlText(line).split('\n');
  assert.match(head!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.match(row!, new RegExp(`^web-7d4b9c6f5-x2x9q\\s+0/1\\s+CrashLoopBackOff\\s+\\d+ \\(5s ago\\)\\s+\\S+$`));
  // Columns line up like kubectl's tabwriter output.
  assert.equal(head!.indexOf('STATUS'), row!.indexOf('CrashLoopBackOff'));
  const y = statusYaml(s, META, `simulated status at t = ${t} s`);
  assert.match(y, new RegExp(`^# simulated status at t = ${t} s$`, 'm'));
  assert.match(y, /^ {2}name: web-7d4b9c6f5-x2x9q$/m);
  assert.match(y, /^ {2}phase: Running$/m);
  assert.match(y, /^ {6}waiting:\n {8}message: back-off \S+ restarting failed container=app pod=web-7d4b9c6f5-x2x9q_shop\(\S+\)\n {8}reason: CrashLoopBackOff$/m);
  assert.match(y, /^ {4}lastState:\n {6}terminated:\n {8}exitCode: 143\n {8}finishedAt: "?2025-01-01T\S+Z"?\n {8}reason: Error\n/m);
  // Condition order is the kubelet's.
  const types = [...y.matchAll(/type: (\w+)/g)].map((m) => m[1]);
  assert.deepEqual(types, ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
});

test('terminationCauses: a kill is a Killing event since the last start, an exit is not', () => {
  const causes = terminationCauses(story.result.events, story.result.kubeletEvents);
  const terminated = story.result.events.filter((e) => e.field === 'state' && e.to === 'Terminated');
  assert.ok(terminated.length >= 4);
  assert.ok(terminated.every((e) => causes.get(e) === 'liveness'));
  assert.equal(terminationCauses(story.result.events, []).size, 0, 'no Killing event, no kill');
});

test('yamlString quotes what YAML would misread', () => {
  assert.equal(yamlString('Running'), 'Running');
  assert.equal(yamlString('True'), '"True"');
  assert.equal(yamlString('no'), '"no"');
  assert.equal(yamlString('143'), '"143"');
  assert.equal(yamlString(''), '""');
  assert.equal(yamlString('a: b'), '"a: b"');
  assert.equal(yamlString('registry.example/web:1.4@sha256:ab'), 'registry.example/web:1.4@sha256:ab');
  assert.equal(yamlString('key:'), '"key:"');
  assert.equal(yamlString('- x'), '"- x"');
  assert.equal(yamlString('#x'), '"#x"');
  assert.equal(yamlString(HOSTILE), JSON.stringify(HOSTILE));
  assert.equal(yamlString('line\nbreak'), '"line\\nbreak"');
});

test('lastIndexAtOrBefore is a binary search over t', () => {
  const xs = [{ t: 0 }, { t: 0 }, { t: 5 }, { t: 9 }];
  assert.equal(lastIndexAtOrBefore(xs, -1), -1);
  assert.equal(lastIndexAtOrBefore(xs, 0), 1);
  assert.equal(lastIndexAtOrBefore(xs, 6), 2);
  assert.equal(lastIndexAtOrBefore(xs, 100), 3);
});

test('hostile names survive as plain strings (the DOM shows them with textContent)', async () => {
  const h = await hostileStory();
  const i = containersOf(h.spec, h.result.events);
  const s = statusAt(h.result.events, i, 10);
  assert.equal(s.containers[0]!.name, `app${HOSTILE}`);
  const y = statusYaml(s, h.meta);
  assert.ok(y.includes(JSON.stringify(`app${HOSTILE}`)));
  assert.ok(y.includes(JSON.stringify(HOSTILE)), 'the image');
});
