// Writing a measured recommendation into a Helm chart or Kustomize overlay (docs/measure.md, "Apply
// into a chart or overlay"): each recommended field goes where its rendered value comes from — the
// values key that feeds it (render/helm-locate.ts), the template line that writes it literally, the
// patch that sets it, else the resource file (render/kustomize-map.ts). A field not written anywhere
// (its default applies) is added next to a sibling field of the same probe (inside a values block
// passed through toYaml, a literal probe in a template, a patch, a base), or — when a template reads
// it as `.Values.KEY` (with or without `| default`) — as that key in the chart's values.yaml.
// Every edit is certain or not made: the unit is rendered again with the edited texts (as unsaved
// buffers, render/buffers.ts) and only the fields that then render the recommended value are kept;
// anything else is said exactly (which key or line to change, to what). Edits keep comments,
// indentation and quoting; the caller applies them as one WorkspaceEdit.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import type { TextEdit } from '../lint/types';
import type { ContainerModel, PathSegment, Span } from '../manifest/model';
import { parseManifest } from '../manifest/parse';
import { renderWithBuffers, type Buffers } from '../render/buffers';
import { renderUnit } from '../render/index';
import type { RenderOptions, Rendered } from '../render/types';
import type { Change, Recommendation } from './recommend';

export interface UnitEdit extends TextEdit {
  /** Absolute path of the file to edit. */
  file: string;
}

export interface UnitApplyResult {
  /** Verified edits, by file then offset (apply them all as one step). */
  edits: UnitEdit[];
  /** What each written field went into, e.g. "livenessProbe.timeoutSeconds 5 → 2 in values.yaml line 12". */
  written: string[];
  /** What could not be written with certainty, each with what to change by hand and where. */
  skipped: string[];
}

export interface UnitApplyInput {
  /** The unit's render the recommendation was made on (its `locate` and `sourceText` are used). */
  rendered: Rendered;
  /** The rendered container the probe belongs to (parsed from `rendered.text`). */
  container: ContainerModel;
  recommendation: Recommendation;
  /** The options the unit is rendered with (tool paths, values files): the check renders with them. */
  opts: RenderOptions;
  /** Unsaved texts of the unit's files (the editor's dirty documents), kept in the check render. */
  buffers?: Buffers;
  /** Renders the unit with buffers (default: buffers.ts over the real tool); for tests of the checking. */
  render?: typeof renderUnit;
}

interface Candidate {
  change: Change;
  edits: UnitEdit[];
  /** Where it goes, in words (for `written`). */
  where: string;
}

const TIMING_FIRST: string[] = ['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds', 'successThreshold', 'terminationGracePeriodSeconds'];
const VALUES_REF = /^\{\{-?\s*\.Values\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:\|\s*default\s+[^|}]+?\s*)?-?\}\}$/;

