// Reusing a chart's differential-render attribution (helm-locate.ts) after an edit that cannot
// have changed it, so that re-linting after a values keystroke costs one `helm template`, not two.
// Reused only when all of these hold, else the sentinel render runs again:
//  - the chart's files other than its values files are unchanged (path, size, modification time);
//  - the values have the same shape: the same keys, lists of the same lengths, the same
//    booleans/nulls, and strings and numbers where they were (only string/number values changed);
//  - the render has the same documents (template, kind) with the same probe-related field paths;
//  - every field still agrees: a field fed by a values key now equals that key's new value, and a
//    field fed by no key did not change.
// A value that feeds a field through control flow or arithmetic is never attributed anyway (a
// field maps to a key only when it equals the key's value), so such edits fall back safely.
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { ManifestFile } from '../manifest/model';
import { pathKey } from './helm-fields';
import type { Field } from './helm-sentinel-read';
import type { Leaf, ValuesModel } from './helm-values';

export interface AttributionMemo {
  chartSig: string;
  shape: string;
  docs: Array<{ source: string; kind?: string; fields: Field[] }>;
  /** Rendered document index → field path key → the values leaf that feeds it. */
  attribution: Map<number, Map<string, Leaf>>;
}

const SOURCE_RE = /^# Source: (.+?)\s*$/m;

/** The attribution of this render, reusing `prev`'s when the edit cannot have changed it. */
export function reuseAttribution(
  prev: AttributionMemo,
  signature: string | undefined,
  model: ValuesModel,
  leaves: readonly Leaf[],
  parsed: ManifestFile,
  fields: ReadonlyMap<number, Field[]>,
): { attribution: Map<number, Map<string, Leaf>>; memo: AttributionMemo } | undefined {
  const memo = memoOf(signature, model, parsed, fields, new Map());
  if (!memo || memo.chartSig !== prev.chartSig || memo.shape !== prev.shape || memo.docs.length !== prev.docs.length) return undefined;
  const byPath = new Map(leaves.map((l) => [pathKey(l.path), l]));
  const attribution = new Map<number, Map<string, Leaf>>();
  for (let i = 0; i < memo.docs.length; i++) {
    const a = prev.docs[i];
    const b = memo.docs[i];
    if (a.source !== b.source || a.kind !== b.kind || a.fields.length !== b.fields.length) return undefined;
    const before = prev.attribution.get(i);
    for (let j = 0; j < b.fields.length; j++) {
      const fa = a.fields[j];
      const fb = b.fields[j];
      const key = pathKey(fb.path);
      if (pathKey(fa.path) !== key) return undefined;
      const fed = before?.get(key);
      if (!fed) {
        if (String(fa.value) !== String(fb.value)) return undefined;
        continue;
      }
      const now = byPath.get(pathKey(fed.path));
      if (!now || String(now.value) !== String(fb.value)) return undefined;
      let m = attribution.get(i);
      if (!m) attribution.set(i, (m = new Map()));
      m.set(key, now);
    }
  }
  memo.attribution = attribution;
  return { attribution, memo };
}

/**
 * What a later render may reuse; undefined when the chart has no fingerprint (too large). `signature`:
 * every file of the chart and its subcharts except the values files, with size and mtime
 * (helm-prefetch.ts).
 */
export function memoOf(
  signature: string | undefined,
  model: ValuesModel,
  parsed: ManifestFile,
  fields: ReadonlyMap<number, Field[]>,
  attribution: Map<number, Map<string, Leaf>>,
): AttributionMemo | undefined {
  if (signature === undefined) return undefined;
  return {
    chartSig: signature,
    shape: shapeOf(model),
    docs: parsed.documents.map((d) => ({ source: SOURCE_RE.exec(parsed.text.slice(d.span.start, d.span.end))?.[1] ?? '', kind: d.kind, fields: fields.get(d.index) ?? [] })),
    attribution,
  };
}

/** The values without their string and number contents: keys, list lengths, other scalars. */
function shapeOf(model: ValuesModel): string {
  const root = model.chart.dir;
  const parts: string[] = [];
  for (const src of model.sources) {
    // Relative to the chart: a render of the same chart mirrored elsewhere (buffers.ts) has the same shape.
    parts.push(`@${path.relative(root, src.file)}:${JSON.stringify(src.prefix)}`);
    const walk = (n: unknown, p: string) => {
      if (isMap(n)) {
        parts.push(`${p}{`);
        for (const pair of n.items) walk(pair.value, `${p}.${isScalar(pair.key) ? String(pair.key.value) : '?'}`);
        parts.push('}');
      } else if (isSeq(n)) {
        parts.push(`${p}[${n.items.length}`);
        n.items.forEach((it, i) => walk(it, `${p}[${i}]`));
      } else if (isScalar(n)) {
        const v = n.value;
        parts.push(`${p}=${typeof v === 'string' ? (v === '' ? "''" : 's') : typeof v === 'number' ? (Number.isFinite(v) ? 'n' : String(v)) : String(v)}`);
      } else parts.push(`${p}~`);
    };
    walk(src.doc.contents, '');
    if (src.doc.errors.length) parts.push(`!${src.doc.errors.length}`);
  }
  return parts.join('\n');
}
