// Finding a probe again after edits, the ports it needs, and its verdict in words (CodeLens, log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest } from '../../../src/core/manifest/parse';
import { findHandler, locatorOf, parsePortMap, portsOf, runReport, verdictText } from '../../../src/core/probe/locate';
import type { ProbeRunResult } from '../../../src/core/probe/types';

const YAML = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: app
          ports: [{ name: http, containerPort: 8080 }, { name: grpc, containerPort: 9090 }]
          livenessProbe: { httpGet: { path: /healthz, port: http } }
          readinessProbe: { grpc: { port: 9090 } }
`;

const result = (r: Partial<ProbeRunResult>): ProbeRunResult => ({
  result: 'success', message: '', durationMs: 12, probe: { type: 'httpGet', target: 'http://127.0.0.1:8080/healthz' }, ...r,
});

test('a probe is found again after lines are inserted above it; ports are resolved', () => {
  const h = parseManifest(YAML).workloads[0].containers[0].handlers[0];
  const loc = locatorOf(h);
  assert.deepEqual([loc.workload, loc.container, loc.site], ['Deployment/web', 'app', 'livenessProbe']);
  const edited = parseManifest('# a comment\n# another\n' + YAML);
  const again = findHandler(edited, loc);
  assert.equal(again?.site, 'livenessProbe');
  assert.equal(edited.text.slice(again!.keySpan.start, again!.keySpan.end), 'livenessProbe');
  assert.deepEqual(portsOf(h), [8080]);
  assert.deepEqual(portsOf(edited.workloads[0].containers[0].handlers[1]), [9090]);
  assert.equal(findHandler(parseManifest(YAML.replace('livenessProbe', 'startupProbe')), loc), undefined);
});

test('verdicts in words: the lens text for success, redirect, failure, timeout and errored', () => {
  assert.deepEqual(verdictText(result({ http: { status: 200, redirects: [] } })), { icon: '✓', short: '200 in 12 ms' });
  assert.deepEqual(verdictText(result({ result: 'warning', http: { status: 302, redirects: [] } })), { icon: '!', short: '302 (redirect not followed) in 12 ms' });
  assert.deepEqual(verdictText(result({ result: 'failure', message: 'HTTP probe failed with statuscode: 503', http: { status: 503, redirects: [] } })), { icon: '✗', short: '503' });
  assert.deepEqual(
    verdictText(result({ result: 'failure', message: 'Get "http://127.0.0.1:1/": dial tcp 127.0.0.1:1: connect: connection refused' })),
    { icon: '✗', short: 'connection refused' },
  );
  assert.deepEqual(verdictText(result({ result: 'failure', durationMs: 1003, message: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' })), { icon: '✗', short: 'timeout after 1003 ms' });
  assert.deepEqual(verdictText(result({ result: 'failure', probe: { type: 'grpc', target: 'x' }, message: 'service unhealthy (responded with "NOT_SERVING")' })), { icon: '✗', short: 'NOT_SERVING' });
  assert.deepEqual(verdictText(result({ result: 'unknown', errored: 'port "web" not found' })), { icon: '?', short: 'errored: port "web" not found' });
});

test('the log report: request, status, the kubelet event, no repeated timing', () => {
  const h = parseManifest(YAML).workloads[0].containers[0].handlers[0];
  const lines = runReport(h, result({ http: { status: 200, redirects: ['http://127.0.0.1:8080/ok'], headers: { Accept: ['*/*'] } }, cached: 'Success' }), '127.0.0.1');
  assert.deepEqual(lines, [
    'Liveness probe of Deployment/web › app against 127.0.0.1',
    '  httpGet http://127.0.0.1:8080/healthz',
    '  > Accept: */*',
    '  → redirected to http://127.0.0.1:8080/ok',
    '  < HTTP 200',
    '  result: success (kubelet caches Success) — ✓ 200 in 12 ms',
  ]);
  const failed = runReport(h, result({ result: 'failure', message: 'boom', event: 'Liveness probe failed: boom' }), 'x');
  assert.ok(failed.includes('  result: failure in 12 ms — ✗ boom'));
  assert.ok(failed.includes('  kubelet event: Liveness probe failed: boom'));
});

test('port maps: pairs, and malformed input refused', () => {
  assert.deepEqual(parsePortMap('8080:18080, 9000:19000'), { 8080: 18080, 9000: 19000 });
  assert.deepEqual(parsePortMap(''), {});
  for (const bad of ['8080', '8080:', 'a:b', '0:1', '1:70000', '8080-9000']) assert.equal(parsePortMap(bad), undefined, bad);
});
