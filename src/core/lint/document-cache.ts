// What each rule found in one document, kept across lints: linting a file again after an edit runs
// the rules only over the documents whose text changed (a values keystroke re-renders a whole chart,
// but changes one or two of its documents). Kept per parsed document — the parse cache hands the
// same parsed document to every equal text (parse.ts), so an entry lives as long as that parse —
// and per configuration. Offsets are stored relative to the document, so an unchanged document that
// moved in the file is still found. A rule that read the whole file (`ctx.file`: other documents,
// line numbers) while checking a document is not kept for it and runs every time (engine.ts).
import type { Document } from 'yaml';
import type { Finding, Fix } from './types';

type RuleFindings = Map<string, readonly Finding[]>;
const NONE: readonly Finding[] = Object.freeze([]);

const memo = new WeakMap<Document.Parsed, Map<string, RuleFindings>>();

/** A rule's findings in the document (offsets relative to `base`, the document's chunk start), if kept. */
export function cachedFindings(doc: Document.Parsed, key: string, ruleId: string, base: number): readonly Finding[] | undefined {
  const kept = memo.get(doc)?.get(key)?.get(ruleId);
  return kept === undefined || kept.length === 0 ? kept : kept.map((f) => shifted(f, base));
}

/** Keeps a rule's findings in the document (absolute offsets, the document's chunk starting at `base`). */
export function keepFindings(doc: Document.Parsed, key: string, ruleId: string, base: number, findings: readonly Finding[]): void {
  let byKey = memo.get(doc);
  if (!byKey) memo.set(doc, (byKey = new Map()));
  let byRule = byKey.get(key);
  if (!byRule) {
    // One configuration is the usual case; a few are kept (the CLI and the editor may differ).
    if (byKey.size >= 4) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, (byRule = new Map()));
  }
  byRule.set(ruleId, findings.length ? findings.map((f) => shifted(f, -base)) : NONE);
}

/** A copy of a finding with every offset moved by `delta` (its fixes' edits too). */
function shifted(f: Finding, delta: number): Finding {
  const out: Finding = { ...f, span: { start: f.span.start + delta, end: f.span.end + delta } };
  if (f.fixes) out.fixes = f.fixes.map((x): Fix => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: { start: e.span.start + delta, end: e.span.end + delta } })) }));
  return out;
}
