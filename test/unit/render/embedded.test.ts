// Inline patches: offsets in a YAML string's value map back to the enclosing file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, type Node } from 'yaml';
import { embeddedText } from '../../../src/core/render/embedded';

function at(file: string, key: string, needle: string): string {
  const doc = parseDocument(file);
  const emb = embeddedText(file, doc.get(key, true) as Node);
  assert.ok(emb);
  const o = emb.text.indexOf(needle);
  assert.ok(o >= 0, needle);
  const s = emb.spanToFile({ start: o, end: o + needle.length });
  return file.slice(s.start, s.end);
}

test('literal block scalars map character by character (clip, strip, keep, blank lines)', () => {
  for (const chomp of ['|', '|-', '|+']) {
    const file = `a: 1\npatch: ${chomp}\n  - op: add\n\n    path: /x\n    value: 42\nb: 2\n`;
    assert.equal(at(file, 'patch', 'value: 42'), 'value: 42');
    assert.equal(at(file, 'patch', '/x'), '/x');
  }
});

test('an explicit indentation indicator keeps the more-indented first line', () => {
  const file = `patch: |2\n    indented: first\n  value: 42\n`;
  assert.equal(at(file, 'patch', 'value: 42'), 'value: 42');
  assert.equal(at(file, 'patch', 'indented'), 'indented');
});

test('single-line quoted and plain scalars without escapes map directly; escaped ones map to the scalar', () => {
  const file = `p: '[{"op": "add", "value": 7}]'\nq: "a\\tb value"\n`;
  assert.equal(at(file, 'p', '"value": 7'), '"value": 7');
  const doc = parseDocument(file);
  const emb = embeddedText(file, doc.get('q', true) as Node)!;
  const s = emb.spanToFile({ start: 4, end: 9 });
  assert.equal(file.slice(s.start, s.end), '"a\\tb value"');
});
