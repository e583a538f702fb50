// Test helpers for the Kustomize renderer: a rendered overlay linted and mapped by lintRendered (as
// the CLI and the editor do), each finding shown as the file (relative) and 1-based line the user edits.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { lintRendered } from '../../../src/core/render';
import type { Rendered } from '../../../src/core/render/types';

export interface MappedFinding {
  rule: string;
  /** Path relative to `relTo`, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** The text at the finding's span in that file ('' for a finding left on the anchor file). */
  text: string;
  name?: string;
  container?: string;
}

export async function lintAndLocate(r: Rendered, relTo: string): Promise<MappedFinding[]> {
  const found = await lintRendered(r);
  return found.map((f) => ({
    rule: f.rule,
    file: relative(relTo, f.file).split('\\').join('/'),
    line: f.range.start.line + 1,
    text: f.unmapped ? '' : readFileSync(f.file, 'utf8').slice(f.span.start, f.span.end),
    name: f.name,
    container: f.container,
  }));
}
