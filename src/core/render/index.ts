// Rendering charts and overlays: find the unit, render it with the user's own tool, lint the result
// with every finding mapped to its source. The one entry point the CLI and the editor use.
import { renderHelm } from './helm';
import { RenderError, type RenderOptions, type RenderUnit, type Rendered } from './types';

export * from './types';
export { unitAt, unitContaining, unitFromNames, CHART_FILE, KUSTOMIZATION_FILES } from './detect';
export { lintRendered, type MappedFinding } from './lint-rendered';

/** Renders a chart with helm or an overlay with kubectl kustomize. */
export async function renderUnit(unit: RenderUnit, opts: RenderOptions = {}): Promise<Rendered> {
  if (unit.kind === 'helm') return renderHelm(unit, opts);
  throw new RenderError('Kustomize overlays are not supported by this build', unit.anchorFile, undefined, 'failed');
}
