// What fails now: verdict ages, their end, and the status bar's text and tooltip (plain data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../../src/core/lint/describe';
import { ago, nextAgeChange, nextChange, RECENT_MS, statusBarModel, statusText } from '../../../src/core/workspace/run-status';
import type { ProbeRunResult } from '../../../src/core/probe/types';

const NOW = Date.UTC(2025, 5, 1, 12, 0);
const refused: ProbeRunResult = { result: 'failure', message: 'dial tcp 127.0.0.1:8080: connect: connection refused', durationMs: 2, probe: { type: 'tcpSocket', target: '127.0.0.1:8080' } };
const totals = { error: 1, warning: 2, info: 0, files: 3, handlers: 7, pending: 0 };

test('ages are coarse and say when they change', () => {
  assert.deepEqual([0, 59_999, 60_000, 119_999, 59 * 60_000, 60 * 60_000, 25 * 3_600_000].map(ago), ['just now', 'just now', '1 min ago', '1 min ago', '59 min ago', '1 h ago', '1 d ago']);
  assert.equal(nextAgeChange(NOW - 30_000, NOW), NOW + 30_000);
  assert.equal(nextAgeChange(NOW - 90 * 60_000, NOW), NOW + 30 * 60_000);
});

test('a failed run: its verdict with its age; looked at again when the age ticks, then when it ends', () => {
  const s = { last: { at: NOW - 9 * 60_000 - 30_000, result: refused, target: '127.0.0.1' } };
  assert.equal(statusText(s, NOW), '✗ connection refused · 9 min ago');
  assert.equal(nextChange(s, NOW), NOW + 30_000, 'at 10 min it ends and reads "10 min ago"');
  assert.equal(nextChange(s, s.last.at + RECENT_MS + 5_000), s.last.at + 11 * 60_000);
  assert.equal(statusText({ ...s, last: { ...s.last, rejected: ['scheme "https" …'] } }, NOW), '⚠ rejected by the API server · ✗ connection refused · 9 min ago');
});

test('status bar: the count, red only while something fails, the failing probes listed with escaped labels', () => {
  const bar = statusBarModel([{ label: 'Deployment web_1 › app › livenessProbe', text: '✗ connection refused · just now' }], totals, escapeMarkdown);
  assert.equal(bar.text, '$(pulse) 1 failing probe');
  assert.equal(bar.error, true);
  assert.match(bar.tooltip, /Failing now \(watched, or run in the last 10 min and not passed since\):\n\n- Deployment web\\_1 › app › livenessProbe: ✗ connection refused · just now/);
  assert.match(bar.tooltip, /Lint: 1 error and 2 warnings in 3 manifests \(7 probes and hooks\)\./);
  const calm = statusBarModel([], totals, escapeMarkdown);
  assert.deepEqual([calm.text, calm.error, calm.visible], ['$(pulse) 0 failing probes', false, true]);
  assert.match(calm.tooltip, /Nothing failing now/);
  assert.equal(statusBarModel([], { ...totals, handlers: 0 }, escapeMarkdown).visible, false, 'hidden in a workspace without probes');
  const many = statusBarModel(Array.from({ length: 10 }, (_, i) => ({ label: `p${i}`, text: 'x' })), totals, escapeMarkdown);
  assert.match(many.tooltip, /- p7: x\n- … and 2 more/);
});
