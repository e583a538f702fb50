// What the extension host parses on its own thread. Linting of big files runs in a worker
// (lint-runner.ts); CodeLens, hover and editor commands parse inline, so they skip files whose
// pod-carrying documents are too large to parse without freezing the editor.
import type * as vscode from 'vscode';
import { looksLikeKubernetes } from '../core/manifest/detect';
import { podDocumentsSize } from '../core/manifest/split';

/** Pod-carrying YAML above this is not parsed on the extension host's thread (~1 s of parsing). */
export const INLINE_PARSE_LIMIT = 1024 * 1024;

/** The size of the workloads to parse, when it is over the limit; undefined when parsing inline is fine. */
export function tooBigToParseInline(text: string): number | undefined {
  if (text.length <= INLINE_PARSE_LIMIT) return undefined;
  const size = podDocumentsSize(text);
  return size > INLINE_PARSE_LIMIT ? size : undefined;
}

const bigDocs = new WeakMap<vscode.TextDocument, { version: number; size: number | undefined; manifest: boolean }>();

/**
 * tooBigToParseInline for an open document, without reading a small one's text, and once per version
 * of a big one (hovers and CodeLens ask on every move and edit). `manifest`: it looks like Kubernetes.
 */
export function docTooBigToParseInline(doc: vscode.TextDocument): { size: number; manifest: boolean } | undefined {
  const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  if (length <= INLINE_PARSE_LIMIT) return undefined;
  let hit = bigDocs.get(doc);
  if (!hit || hit.version !== doc.version) {
    const text = doc.getText();
    hit = { version: doc.version, size: tooBigToParseInline(text), manifest: looksLikeKubernetes(text) };
    bigDocs.set(doc, hit);
  }
  return hit.size === undefined ? undefined : { size: hit.size, manifest: hit.manifest };
}
