import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';
import { probeFindings } from '../probe-helpers';

const RULE = 'probe/missing-readiness';

test('flags a container without readinessProbe on its name; the fix copies the liveness handler, failing sooner', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
      path: /healthz
      port: http
  ports:
    - name: http
      containerPort: 8080
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'app');
  assert.equal(seen[0].at, '13:17-13:20');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Container "app" has no readinessProbe: it counts as Ready as soon as it starts, so it gets traffic before the app can serve it. Add a readinessProbe.',
  );
  assert.equal(
    seen[0].finding.fixes?.[0].title,
    'Add a readinessProbe with the liveness handler, failing after 2 × 10 s = 20 s (liveness restarts after 30 s)',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(
    fixed,
    /containerPort: 8080\n {10}readinessProbe:\n {12}httpGet:\n {14}path: \/healthz\n {14}port: http\n {12}failureThreshold: 2\n$/,
  );
  assert.deepEqual(check(fixed, RULE), []);
  // The new probe trips none of the rules about liveness/readiness pairs (nor any other default rule).
  assert.deepEqual(probeFindings(fixed), []);
});

test('liveness with failureThreshold 1: the readiness fix halves the period instead', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    exec:
      command: [cat, /tmp/healthy]
    timeoutSeconds: 2
    failureThreshold: 1
    periodSeconds: 30
`);
  const seen = check(yaml, RULE);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(
    fixed,
    / {10}readinessProbe:\n {12}exec:\n {14}command: \[cat, \/tmp\/healthy\]\n {12}timeoutSeconds: 2\n {12}periodSeconds: 15\n {12}failureThreshold: 1\n$/,
  );
  assert.deepEqual(
    probeFindings(fixed).filter((r) => r.includes('readiness')),
    [],
  );
});

test('no liveness probe: flagged without a fix; a null readinessProbe counts as missing', () => {
  const seen = check(deployment(`
- name: app
  readinessProbe:
    # httpGet:
    #   port: 80
`), RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].finding.fixes, undefined);
});

test('scope: Job/CronJob pods, plain init and ephemeral containers are skipped; sidecars are checked', () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
`;
  assert.deepEqual(check(job, RULE), []);
  const yaml = deployment(`
- name: app
  readinessProbe:
    tcpSocket: { port: 80 }
`, `
initContainers:
  - name: setup
  - name: proxy
    restartPolicy: Always
ephemeralContainers:
  - name: debug
`);
  assert.deepEqual(check(yaml, RULE).map((s) => s.message.slice(0, 40)), ['Sidecar container "proxy" has no readine']);
});

test('readinessOnlyWhenSelected: only pods that a Service in the same file and namespace selects', () => {
  const base = deployment(`
- name: app
`);
  const service = (ns: string, selector: string) => `---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  selector: ${selector}
  ports: [{ port: 80 }]
`;
  const opts = { options: { readinessOnlyWhenSelected: true } };
  assert.deepEqual(check(base, RULE, opts), [], 'no Service at all');
  const selected = check(base + service('shop', '{ app: web }'), RULE, opts);
  assert.equal(selected.length, 1);
  assert.match(selected[0].message, /has no readinessProbe while Service "web" selects this pod:/);
  assert.deepEqual(check(base + service('other', '{ app: web }'), RULE, opts), [], 'another namespace');
  assert.deepEqual(check(base + service('shop', '{ app: web, tier: db }'), RULE, opts), [], 'selector wants more labels');
  assert.deepEqual(check(base + service('shop', '{}'), RULE, opts), [], 'a Service without selector selects no pods');
  assert.deepEqual(check(base + service('shop', '{ app: {{ .Values.app }} }'), RULE, opts), [], 'templated selector');
});

test('near misses: a container with a readiness probe, probes rendered by a Helm template', () => {
  assert.deepEqual(check(deployment(`
- name: app
  readinessProbe:
    httpGet: { port: 8080, path: /ready }
`), RULE), []);
  assert.deepEqual(check(deployment(`
- name: app
  {{- with .Values.probes }}
  {{- toYaml . | nindent 10 }}
  {{- end }}
`), RULE), []);
});
