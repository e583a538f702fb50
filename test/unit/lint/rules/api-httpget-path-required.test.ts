import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/engine';
import { ruleById } from '../../../../src/core/lint/rules';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/httpget-path-required';

const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
      port: 8080
  readinessProbe:
    httpGet:
      path: ""
      port: 8080
`);

test('off by default: the API server never sees an empty path (defaulted to "/")', () => {
  assert.equal(ruleById(RULE)?.defaultSeverity, 'off');
  assert.deepEqual(lintText(yaml).findings.filter((f) => f.rule === RULE), []);
});

test('when turned on: an info note on the httpGet key (missing) or the empty value; the fix writes "/"', () => {
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at, s.severity]), [['httpGet', '16:13-16:20', 'info'], ['""', '20:21-20:23', 'info']]);
  assert.match(seen[0].message, /Liveness probe has no httpGet\.path: Kubernetes defaults it to "\/"/);
  let fixed = applyFix(yaml, seen[1].finding);
  fixed = applyFix(fixed, check(fixed, RULE)[0].finding);
  assert.match(fixed, /httpGet:\n {14}port: 8080\n {14}path: \/\n/);
  assert.match(fixed, /path: "\/"\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('near miss: a path; tcpSocket; httpGet as a second handler', () => {
  const ok = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { path: /healthz, port: 8080 }
  readinessProbe:
    tcpSocket: { port: 8080 }
  startupProbe:
    exec: { command: [check] }
    httpGet: { port: 8080 }
`);
  assert.deepEqual(check(ok, RULE), []);
});
