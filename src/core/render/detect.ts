// Finds render units: a folder holding Chart.yaml is a Helm chart, a folder holding
// kustomization.yaml, kustomization.yml or Kustomization is a Kustomize overlay. A chart is one unit:
// its templates and its subcharts (charts/) are never units or plain manifests of their own.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RenderUnit } from './types';

export const CHART_FILE = 'Chart.yaml';
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** The unit rooted at `dir` (absolute), or undefined for an ordinary folder. A chart wins over an overlay. */
export async function unitAt(dir: string): Promise<RenderUnit | undefined> {
  let names: Set<string>;
  try {
    names = new Set(await fs.readdir(dir));
  } catch {
    return undefined;
  }
  return unitFromNames(dir, names);
}

/** Same as unitAt, for a folder whose entry names are already known. */
export function unitFromNames(dir: string, names: ReadonlySet<string>): RenderUnit | undefined {
  if (names.has(CHART_FILE)) return { kind: 'helm', root: dir, anchorFile: path.join(dir, CHART_FILE) };
  for (const k of KUSTOMIZATION_FILES) if (names.has(k)) return { kind: 'kustomize', root: dir, anchorFile: path.join(dir, k) };
  return undefined;
}

/**
 * The chart or overlay that contains `file`: the nearest enclosing unit, and for a subchart's file the
 * chart carrying it. A Kustomize Component is no unit (it builds only inside the overlays that list
 * it): its files belong to the unit around it, if any, and are covered by the overlays that read them.
 */
export async function unitContaining(file: string): Promise<RenderUnit | undefined> {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const u = await unitAt(dir);
    if (u && !(u.kind === 'kustomize' && (await isKustomizeComponent(u.anchorFile)))) return u.kind === 'helm' ? outermostChart(u) : u;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A chart under another chart's charts/ folder belongs to that chart. */
async function outermostChart(u: RenderUnit): Promise<RenderUnit> {
  let cur = u;
  for (;;) {
    const holder = path.dirname(cur.root);
    if (path.basename(holder) !== 'charts') return cur;
    const parent = await unitAt(path.dirname(holder));
    if (!parent || parent.kind !== 'helm') return cur;
    cur = parent;
  }
}

/** True when the kustomization file declares `kind: Component` (it builds only inside an overlay). */
export async function isKustomizeComponent(kustomizationFile: string): Promise<boolean> {
  try {
    const text = await fs.readFile(kustomizationFile, 'utf8');
    return /^kind:[ \t]*["']?Component["']?[ \t]*(#.*)?\r?$/m.test(text);
  } catch {
    return false;
  }
}
