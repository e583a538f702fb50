// Writing a recommendation into the manifest: text edits that change or add only the probe fields
// concerned, keeping the file's comments, indentation and quoting (one edit set = one undo step).
import { stringify } from 'yaml';
import type { Probe } from '../k8s';
import { editHelpers } from '../lint/edits';
import type { TextEdit } from '../lint/types';
import { spanAt, pairAt } from '../manifest/nav';
import type { ContainerModel, PathSegment } from '../manifest/model';
import type { ProbeField, Recommendation } from './recommend';

export interface ApplyResult {
  edits: TextEdit[];
  /** Changes that could not be written (flow-style / JSON mappings), in words. */
  skipped: string[];
}

const FIELD_ORDER: ProbeField[] = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'failureThreshold'];

/** Edits that write `rec` into the container `c` of its (parsed) manifest, whose text is `text`. */
export function recommendationEdits(text: string, c: ContainerModel, rec: Recommendation): ApplyResult {
  const doc = c.workload.document;
  const edit = editHelpers(text, doc.yaml, doc.base);
  const edits: TextEdit[] = [];
  const skipped: string[] = [];
  const inserts = new Map<string, { path: PathSegment[]; lines: string[] }>();
  const insert = (path: PathSegment[], lines: string[]) => {
    const key = JSON.stringify(path);
    const entry = inserts.get(key) ?? { path, lines: [] };
    entry.lines.push(...lines);
    inserts.set(key, entry);
  };
  const ordered = [...rec.changes].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  for (const ch of ordered) {
    const probePath = [...c.path, ch.probe];
    const fieldPath = [...probePath, ch.field];
    if (pairAt(doc.yaml, fieldPath)) {
      const span = spanAt(doc.yaml, doc.base, fieldPath, 'value');
      if (span) edits.push(edit.replace(span, String(ch.to)));
      else skipped.push(`${ch.probe}.${ch.field}: ${ch.to}`);
    } else insert(probePath, [`${ch.field}: ${ch.to}`]);
  }
  if (rec.add) {
    const src = c.spec[rec.add.copyHandlerFrom] as Probe | undefined;
    const handler: Record<string, unknown> = {};
    for (const k of ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const) if (src?.[k]) handler[k] = src[k];
    const body = stringify({ ...handler, ...rec.add.fields }, { indent: 2 }).trimEnd().split('\n');
    insert(c.path, [`${rec.add.probe}:`, ...body.map((l) => `  ${l}`)]);
  }
  for (const { path, lines } of inserts.values()) {
    const e = edit.insertIntoMap(path, lines);
    if (e) edits.push(e);
    else skipped.push(`${String(path[path.length - 1])}: ${lines.join('; ')} (a flow-style or empty mapping: write it by hand)`);
  }
  edits.sort((a, b) => a.span.start - b.span.start);
  return { edits, skipped };
}

/** Applies non-overlapping edits to text (for the CLI and tests; the editor uses a WorkspaceEdit). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

