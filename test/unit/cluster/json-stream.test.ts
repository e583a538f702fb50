// The JSON stream splitter behind `kubectl get --watch -o json`: property tests over arbitrary
// values, layouts (compact / pretty / kubectl's), separators and chunk boundaries (including inside
// strings, escapes and multi-byte UTF-8 sequences).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonStreamSplitter, splitJsonValues } from '../../../src/core/cluster/json-stream';

/** Objects and arrays at the top level (what kubectl prints), with nasty strings inside. */
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('{', '}', '[', ']', '"', '\\', '\\"', '"}', '{"a":', '\n', '😀', 'é', '\u2028', '\\u0000'),
);
const topValue = fc.oneof(
  fc.dictionary(nastyString, fc.jsonValue()),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.record({ type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED'), object: fc.record({ metadata: fc.record({ name: nastyString }), data: fc.jsonValue() }) }),
);

/** fast-check makes null-prototype objects; JSON.parse makes plain ones. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

function chunked(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

describe('JsonStreamSplitter', () => {
  test('property: any values, any layout and separators, any byte-level chunking → the same values', () => {
    fc.assert(
      fc.property(
        fc.array(topValue, { minLength: 0, maxLength: 8 }),
        fc.array(fc.constantFrom('', '\n', ' ', '\r\n', '\n\n', '\t'), { minLength: 8, maxLength: 8 }),
        fc.constantFrom(0, 2, 4),
        fc.array(fc.nat(), { maxLength: 30 }),
        (values, seps, indent, cuts) => {
          const text = values.map((v, i) => JSON.stringify(v, null, indent) + seps[i]!).join('');
          const errors: string[] = [];
          const s = new JsonStreamSplitter({ onError: (m) => errors.push(m) });
          const got: unknown[] = [];
          for (const c of chunked(Buffer.from(text, 'utf8'), cuts)) got.push(...s.push(c));
          got.push(...s.end());
          assert.deepEqual(got, plain(values));
          assert.deepEqual(errors, []);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('property: one byte at a time', () => {
    fc.assert(
      fc.property(fc.array(topValue, { maxLength: 3 }), (values) => {
        const text = values.map((v) => JSON.stringify(v)).join('\n');
        const s = new JsonStreamSplitter();
        const got: unknown[] = [];
        const buf = Buffer.from(text, 'utf8');
        for (let i = 0; i < buf.length; i++) got.push(...s.push(buf.subarray(i, i + 1)));
        got.push(...s.end());
        assert.deepEqual(got, plain(values));
      }),
      { numRuns: 100 },
    );
  });

  test('values are emitted as soon as they are complete', () => {
    const s = new JsonStreamSplitter();
    assert.deepEqual(s.push('{"type":"ADDED","object":{"a":"}"}'), []);
    assert.deepEqual(s.push('}{"b"'), [{ type: 'ADDED', object: { a: '}' } }]);
    assert.deepEqual(s.push(':1}\n'), [{ b: 1 }]);
    assert.equal(s.pending, 0);
  });

  test('stray text between values is skipped and reported; the stream carries on', () => {
    const errors: string[] = [];
    const got = splitJsonValues('Warning: something\n{"a":1}\nnot json\n[2]\n', (m, t) => errors.push(`${m}: ${t.trim()}`));
    assert.deepEqual(got, [{ a: 1 }, [2]]);
    assert.deepEqual(errors, ['text between JSON values was skipped: Warning: something', 'text between JSON values was skipped: not json']);
  });

  test('an invalid value is reported, the next one still parses', () => {
    const errors: string[] = [];
    assert.deepEqual(splitJsonValues('{"a":tru}{"b":2}', (m) => errors.push(m)), [{ b: 2 }]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^invalid JSON value/);
  });

  test('an unfinished value at the end is reported', () => {
    const errors: string[] = [];
    assert.deepEqual(splitJsonValues('{"a":1}{"b":', (m) => errors.push(m)), [{ a: 1 }]);
    assert.deepEqual(errors, ['the stream ended inside a JSON value']);
  });

  test('a value over the size cap is dropped without buffering it; later values survive', () => {
    const errors: string[] = [];
    const s = new JsonStreamSplitter({ maxValueLength: 100, onError: (m) => errors.push(m) });
    const got: unknown[] = [];
    got.push(...s.push('{"big":"' + 'x'.repeat(150)));
    assert.ok(s.pending < 100);
    got.push(...s.push('x'.repeat(500) + '","n":{"m":[1,2,{"z":"}"}]}}'));
    got.push(...s.push('\n{"small":true}'));
    got.push(...s.end());
    assert.deepEqual(got, [{ small: true }]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /exceeded 100 characters/);
  });
});
