// What the extension host parses on its own thread. Linting of big files runs in a worker
// (lint-runner.ts); CodeLens, hover and editor commands parse inline, so they skip files whose
// pod-carrying documents are too large to parse without freezing the editor.
import { podDocumentsSize } from '../core/manifest/split';

/** Pod-carrying YAML above this is not parsed on the extension host's thread (~1 s of parsing). */
export const INLINE_PARSE_LIMIT = 1024 * 1024;

/** The size of the workloads to parse, when it is over the limit; undefined when parsing inline is fine. */
export function tooBigToParseInline(text: string): number | undefined {
  if (text.length <= INLINE_PARSE_LIMIT) return undefined;
  const size = podDocumentsSize(text);
  return size > INLINE_PARSE_LIMIT ? size : undefined;
}
