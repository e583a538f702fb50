// Splitting a YAML stream into document chunks without parsing it, and masking Go/Helm template
// actions so that a template still parses. Both keep every offset of the original text.
import type { Span } from './model';

export interface Chunk {
  /** Offset of the chunk in the file; chunks always start at a line start. */
  start: number;
  text: string;
}

/**
 * Splits at lines that start a document (`---` followed by a blank or the end of the line). A
 * document marker at column 0 always starts a new document in YAML, even inside a block scalar,
 * so this agrees with a full parser while costing one regex scan.
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = marker.exec(text))) {
    if (m.index > last) chunks.push({ start: last, text: text.slice(last, m.index) });
    last = m.index;
    marker.lastIndex = m.index + 3;
  }
  chunks.push({ start: last, text: text.slice(last) });
  // Leading text before the first marker that is only comments/blank lines belongs to the first document.
  if (chunks.length > 1 && isBlankOrComments(chunks[0].text)) {
    chunks[1] = { start: chunks[0].start, text: chunks[0].text + chunks[1].text };
    chunks.shift();
  }
  return chunks;
}

function isBlankOrComments(t: string): boolean {
  return t.split('\n').every((line) => /^[ \t\r]*(?:#.*)?$/.test(line));
}

/** The character used to mask template actions: printable, not YAML syntax, one UTF-16 unit. */
export const TEMPLATE_MASK_CHAR = '\u2591';

/** True for a scalar that came from a masked template action (its value is unknown before rendering). */
export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && v.includes(TEMPLATE_MASK_CHAR);
}

export interface Masked {
  text: string;
  spans: Span[];
}

/**
 * Replaces `{{ … }}` actions: an action alone on its line becomes spaces (control flow such as
 * `{{- if … }}` disappears), an action inside a line becomes a run of the mask character, which
 * parses as a plain scalar. Offsets and line breaks are unchanged. `base` is added to the spans.
 */
export function maskTemplates(text: string, base = 0): Masked {
  if (!text.includes('{{')) return { text, spans: [] };
  const spans: Span[] = [];
  const re = /\{\{[\s\S]*?\}\}/g;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const s = m.index;
    const e = s + m[0].length;
    const lineStart = text.lastIndexOf('\n', s - 1) + 1;
    let lineEnd = text.indexOf('\n', e);
    if (lineEnd < 0) lineEnd = text.length;
    const before = text.slice(lineStart, s);
    const after = text.slice(e, lineEnd);
    const alone = /^[ \t]*$/.test(before) && /^[ \t\r]*(?:\{\{[\s\S]*?\}\}[ \t\r]*)*$/.test(after);
    const fill = alone ? ' ' : TEMPLATE_MASK_CHAR;
    out += text.slice(last, s) + m[0].replace(/[^\r\n]/g, fill);
    last = e;
    spans.push({ start: base + s, end: base + e });
  }
  out += text.slice(last);
  return { text: out, spans };
}

/** Kinds that never carry a pod; their documents are not parsed beyond a syntax check. */
const NON_POD_KINDS = new Set([
  'CustomResourceDefinition', 'ConfigMap', 'Secret', 'ServiceAccount', 'Namespace',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Ingress', 'IngressClass',
  'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'PriorityClass', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'APIService', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'Endpoints', 'EndpointSlice', 'LimitRange', 'ResourceQuota', 'Lease', 'CSIDriver', 'RuntimeClass',
]);

/** Largest non-pod document that is still parsed, for its syntax errors only. */
export const SYNTAX_CHECK_LIMIT = 16 * 1024;

export type ChunkClass = 'pod' | 'syntax-only' | 'skip';

/** Decides from the raw text how much of a document chunk needs parsing. */
export function classifyChunk(text: string): ChunkClass {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(text)?.[1];
  const mayCarryPod = /containers/.test(text) && !(kind && NON_POD_KINDS.has(kind));
  if (mayCarryPod) return 'pod';
  if (kind === 'CustomResourceDefinition' || text.length > SYNTAX_CHECK_LIMIT) return 'skip';
  return 'syntax-only';
}

/** Characters of the documents that may carry a pod: what a full parse of `text` would compose. */
export function podDocumentsSize(text: string): number {
  let n = 0;
  for (const c of splitDocuments(text)) if (classifyChunk(c.text) === 'pod') n += c.text.length;
  return n;
}