/** The edits that write `recommendation` into the unit's source files, each checked by a render. */
export async function unitRecommendationEdits(input: UnitApplyInput): Promise<UnitApplyResult> {
  const { rendered, container: c, recommendation: rec } = input;
  const unit = rendered.unit;
  const rel = (f: string) => path.relative(unit.root, f).split(path.sep).join('/') || path.basename(f);
  const texts = new Map<string, string | undefined>();
  const textOf = async (f: string): Promise<string | undefined> => {
    if (!texts.has(f)) texts.set(f, input.buffers?.get(f) ?? (rendered.sourceText ? await rendered.sourceText(f) : await fs.readFile(f, 'utf8').catch(() => undefined)));
    return texts.get(f);
  };
  const docIndex = c.workload.document.index;
  const skipped: string[] = [];
  const candidates: Candidate[] = [];
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

  for (const ch of rec.changes) {
    const probe = c.spec[ch.probe] as Record<string, unknown> | undefined;
    const probePath: PathSegment[] = [...c.path, ch.probe];
    const label = `${ch.probe}.${ch.field}: ${ch.to}`;
    if (!probe || typeof probe !== 'object') {
      skipped.push(`${label} — the rendered container ${c.name ?? ''} has no ${ch.probe}`);
      continue;
    }
    if (probe[ch.field] !== undefined) {
      const loc = await rendered.locate(docIndex, [...probePath, ch.field], 'value').catch(() => undefined);
      const text = loc && (await textOf(loc.file));
      if (!loc || text === undefined) {
        skipped.push(`${label} — no source file could be named for the rendered value ${String(probe[ch.field])}`);
        continue;
      }
      const written = text.slice(loc.span.start, loc.span.end);
      const at = `${rel(loc.file)} line ${lineOf(text, loc.span.start)}`;
      const replaced = replaceScalar(written, String(probe[ch.field]), String(ch.to));
      if (replaced !== undefined) {
        candidates.push({ change: ch, edits: [{ file: loc.file, span: loc.span, newText: replaced }], where: at });
        continue;
      }
      const key = VALUES_REF.exec(written.trim())?.[1];
      const viaKey = key ? await valuesKeyEdit(unit.root, key.split('.'), ch.to, textOf) : undefined;
      if (viaKey) candidates.push({ change: ch, edits: [viaKey.edit], where: `${rel(viaKey.edit.file)}: ${key} (read by ${at})` });
      else skipped.push(`${label} — ${at} writes it with a template expression (${written.trim().slice(0, 80)}): change what feeds it by hand`);
      continue;
    }
    // Not written anywhere: next to a sibling field of the same probe, where that one is written.
    const siblings = Object.keys(probe).sort((a, b) => rank(a) - rank(b));
    let placed: Candidate | undefined;
    let hint: string | undefined;
    for (const k of siblings) {
      const loc = await rendered.locate(docIndex, [...probePath, k], 'key').catch(() => undefined);
      const text = loc && (await textOf(loc.file));
      if (!loc || text === undefined) continue;
      hint ??= `${rel(loc.file)} line ${lineOf(text, loc.span.start)}`;
      const edit = insertBeforeKey(loc.file, text, loc.span, `${ch.field}: ${ch.to}`);
      if (edit) {
        placed = { change: ch, edits: [edit], where: `${rel(loc.file)} line ${lineOf(text, loc.span.start)} (added next to ${k})` };
        break;
      }
    }
    if (placed) candidates.push(placed);
    else skipped.push(`${label} — not written anywhere (the default applies); add \`${ch.field}: ${ch.to}\` to the ${ch.probe} of container ${c.name ?? ''}${hint ? ` (it is written at ${hint})` : ''}`);
  }
  if (rec.add) {
    const fields = Object.entries(rec.add.fields).map(([k, v]) => `${k}: ${v}`).join(', ');
    skipped.push(`add a ${rec.add.probe} to container ${c.name ?? ''} (the same handler as its ${rec.add.copyHandlerFrom}; ${fields}) — a new probe is not added to a chart or overlay automatically`);
  }

  // Check: render with the edited texts; keep what renders the recommended value.
  let kept = candidates;
  for (let round = 0; round < 2 && kept.length; round++) {
    const ok = await check(input, kept, textOf);
    const failed = kept.filter((k) => !ok.has(k));
    if (!failed.length) break;
    for (const f of failed) skipped.push(`${f.change.probe}.${f.change.field}: ${f.change.to} — writing it in ${f.where} did not render that value: change it by hand`);
    kept = kept.filter((k) => ok.has(k));
    if (round === 1) kept = []; // still failing together: nothing is written rather than something unchecked
  }
  const edits = kept.flatMap((k) => k.edits).sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start);
  const written = kept.map((k) => `${k.change.probe}.${k.change.field} ${k.change.from ?? '(default)'} → ${k.change.to} in ${k.where}`);
  return { edits, written, skipped };
}

