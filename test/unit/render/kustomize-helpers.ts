// Test helpers for the Kustomize renderer: lint a rendered overlay with the real lint engine and map
// each finding through Rendered.locate, as a user of the CLI would see it (file, 1-based line).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { lintText } from '../../../src/core/lint';
import type { PathSegment, Span } from '../../../src/core/manifest/model';
import type { Rendered } from '../../../src/core/render/types';

/** The YAML path of the key or value whose span is exactly `span`, and which of the two it is. */
export function pathOfSpan(root: Node | null | undefined, span: Span, base = 0): { path: PathSegment[]; which: 'key' | 'value' } | undefined {
  let best: { path: PathSegment[]; which: 'key' | 'value'; size: number } | undefined;
  const consider = (path: PathSegment[], which: 'key' | 'value', r: readonly number[] | undefined | null) => {
    if (!r) return;
    const s = base + r[0];
    const e = base + r[1];
    if (s <= span.start && span.end <= Math.max(e, s)) {
      const size = e - s;
      if (!best || size <= best.size) best = { path, which, size };
    }
  };
  const visit = (n: unknown, path: PathSegment[]) => {
    if (isMap(n)) {
      for (const it of n.items) {
        if (!isPair(it) || !isScalar(it.key)) continue;
        const p = [...path, String(it.key.value)];
        consider(p, 'key', (it.key as Node).range);
        if (it.value) {
          consider(p, 'value', (it.value as Node).range);
          visit(it.value, p);
        }
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => {
        consider([...path, i], 'value', (it as Node).range);
        visit(it, [...path, i]);
      });
    }
  };
  visit(root, []);
  return best ? { path: best.path, which: best.which } : undefined;
}

export interface MappedFinding {
  rule: string;
  /** Path relative to `relTo`, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  text: string;
  name?: string;
  container?: string;
}

/** Lints the rendered text and maps every finding to its source (undefined mapping → the anchor file). */
export async function lintAndLocate(r: Rendered, relTo: string): Promise<MappedFinding[]> {
  const { file, findings } = lintText(r.text, 'rendered.yaml');
  const out: MappedFinding[] = [];
  for (const f of findings) {
    const doc = file.documents.find((d) => d.span.start <= f.span.start && f.span.start < Math.max(d.span.end, d.span.start + 1));
    const p = doc ? pathOfSpan(doc.yaml?.contents as Node, f.span, doc.base) : undefined;
    const loc = doc && p ? await r.locate(doc.index, p.path, p.which) : undefined;
    const target = loc?.file ?? r.unit.anchorFile;
    const text = readFileSync(target, 'utf8');
    const start = loc?.span.start ?? 0;
    const line = text.slice(0, start).split('\n').length;
    out.push({
      rule: f.rule,
      file: relative(relTo, target).split('\\').join('/'),
      line,
      text: loc ? text.slice(loc.span.start, loc.span.end) : '',
      name: f.name,
      container: f.container,
    });
  }
  return out;
}
