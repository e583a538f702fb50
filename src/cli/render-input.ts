// The CLI's side of charts and overlays: options → RenderOptions, a folder → its render (or a
// UsageError carrying the tool's own message, exit 2), mapped findings → reports per source file.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parseManifest, type ManifestFile } from '../core/manifest';
import { renderUnit, RenderError, unitAt, type MappedFinding, type RenderOptions, type RenderUnit, type Rendered } from '../core/render';
import { UsageError, type RENDER_OPTIONS } from './args';
import type { CliIO } from './io';
import type { FileReport } from './lint-output';

export type RenderFlags = { [K in keyof typeof RENDER_OPTIONS]?: (typeof RENDER_OPTIONS)[K] extends { multiple: true } ? string[] : string };

export function renderOptions(flags: RenderFlags, io: CliIO): RenderOptions {
  return {
    helmPath: flags.helm,
    kubectlPath: flags.kubectl,
    valuesFiles: flags.values,
    set: flags.set,
    release: flags.release,
    namespace: flags.namespace,
    cwd: io.cwd,
  };
}

/** Renders a unit; any failure is a UsageError (exit 2) with the tool's message and the place it names. */
export async function renderOrFail(unit: RenderUnit, shown: string, flags: RenderFlags, io: CliIO): Promise<Rendered> {
  try {
    return await renderUnit(unit, renderOptions(flags, io));
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    const where = e.file ? ` (${shownPath(e.file, unit, shown, flags, io)}${e.line ? `:${e.line}` : ''})` : '';
    throw new UsageError(`${shown}: ${e.message}${e.message.includes(nodePath.basename(e.file ?? '\0')) ? '' : where}`);
  }
}

/** FILE of run/simulate: a manifest, or a chart/overlay folder rendered into one manifest. */
export async function readManifestOrUnit(file: string, flags: RenderFlags, io: CliIO): Promise<ManifestFile | undefined> {
  if (file === '-') return undefined;
  const abs = nodePath.resolve(io.cwd, file);
  const st = await fs.stat(abs).catch(() => undefined);
  if (!st?.isDirectory()) return undefined;
  const unit = await unitAt(abs);
  if (!unit) throw new UsageError(`cannot read ${file}: it is a directory (not a Helm chart or Kustomize overlay)`);
  const rendered = await renderOrFail(unit, file, flags, io);
  return parseManifest(rendered.text, file, { cache: false });
}

/** How a source file is shown: below the folder as given, as the --values argument given, or relative to cwd. */
export function shownPath(abs: string, unit: RenderUnit, shownRoot: string, flags: RenderFlags, io: CliIO): string {
  const rel = nodePath.relative(unit.root, abs);
  if (!rel.startsWith('..') && !nodePath.isAbsolute(rel)) return nodePath.join(shownRoot, rel);
  for (const v of flags.values ?? []) if (nodePath.resolve(io.cwd, v) === abs) return v;
  const fromCwd = nodePath.relative(io.cwd, abs);
  return fromCwd.startsWith('..') ? abs : fromCwd;
}

/** One report per source file that has findings. */
export function reportsOf(findings: MappedFinding[], unit: RenderUnit, shownRoot: string, flags: RenderFlags, io: CliIO): FileReport[] {
  const byFile = new Map<string, MappedFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  return [...byFile].map(([file, list]) => {
    const starts = new Map<number, { line: number; character: number }>();
    for (const f of list) {
      starts.set(f.span.start, f.range.start);
      starts.set(f.span.end, f.range.end);
    }
    return {
      file: shownPath(file, unit, shownRoot, flags, io),
      findings: list,
      positionAt: (offset: number) => starts.get(offset) ?? { line: 0, character: 0 },
    };
  });
}