/** Which candidates render their recommended value when all are applied together. */
async function check(input: UnitApplyInput, cands: Candidate[], textOf: (f: string) => Promise<string | undefined>): Promise<Set<Candidate>> {
  const byFile = new Map<string, UnitEdit[]>();
  for (const e of cands.flatMap((k) => k.edits)) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const buffers = new Map(input.buffers ?? []);
  for (const [file, edits] of byFile) {
    const text = await textOf(file);
    if (text === undefined) return new Set();
    if (overlapping(edits)) return new Set();
    buffers.set(file, applyAll(text, edits));
  }
  const c = input.container;
  let r;
  try {
    r = await renderWithBuffers(input.rendered.unit, { ...input.opts, previous: undefined }, buffers, input.render ?? renderUnit);
  } catch {
    return new Set(); // the edited unit does not render: none is certain
  }
  try {
    const file = parseManifest(r.rendered.text, input.rendered.unit.anchorFile, { cache: false });
    const w = file.workloads.find((x) => x.document.index === c.workload.document.index && x.kind === c.workload.kind && x.name === c.workload.name);
    const now = w?.containers.find((x) => x.kind === c.kind && x.name === c.name);
    const ok = new Set<Candidate>();
    for (const k of cands) {
      const v = (now?.spec[k.change.probe] as Record<string, unknown> | undefined)?.[k.change.field];
      if (v === k.change.to) ok.add(k);
    }
    return ok;
  } finally {
    r.dispose();
  }
}

function rank(k: string): number {
  const i = TIMING_FIRST.indexOf(k);
  return i < 0 ? TIMING_FIRST.length : i;
}

/** `written` with its value replaced when it is exactly the rendered value (plain or quoted), else undefined. */
function replaceScalar(written: string, renderedValue: string, to: string): string | undefined {
  if (written === renderedValue) return to;
  const q = /^(["'])(.*)\1$/.exec(written);
  if (q && q[2] === renderedValue) return `${q[1]}${to}${q[1]}`;
  return undefined;
}

/** A line `line` inserted before the key at `keySpan`, at its indentation (only when the key starts its line). */
function insertBeforeKey(file: string, text: string, keySpan: Span, line: string): UnitEdit | undefined {
  const lineStart = text.lastIndexOf('\n', keySpan.start - 1) + 1;
  const indent = text.slice(lineStart, keySpan.start);
  if (!/^[ \t]*$/.test(indent)) return undefined; // `- key:` or `{ key: … }`: not a line of its own
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { file, span: { start: lineStart, end: lineStart }, newText: `${indent}${line}${eol}` };
}

/**
 * `.Values.a.b.c` set in the chart's values.yaml: the last key added to the deepest map of the path
 * that exists there (block style), with the missing levels nested under it; at the end of the file
 * when not even the first level exists. Undefined when values.yaml cannot be edited that way.
 */
async function valuesKeyEdit(root: string, keys: string[], to: number, textOf: (f: string) => Promise<string | undefined>): Promise<{ edit: UnitEdit } | undefined> {
  const file = path.join(root, 'values.yaml');
  const text = (await textOf(file)) ?? undefined;
  if (text === undefined) return undefined;
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const nest = (rest: string[], indent: string, step: string) =>
    rest.map((k, i) => `${indent}${step.repeat(i)}${k}:${i === rest.length - 1 ? ` ${to}` : ''}`).join(eol) + eol;
  let node: unknown = doc.contents;
  let depth = 0;
  while (depth < keys.length - 1 && isMap(node)) {
    const pair = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === keys[depth]);
    if (!pair || !isMap(pair.value)) break;
    node = pair.value;
    depth++;
  }
  if (depth === 0) {
    if (doc.contents && !isMap(doc.contents)) return undefined;
    if (isMap(doc.contents) && (doc.contents.items as Pair[]).some((p) => isScalar(p.key) && String(p.key.value) === keys[0])) return undefined; // a scalar where a map is needed
    const end = text.length;
    const pre = end && !text.endsWith('\n') ? eol : '';
    return { edit: { file, span: { start: end, end }, newText: pre + nest(keys, '', '  ') } };
  }
  const map = node as { items: Pair[]; flow?: boolean };
  if (map.flow || !map.items.length) return undefined;
  const rest = keys.slice(depth);
  if (map.items.some((p) => isScalar(p.key) && String(p.key.value) === rest[0])) return undefined; // exists as a scalar: not a place to nest
  const first = map.items[0].key as Node;
  if (!first.range) return undefined;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = text.slice(lineStart, first.range[0]);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  return { edit: { file, span: { start: lineStart, end: lineStart }, newText: nest(rest, indent, '  ') } };
}

function overlapping(edits: UnitEdit[]): boolean {
  const s = [...edits].sort((a, b) => a.span.start - b.span.start);
  return s.some((e, i) => i > 0 && e.span.start < s[i - 1].span.end);
}

function applyAll(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

