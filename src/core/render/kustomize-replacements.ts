// Which `replacements` entry of an overlay chain writes a rendered field (docs/kustomize.md): a
// replacement copies a value from one object into fields of others, named by `fieldPaths`
// (`spec.template.spec.containers.[name=web].readinessProbe.httpGet.port`, `…containers.0…`, `*`).
// The fieldPath that targets the field is what the user changes (or follows to the source); the base
// line still holds the value the replacement overwrote. Inline entries and `path:` files are read.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { findPair } from '../manifest/nav';
import type { Candidate } from './kustomize-origin';

const MAX_FILE_BYTES = 1024 * 1024;

export interface ReplacementHit {
  file: string;
  span: Span;
  /** Index in the candidate's steps of the layer that lists it (0: the overlay itself). */
  step: number;
}

function parseFile(file: string): { doc: Document.Parsed; text: string } | undefined {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return undefined;
    const text = readFileSync(file, 'utf8');
    return { doc: parseDocument(text, { strict: false, logLevel: 'silent' }) as Document.Parsed, text };
  } catch {
    return undefined;
  }
}

/** The fieldPath of a replacement in the chain that writes `path` of the rendered object; the outermost, last one. */
export function replacementOf(cand: Candidate, rendered: Record<string, unknown>, path: readonly PathSegment[]): ReplacementHit | undefined {
  for (let step = 0; step < cand.steps.length; step++) {
    const layerFile = cand.steps[step].layer.file;
    const k = parseFile(layerFile);
    const list = k && isMap(k.doc.contents) ? findPair(k.doc.contents, 'replacements')?.value : undefined;
    if (!isSeq(list)) continue;
    let found: ReplacementHit | undefined;
    for (const item of list.items) {
      const fileRef = isMap(item) ? findPair(item, 'path')?.value : undefined;
      if (isScalar(fileRef) && typeof fileRef.value === 'string') {
        const f = isAbsolute(fileRef.value) ? fileRef.value : resolve(dirname(layerFile), fileRef.value);
        const ext = parseFile(f);
        const c = ext?.doc.contents;
        for (const r of isSeq(c) ? c.items : [c]) found = match(r as Node, f, step, cand, rendered, path) ?? found;
      } else found = match(item as Node, layerFile, step, cand, rendered, path) ?? found;
    }
    if (found) return found;
  }
  return undefined;
}

function match(repl: Node | null | undefined, file: string, step: number, cand: Candidate, rendered: Record<string, unknown>, path: readonly PathSegment[]): ReplacementHit | undefined {
  if (!isMap(repl)) return undefined;
  const targets = findPair(repl, 'targets')?.value;
  if (!isSeq(targets)) return undefined;
  let hit: ReplacementHit | undefined;
  for (const t of targets.items) {
    if (!isMap(t)) continue;
    const select = findPair(t, 'select')?.value;
    if (!selects(select, cand, rendered)) continue;
    const reject = findPair(t, 'reject')?.value;
    if (isSeq(reject) && reject.items.some((r) => isMap(r) && selects(r, cand, rendered))) continue;
    const fps = findPair(t, 'fieldPaths')?.value;
    if (!isSeq(fps)) continue;
    for (const fp of fps.items) {
      if (isScalar(fp) && typeof fp.value === 'string' && fp.range && fieldPathMatches(fp.value, rendered, path)) {
        hit = { file, span: { start: fp.range[0], end: fp.range[1] }, step };
      }
    }
  }
  return hit;
}

/** Kustomize's select: kind and name (any name the object had on the way: the original first). */
function selects(select: unknown, cand: Candidate, rendered: Record<string, unknown>): boolean {
  if (!isMap(select)) return false;
  const s = select.toJSON() as Record<string, unknown>;
  if (typeof s.kind === 'string' && s.kind !== rendered.kind) return false;
  if (typeof s.name === 'string' && !cand.names.includes(s.name)) return false;
  if (typeof s.namespace === 'string' && !cand.namespaces.includes(s.namespace)) return false;
  return true;
}

/** `a.b.[name=web].c`, `a.b.0.c`, `a.b[name=web].c`, `a.*.c` against a rendered path. */
function fieldPathMatches(fieldPath: string, rendered: unknown, path: readonly PathSegment[]): boolean {
  const segs: string[] = [];
  for (const part of fieldPath.match(/\[[^\]]*\]|[^.[\]]+/g) ?? []) segs.push(part);
  if (segs.length !== path.length) return false;
  let cur: unknown = rendered;
  for (let i = 0; i < path.length; i++) {
    const seg = segs[i];
    const p = path[i];
    if (typeof p === 'number') {
      const item = Array.isArray(cur) ? cur[p] : undefined;
      const sel = /^\[([^=\]]+)=([^\]]*)\]$/.exec(seg);
      if (sel) {
        if (!item || typeof item !== 'object' || String((item as Record<string, unknown>)[sel[1]]) !== sel[2]) return false;
      } else if (seg !== '*' && seg !== String(p)) return false;
      cur = item;
    } else {
      if (seg !== p && seg !== '*') return false;
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    }
  }
  return true;
}
