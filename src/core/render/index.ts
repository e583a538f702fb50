// Rendering charts and overlays: find the unit, render it with the user's own tool, lint the result
// with every finding mapped to its source. The one entry point the CLI and the editor use.
import { renderHelm } from './helm';
import { renderKustomize } from './kustomize';
import type { RenderOptions, RenderUnit, Rendered } from './types';

export * from './types';
export { isKustomizeComponent, unitAt, unitContaining, unitFromNames, CHART_FILE, KUSTOMIZATION_FILES } from './detect';
export { lintRendered, type MappedFinding } from './lint-rendered';

/** Renders a chart with helm or an overlay with kubectl kustomize. */
export async function renderUnit(unit: RenderUnit, opts: RenderOptions = {}): Promise<Rendered> {
  return unit.kind === 'helm' ? renderHelm(unit, opts) : renderKustomize(unit, opts);
}
