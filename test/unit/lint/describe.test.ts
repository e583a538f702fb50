import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgets, describeHandler, describeTiming, effectiveFields, escapeMarkdown, hoverMarkdown } from '../../../src/core/lint/describe';
import { parseManifest } from '../../../src/core/manifest/parse';
import type { HandlerModel } from '../../../src/core/manifest/model';
import { deployment } from './helpers';
import { pod } from './probe-helpers';

/** The handlers of the first container of a manifest, by site. */
function handlers(yaml: string): Record<string, HandlerModel> {
  const c = parseManifest(yaml).workloads[0].containers[0];
  return Object.fromEntries(c.handlers.map((h) => [h.site, h]));
}

const app = handlers(deployment(`
- name: app
  ports: [{ name: http, containerPort: 8080 }]
  livenessProbe:
    httpGet: { path: /healthz, port: http }
    initialDelaySeconds: 10
  readinessProbe:
    tcpSocket: { port: 9000 }
    successThreshold: 2
  startupProbe:
    grpc: { port: 9090, service: demo }
    failureThreshold: 30
  lifecycle:
    postStart:
      exec: { command: [cat, /tmp/healthy] }
    preStop:
      sleep: { seconds: 5 }
`, 'terminationGracePeriodSeconds: 45'));

test('describeHandler: type and target, with named ports resolved', () => {
  assert.equal(describeHandler(app.livenessProbe), 'GET /healthz on port http (8080)');
  assert.equal(describeHandler(app.readinessProbe), 'TCP port 9000');
  assert.equal(describeHandler(app.startupProbe), 'gRPC port 9090 service demo');
  assert.equal(describeHandler(app.postStart), 'exec cat /tmp/healthy');
  assert.equal(describeHandler(app.preStop), 'sleep 5 s');
  const more = handlers(deployment(`
- name: x
  livenessProbe:
    httpGet: { host: 10.0.0.1, scheme: HTTPS, port: 443, path: status, httpHeaders: [{ name: Host, value: a.b }] }
  readinessProbe:
    tcpSocket: { port: nope }
  startupProbe:
    exec: { command: [sh, -c, "curl -f localhost"] }
`));
  assert.equal(describeHandler(more.livenessProbe), 'HTTPS GET https://10.0.0.1:443/status, header Host');
  assert.equal(describeHandler(more.readinessProbe), 'TCP port nope (not declared)');
  assert.equal(describeHandler(more.startupProbe), 'exec sh -c "curl -f localhost"');
});

test('describeTiming: effective numbers with defaults, and what the kubelet does on failure', () => {
  assert.equal(
    describeTiming(app.livenessProbe),
    'after the startup probe succeeds, first check after 10 s, every 10 s, timeout 1 s, 3 failures → restart after 30 s',
  );
  assert.equal(
    describeTiming(app.readinessProbe),
    'after the startup probe succeeds, every 10 s, timeout 1 s, 3 failures → removed from Service endpoints after 30 s, 2 successes → back in',
  );
  assert.equal(describeTiming(app.startupProbe), 'every 10 s, timeout 1 s, allows up to 300 s to start (30 × 10 s), then restart');
  assert.equal(describeTiming(app.postStart), 'runs right after the container is created; if it fails, the container is killed');
  assert.equal(describeTiming(app.preStop), 'runs before the container is stopped, within terminationGracePeriodSeconds 45 s, uses 5 s of it');
  const never = handlers(pod(`
- name: once
  livenessProbe: { exec: { command: [true] }, periodSeconds: 5, failureThreshold: 1 }
  startupProbe: { exec: { command: [true] }, initialDelaySeconds: 5, periodSeconds: 0 }
`, 'restartPolicy: Never'));
  assert.match(describeTiming(never.livenessProbe), /1 failure → kill \(restartPolicy Never: no restart\) after 5 s$/);
  assert.equal(
    describeTiming(never.startupProbe),
    'first check after 5 s, every 10 s, timeout 1 s, allows up to 35 s to start (5 s + 3 × 10 s), then kill (restartPolicy Never: no restart)',
  );
});

test('effectiveFields marks defaults, including a 0 that is replaced', () => {
  const h = handlers(deployment(`
- name: x
  readinessProbe: { tcpSocket: { port: 1 }, periodSeconds: 0, timeoutSeconds: 3, initialDelaySeconds: 0 }
`)).readinessProbe;
  assert.deepEqual(effectiveFields(h), [
    { field: 'initialDelaySeconds', value: 0, defaulted: false },
    { field: 'periodSeconds', value: 10, defaulted: true },
    { field: 'timeoutSeconds', value: 3, defaulted: false },
    { field: 'successThreshold', value: 1, defaulted: true },
    { field: 'failureThreshold', value: 3, defaulted: true },
  ]);
});

test('budgets: the startup budget and the liveness and readiness windows of the container', () => {
  assert.deepEqual(budgets(app.readinessProbe), [
    'Startup: up to 300 s to start (initialDelaySeconds 0 + failureThreshold 30 × periodSeconds 10)',
    'Liveness: restart after failureThreshold 3 × periodSeconds 10 = 30 s of failures',
    'Readiness: out of Service endpoints after failureThreshold 3 × periodSeconds 10 = 30 s of failures',
  ]);
  const noStartup = handlers(deployment(`
- name: x
  livenessProbe: { tcpSocket: { port: 1 }, initialDelaySeconds: 5 }
`)).livenessProbe;
  assert.deepEqual(budgets(noStartup), [
    'Liveness: restart after failureThreshold 3 × periodSeconds 10 = 30 s of failures; with no startup probe a slow start gets 35 s (initialDelaySeconds 5 + 30)',
  ]);
});

test('hoverMarkdown combines handler, timing, the fields table and the budgets, escaping manifest text', () => {
  const md = hoverMarkdown(app.livenessProbe);
  assert.equal(
    md,
    [
      '**Liveness probe** · GET /healthz on port http \\(8080\\)',
      '',
      'after the startup probe succeeds, first check after 10 s, every 10 s, timeout 1 s, 3 failures → restart after 30 s',
      '',
      '| field | effective |',
      '|---|---|',
      '| initialDelaySeconds | 10 |',
      '| periodSeconds | 10 (default) |',
      '| timeoutSeconds | 1 (default) |',
      '| successThreshold | 1 (default) |',
      '| failureThreshold | 3 (default) |',
      '',
      'Budgets:',
      '- Startup: up to 300 s to start (initialDelaySeconds 0 + failureThreshold 30 × periodSeconds 10)',
      '- Liveness: restart after failureThreshold 3 × periodSeconds 10 = 30 s of failures',
      '- Readiness: out of Service endpoints after failureThreshold 3 × periodSeconds 10 = 30 s of failures',
    ].join('\n'),
  );
  assert.equal(hoverMarkdown(app.preStop), '**PreStop hook** · sleep 5 s\n\nruns before the container is stopped, within terminationGracePeriodSeconds 45 s, uses 5 s of it');
  assert.equal(escapeMarkdown('<img src=x>*[a](b)*'), '\\<img src=x\\>\\*\\[a\\]\\(b\\)\\*');
  assert.equal(escapeMarkdown('echo $(hostname)'), 'echo \\$\\(hostname\\)', 'no theme icon from a command');
});
