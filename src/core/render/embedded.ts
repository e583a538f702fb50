// YAML text held inside a YAML string (an inline Kustomize patch: `patch: |-` in kustomization.yaml):
// its value as text, and a map from offsets in that value back to offsets in the enclosing file, so
// that a field of the inline patch can be shown where the user edits it.
import { isScalar, Scalar, type Node } from 'yaml';
import type { Span } from '../manifest/model';

export interface EmbeddedText {
  text: string;
  /** Offset in `text` → offset in the enclosing file. */
  toFile(offset: number): number;
  /** Span in `text` → span in the enclosing file. */
  spanToFile(span: Span): Span;
}

/**
 * The string value of `node` (a scalar of the file `fileText`) with an offset map. Literal block
 * scalars (`|`, `|-`, `|+`) and single-line scalars without escapes map character by character;
 * any other form (folded, escaped) maps every offset to the start of the scalar.
 */
export function embeddedText(fileText: string, node: Node | null | undefined): EmbeddedText | undefined {
  if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const [start, valueEnd] = node.range;
  const whole = (): EmbeddedText => ({
    text: value,
    toFile: () => start,
    spanToFile: () => ({ start, end: Math.max(start, valueEnd) }),
  });
  if (node.type === Scalar.BLOCK_LITERAL) return literalBlock(fileText, start, valueEnd, value) ?? whole();
  const raw = fileText.slice(start, valueEnd);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const inner = quoted ? raw.slice(1, -1) : raw;
  if (inner === value) {
    const at = start + (quoted ? 1 : 0);
    return {
      text: value,
      toFile: (o) => at + o,
      spanToFile: (s) => ({ start: at + s.start, end: at + s.end }),
    };
  }
  return whole();
}

function literalBlock(fileText: string, start: number, end: number, value: string): EmbeddedText | undefined {
  const src = fileText.slice(start, end);
  const headerEnd = src.indexOf('\n');
  if (headerEnd < 0) return undefined;
  const header = src.slice(0, headerEnd);
  const explicit = /[1-9]/.exec(header.replace(/#.*$/, ''))?.[0];
  // Content lines with their offsets in the file.
  const lines: { at: number; text: string }[] = [];
  let pos = headerEnd + 1;
  while (pos <= src.length) {
    const nl = src.indexOf('\n', pos);
    const lineEnd = nl < 0 ? src.length : nl;
    lines.push({ at: start + pos, text: src.slice(pos, lineEnd).replace(/\r$/, '') });
    if (nl < 0) break;
    pos = nl + 1;
  }
  let indent: number;
  if (explicit) {
    // The indicator is relative to the parent's indentation: the column of the key's line.
    const lineStart = fileText.lastIndexOf('\n', start - 1) + 1;
    const parentIndent = /^[ ]*/.exec(fileText.slice(lineStart, start))![0].length;
    indent = parentIndent + Number(explicit);
  } else {
    const first = lines.find((l) => l.text.trim() !== '');
    if (!first) return undefined;
    indent = /^[ ]*/.exec(first.text)![0].length;
  }
  const starts: { value: number; file: number }[] = [];
  const parts: string[] = [];
  let off = 0;
  for (const l of lines) {
    const content = l.text.length >= indent ? l.text.slice(indent) : '';
    starts.push({ value: off, file: l.at + Math.min(indent, l.text.length) });
    parts.push(content);
    off += content.length + 1;
  }
  const rebuilt = parts.join('\n');
  // Chomping only changes trailing newlines; compare without them.
  const trim = (s: string) => s.replace(/\n+$/, '');
  if (trim(rebuilt) !== trim(value)) return undefined;
  const toFile = (o: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid].value <= o) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo].file + (o - starts[lo].value);
  };
  return { text: value, toFile, spanToFile: (s) => ({ start: toFile(s.start), end: toFile(Math.max(s.start, s.end)) }) };
}
