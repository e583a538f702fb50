import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/engine';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/probe-no-handler';

test('flags an empty liveness probe on its key, with a fix that adds a tcpSocket handler', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - name: http
      containerPort: 8080
  livenessProbe:
    periodSeconds: 5
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'livenessProbe');
  assert.equal(seen[0].at, '18:11-18:24');
  assert.equal(seen[0].severity, 'error');
  assert.match(seen[0].message, /Liveness probe has no handler/);
  assert.equal(seen[0].finding.container, 'app');
  assert.equal(seen[0].finding.probe, 'livenessProbe');
  assert.equal(seen[0].finding.kind, 'Deployment');
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /livenessProbe:\n {12}periodSeconds: 5\n {12}tcpSocket:\n {14}port: http\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('flags `livenessProbe: {}` and a preStop hook without handler', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe: {}
  lifecycle:
    preStop: {}
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['livenessProbe', '15:11-15:24'], ['preStop', '17:13-17:20']]);
  assert.match(seen[1].message, /PreStop hook has no handler/);
});

test('`livenessProbe: {}` in a container that declares a port: tcpSocket (preferred) or httpGet on that port, applied and re-linted clean', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - name: metrics
      containerPort: 9090
      protocol: UDP
    - name: http
      containerPort: 8080
  livenessProbe: {}
  readinessProbe: { periodSeconds: 5 }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['livenessProbe', 'readinessProbe']);
  const titles = seen[0].finding.fixes?.map((f) => f.title);
  assert.deepEqual(titles, ['Add a tcpSocket handler on port http', 'Add an httpGet handler on port http (path /)'], 'the TCP port, not the UDP one');
  assert.equal(seen[0].finding.fixes?.[0].preferred, true);
  const tcp = applyFix(yaml, seen[0].finding, 0);
  assert.match(tcp, /\n {10}livenessProbe:\n {12}tcpSocket:\n {14}port: http\n {10}readinessProbe:/);
  assert.deepEqual(check(tcp, RULE).map((s) => s.text), ['readinessProbe'], 'the liveness probe is fixed');
  const http = applyFix(yaml, seen[0].finding, 1);
  assert.match(http, /\n {10}livenessProbe:\n {12}httpGet:\n {14}path: \/\n {14}port: http\n/);
  assert.deepEqual(check(http, RULE).map((s) => s.text), ['readinessProbe']);
  // A flow map with entries keeps its style.
  const flow = applyFix(yaml, seen[1].finding, 0);
  assert.match(flow, /readinessProbe: \{ periodSeconds: 5, tcpSocket: \{ port: http \} \}\n/);
  assert.deepEqual(check(flow, RULE).map((s) => s.text), ['livenessProbe']);
  // Everything the linter says about the fixed file: nothing from the API-server rules.
  const all = lintText(applyFix(flow, check(flow, RULE)[0].finding), 'fixed.yaml').findings.filter((f) => f.rule.startsWith('api/') || f.rule.startsWith('schema/'));
  assert.deepEqual(all.map((f) => f.rule), []);
});

test('a JSON manifest: the handler is added as JSON', () => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'demo', ports: [{ containerPort: 8080 }], livenessProbe: {} }] } }, null, 2);
  const seen = check(json, RULE);
  assert.equal(seen.length, 1);
  const fixed = applyFix(json, seen[0].finding);
  assert.deepEqual(JSON.parse(fixed).spec.containers[0].livenessProbe, { tcpSocket: { port: 8080 } });
  assert.deepEqual(check(fixed, RULE), []);
});

test('near miss: a probe with a handler, and a hook with sleep, are fine', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    exec: { command: [true] }
  lifecycle:
    preStop:
      sleep: { seconds: 5 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('a null handler field does not count as a handler (nil pointer), `sleep` does not count in a probe', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    httpGet:
  startupProbe:
    sleep: { seconds: 1 }
`);
  assert.deepEqual(check(yaml, RULE).map((s) => s.text), ['readinessProbe', 'startupProbe']);
});

test('suppression comments: next line and whole file', () => {
  const base = deployment(`
- name: app
  image: demo
  # kube-probes-disable-next-line api/probe-no-handler
  livenessProbe: {}
  readinessProbe: {}
`);
  assert.deepEqual(check(base, RULE).map((s) => s.text), ['readinessProbe']);
  assert.deepEqual(check('# kube-probes-disable api/probe-no-handler\n' + base, RULE), []);
  assert.deepEqual(check('# kube-probes-disable api/other-rule\n' + base, RULE).length, 1);
});

test('severity follows the configuration; off disables', () => {
  const yaml = deployment(`
- name: app
  livenessProbe: {}
`);
  assert.equal(check(yaml, RULE, { rules: { [RULE]: 'warning' } })[0].severity, 'warning');
  assert.equal(lintText(yaml, 'x.yaml', { rules: { [RULE]: 'off' } }).findings.filter((f) => f.rule === RULE).length, 0);
});

test('Helm template: a probe filled by a template action is not judged', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    {{- toYaml .Values.livenessProbe | nindent 12 }}
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('near miss: a probe or hook key without a value (or null) is no probe at all (nil pointer in Go)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
  readinessProbe: null
  startupProbe: ~
  lifecycle:
    postStart:
    preStop: null
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('init containers without restartPolicy: Always and ephemeral containers: only "Forbidden", no handler error', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: setup
      image: busybox
      livenessProbe: {}
      lifecycle:
        preStop: {}
    - name: proxy
      image: envoy
      restartPolicy: Always
      readinessProbe: {}
  ephemeralContainers:
    - name: debug
      image: busybox
      startupProbe: {}
  containers:
    - name: app
      image: demo
`;
  assert.deepEqual(check(yaml, RULE).map((s) => [s.text, s.at]), [['readinessProbe', '14:7-14:21']]);
  assert.deepEqual(check(yaml, 'api/init-container-probe-forbidden').map((s) => s.text), ['livenessProbe', 'lifecycle']);
  assert.deepEqual(check(yaml, 'api/ephemeral-container-probe-forbidden').map((s) => s.text), ['startupProbe']);
});

// pkg/apis/core/validation/validation.go, validateHandler ("must specify a handler type") sees the hook
// after the API server dropped what the configured version does not keep: `sleep` is no field before
// 1.29 and is cleared in 1.29 (alpha gate PodLifecycleSleepAction off by default; pkg/api/pod/util.go
// dropDisabledFields). A hook whose only handler is `sleep` is then a hook without a handler.
test('validateHandler per kubernetesVersion: a sleep-only hook has no handler before 1.30, one from 1.30', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      sleep: { seconds: 5 }
    postStart:
      exec: { command: [true] }
      sleep: { seconds: 1 }
`);
  for (const v of ['1.27', '1.28', '1.29']) {
    const seen = check(yaml, RULE, { options: { kubernetesVersion: v } });
    assert.deepEqual(seen.map((s) => s.text), ['preStop'], v);
    assert.match(seen[0].message, new RegExp(`PreStop hook has no handler in Kubernetes ${v.replace('.', '\\.')}`));
    assert.equal(seen[0].finding.kubernetesVersion, v);
  }
  for (const v of ['1.30', '1.33', '1.35']) assert.deepEqual(check(yaml, RULE, { options: { kubernetesVersion: v } }), [], v);
});
