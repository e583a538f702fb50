import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disableCommentEdit } from '../../../src/core/lint/edits';
import { check, deployment } from './helpers';

function apply(text: string, e: { span: { start: number; end: number }; newText: string }) {
  return text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
}

const yaml = deployment(`
- name: app
  livenessProbe: {}
  readinessProbe: {}
`);

test('disable for this line: a comment above, same indentation, and the finding is gone', () => {
  const at = yaml.indexOf('livenessProbe');
  const out = apply(yaml, disableCommentEdit(yaml, at, 'api/probe-no-handler', 'line'));
  assert.match(out, /\n {10}# kube-probes-disable-next-line api\/probe-no-handler\n {10}livenessProbe: \{\}/);
  assert.deepEqual(check(out, 'api/probe-no-handler').map((s) => s.text), ['readinessProbe']);
});

test('disable for this line twice extends the same comment', () => {
  const at = yaml.indexOf('livenessProbe');
  const once = apply(yaml, disableCommentEdit(yaml, at, 'rule/a', 'line'));
  const twice = apply(once, disableCommentEdit(once, once.indexOf('livenessProbe'), 'rule/b', 'line'));
  assert.match(twice, /# kube-probes-disable-next-line rule\/a, rule\/b\n {10}livenessProbe/);
  assert.equal(twice.split('kube-probes-disable').length, 2);
});

test('disable for this file: a first-line comment, extended on a second use', () => {
  const once = apply(yaml, disableCommentEdit(yaml, 10, 'api/probe-no-handler', 'file'));
  assert.ok(once.startsWith('# kube-probes-disable api/probe-no-handler\napiVersion'));
  assert.deepEqual(check(once, 'api/probe-no-handler'), []);
  const twice = apply(once, disableCommentEdit(once, 10, 'schema/wrong-type', 'file'));
  assert.ok(twice.startsWith('# kube-probes-disable api/probe-no-handler, schema/wrong-type\napiVersion'));
});

test('CRLF files get CRLF comments', () => {
  const crlf = yaml.replace(/\n/g, '\r\n');
  const out = apply(crlf, disableCommentEdit(crlf, crlf.indexOf('livenessProbe'), 'x/y', 'line'));
  assert.match(out, /# kube-probes-disable-next-line x\/y\r\n {10}livenessProbe/);
});
