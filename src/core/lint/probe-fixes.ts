// Building blocks of the probe rules' quick fixes. Edits keep the document's own text and style:
// a handler is copied as written (comments included), a scalar keeps its quotes.
import { isSeq, type Node } from 'yaml';
import type { Probe } from '../k8s';
import type { HandlerModel, PathSegment } from '../manifest/model';
import { nodeAt, pairAt, pairSpan } from '../manifest/nav';
import { failureWindow, timing, writtenNumber } from './probe-facts';
import type { Fix, RuleContext, TextEdit } from './types';

/**
 * The handler entry of a probe (`httpGet:` and everything below it) as lines relative to its key,
 * e.g. ['httpGet:', '  path: /healthz', '  port: http'].
 */
export function handlerLines(h: HandlerModel, ctx: RuleContext): string[] | undefined {
  const type = h.handlerTypes[0];
  if (!type) return undefined;
  const pair = pairAt(ctx.document.yaml, [...h.path, type]);
  const span = pair && pairSpan(pair, ctx.document.base);
  if (!span) return undefined;
  const text = ctx.text;
  const column = span.start - (text.lastIndexOf('\n', span.start - 1) + 1);
  const lines = text.slice(span.start, span.end).replace(/\s+$/, '').split(/\r?\n/);
  return lines.map((line, i) => (i === 0 ? line : line.slice(Math.min(column, /^ */.exec(line)![0].length))));
}

/** Sets a scalar at `path`: replaces the value when the key exists (keeping its quotes), else inserts the key. */
export function setScalar(ctx: RuleContext, path: readonly PathSegment[], value: string | number): TextEdit | undefined {
  const pair = pairAt(ctx.document.yaml, path);
  if (!pair) return ctx.edit.insertIntoMap(path.slice(0, -1), [`${String(path[path.length - 1])}: ${value}`]);
  const range = (pair.value as Node | null)?.range;
  if (!range) return undefined;
  const span = { start: ctx.document.base + range[0], end: ctx.document.base + range[1] };
  if (typeof value === 'number') return ctx.edit.replace(span, String(value));
  // Keep the value's quotes; a plain value next to a quoted key (JSON) gets JSON's quotes.
  const key = (pair.key as Node | null)?.range;
  const keyText = key ? ctx.text.slice(ctx.document.base + key[0], ctx.document.base + key[1]) : '';
  const quote = /^["']/.exec(ctx.textOf(span))?.[0] ?? (keyText.startsWith('"') ? '"' : '');
  return ctx.edit.replace(span, `${quote}${value}${quote}`);
}

/** Appends an item to the block sequence at `seqPath` (lines relative to the dash, e.g. ['- containerPort: 80']). */
export function appendToSeq(ctx: RuleContext, seqPath: readonly PathSegment[], lines: string[]): TextEdit | undefined {
  const seq = nodeAt(ctx.document.yaml, seqPath);
  if (!seq || !isSeq(seq) || seq.flow || seq.items.length === 0) return undefined;
  const text = ctx.text;
  const first = (seq.items[0] as Node | null)?.range;
  const last = (seq.items[seq.items.length - 1] as Node | null)?.range;
  if (!first || !last) return undefined;
  const dash = text.lastIndexOf('-', ctx.document.base + first[0]);
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  if (dash < 0 || !/^[ \t]*$/.test(text.slice(lineStart, dash))) return undefined;
  const indent = ' '.repeat(dash - lineStart);
  const end = ctx.document.base + last[1];
  const nl = text.indexOf('\n', end - 1);
  const at = nl < 0 ? text.length : nl + 1;
  const eol = ctx.edit.eol;
  const body = lines.map((l) => indent + l + eol).join('');
  return ctx.edit.replace({ start: at, end: at }, (nl < 0 ? eol : '') + body);
}

/** The startup budget the startupProbe fixes aim for (the docs' example: 30 × 10 s = 300 s). */
const STARTUP_BUDGET_SECONDS = 300;

/**
 * A fix that adds a startupProbe with the liveness probe's handler, its period and timeout, and a
 * failureThreshold that allows about STARTUP_BUDGET_SECONDS to start.
 */
export function startupProbeFix(liveness: HandlerModel, ctx: RuleContext): Fix | undefined {
  const handler = handlerLines(liveness, ctx);
  if (!handler) return undefined;
  const t = timing(liveness);
  const failures = Math.max(1, Math.ceil(STARTUP_BUDGET_SECONDS / t.periodSeconds));
  const lines = ['startupProbe:', ...handler.map((l) => '  ' + l)];
  if (writtenNumber(liveness, 'periodSeconds')) lines.push(`  periodSeconds: ${t.periodSeconds}`);
  if (writtenNumber(liveness, 'timeoutSeconds')) lines.push(`  timeoutSeconds: ${t.timeoutSeconds}`);
  lines.push(`  failureThreshold: ${failures}`);
  const edit = ctx.edit.insertIntoMap(liveness.container.path, lines);
  if (!edit) return undefined;
  return {
    title: `Add a startupProbe with the liveness handler allowing up to ${failures * t.periodSeconds} s to start (${failures} × ${t.periodSeconds} s)`,
    edits: [edit],
  };
}

/**
 * A fix that gives the liveness probe a failureThreshold so its failure window is longer than
 * `atLeast` seconds: readiness takes the pod out of the Service before liveness restarts it.
 */
export function livenessThresholdFix(liveness: HandlerModel, readinessWindow: number, ctx: RuleContext): Fix | undefined {
  const t = timing(liveness);
  const failures = Math.floor(readinessWindow / t.periodSeconds) + 1;
  if (failures <= t.failureThreshold && failureWindow(t) > readinessWindow) return undefined;
  const edit = setScalar(ctx, [...liveness.path, 'failureThreshold'], failures);
  if (!edit) return undefined;
  return {
    title: `Set liveness failureThreshold to ${failures} (${failures} × ${t.periodSeconds} s = ${failures * t.periodSeconds} s, longer than readiness's ${readinessWindow} s)`,
    edits: [edit],
  };
}

/** The written value of a probe field, for copying timing into a new probe. */
export function copiedTiming(h: HandlerModel, fields: (keyof Probe)[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const v = (h.spec as Probe)[f];
    if (typeof v === 'number' && v > 0) out.push(`  ${f}: ${v}`);
  }
  return out;
}
