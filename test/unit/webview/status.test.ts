// Status at the cursor: the pod status reconstructed from the events, the `kubectl get pod` line
// and the status YAML, for the slow-start CrashLoopBackOff story (stand-in simulator output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, kubectlRow, kubectlText, statusAt, statusYaml, yamlString, exitCodeOf, lastIndexAtOrBefore } from '../../../src/webview/status';
import { META, SLOW_SPEC, slowStartStory, hostileStory, HOSTILE } from './fixtures';

const story = slowStartStory();
const infos = containersOf(SLOW_SPEC, story.events);

test('containersOf lists spec containers with their probes, then event-only subjects', () => {
  assert.deepEqual(infos.map((c) => [c.name, c.init, c.probes]), [['app', false, ['liveness', 'readiness']]]);
  const extra = containersOf(SLOW_SPEC, [{ t: 0, subject: 'istio-proxy', field: 'state', to: 'Running' }, { t: 1, subject: 'ghost', field: 'event', to: 'Pulled' }]);
  assert.deepEqual(extra.map((c) => c.name), ['app', 'istio-proxy']);
});

test('before anything happens the pod is Pending with no container status', () => {
  const s = statusAt(story.events, infos, -1);
  assert.equal(s.phase, 'Pending');
  assert.equal(s.containers[0]!.state, undefined);
  assert.equal(kubectlRow(s, 'p').status, 'Pending');
});

test('t=1: ContainerCreating, 0/1, no restarts', () => {
  const s = statusAt(story.events, infos, 1);
  const row = kubectlRow(s, META.name!);
  assert.deepEqual([row.ready, row.status, row.restarts, row.age], ['0/1', 'ContainerCreating', '0', '1s']);
});

test('t=30: Running but not ready (readiness keeps failing)', () => {
  const s = statusAt(story.events, infos, 30);
  assert.equal(s.phase, 'Running');
  assert.equal(s.containers[0]!.state, 'Running');
  assert.equal(s.containers[0]!.started, true);
  assert.equal(s.containers[0]!.ready, false);
  assert.deepEqual(kubectlRow(s, 'p').status, 'Running');
  assert.deepEqual(kubectlRow(s, 'p').ready, '0/1');
});

test('t=40: the first liveness kill restarts at once (no back-off), lastState is the killed instance', () => {
  const s = statusAt(story.events, infos, 40);
  const c = s.containers[0]!;
  assert.equal(c.state, 'Running');
  assert.equal(c.restartCount, 1);
  assert.equal(c.lastState?.exitCode, 143);
  assert.equal(c.lastState?.reason, 'Error');
  assert.equal(c.lastState?.startedAt, 2);
  assert.equal(c.lastState?.finishedAt, 40);
  assert.equal(kubectlRow(s, 'p').restarts, '1 (0s ago)');
});

test('t=75: CrashLoopBackOff in the kubectl line, RESTARTS with the age of the last exit', () => {
  const s = statusAt(story.events, infos, 75);
  const row = kubectlRow(s, META.name!);
  assert.equal(row.status, 'CrashLoopBackOff');
  // The back-off wait still shows the killed instance's count; it goes up when the next one starts.
  assert.equal(row.restarts, '1 (5s ago)');
  assert.equal(row.ready, '0/1');
  assert.match(s.containers[0]!.message ?? '', /back-off 10s restarting failed container=app/);
  const text = kubectlText(row);
  const [head, line] = text.split('\n');
  assert.match(head!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.match(line!, /^web-7d4b9c6f5-x2x9q\s+0\/1\s+CrashLoopBackOff\s+1 \(5s ago\)\s+75s$/);
  // Columns line up like kubectl's tabwriter output.
  assert.equal(head!.indexOf('STATUS'), line!.indexOf('CrashLoopBackOff'));
});

test('the status YAML reads like kubectl get pod -o yaml', () => {
  const s = statusAt(story.events, infos, 75);
  const y = statusYaml(s, META, 'simulated status at t = 75 s');
  assert.match(y, /^# simulated status at t = 75 s$/m);
  assert.match(y, /^ {2}name: web-7d4b9c6f5-x2x9q$/m);
  assert.match(y, /^ {2}phase: Running$/m);
  assert.match(y, /^ {2}- lastTransitionTime: "?2025-01-01T00:00:00Z"?\n {4}message: "containers with unready status: \[app\]"\n {4}reason: ContainersNotReady\n {4}status: "False"\n {4}type: Ready$/m);
  assert.match(y, /^ {4}restartCount: 1$/m);
  assert.match(y, /^ {6}waiting:\n {8}message: back-off 10s restarting failed container=app pod=web-7d4b9c6f5-x2x9q_shop\(uid\)\n {8}reason: CrashLoopBackOff$/m);
  assert.match(y, /^ {4}lastState:\n {6}terminated:\n {8}exitCode: 143\n {8}finishedAt: "?2025-01-01T00:01:10Z"?\n {8}message: Container app failed liveness probe, will be restarted\n {8}reason: Error\n {8}startedAt: "?2025-01-01T00:00:40Z"?$/m);
  // Condition order is the kubelet's.
  const types = [...y.matchAll(/type: (\w+)/g)].map((m) => m[1]);
  assert.deepEqual(types, ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
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

test('exit codes come from the field, the message, or the reason', () => {
  assert.equal(exitCodeOf({ exitCode: 3 }), 3);
  assert.equal(exitCodeOf({ message: 'exit code 137' }), 137);
  assert.equal(exitCodeOf({ reason: 'OOMKilled' }), 137);
  assert.equal(exitCodeOf({ reason: 'Completed' }), 0);
  assert.equal(exitCodeOf({ reason: 'Error' }), undefined);
});

test('lastIndexAtOrBefore is a binary search over t', () => {
  const xs = [{ t: 0 }, { t: 0 }, { t: 5 }, { t: 9 }];
  assert.equal(lastIndexAtOrBefore(xs, -1), -1);
  assert.equal(lastIndexAtOrBefore(xs, 0), 1);
  assert.equal(lastIndexAtOrBefore(xs, 6), 2);
  assert.equal(lastIndexAtOrBefore(xs, 100), 3);
});

test('hostile names survive as plain strings (the DOM shows them with textContent)', () => {
  const h = hostileStory();
  const i = containersOf(h.spec, h.result.events);
  const s = statusAt(h.result.events, i, 10);
  assert.equal(s.containers[0]!.name, `app${HOSTILE}`);
  assert.equal(kubectlRow(s, h.meta.name!).status, HOSTILE);
  const y = statusYaml(s, h.meta);
  assert.ok(y.includes(JSON.stringify(`app${HOSTILE}`)));
});
