// The values files a chart can be rendered with, as the editor offers and names them: the chart's
// values*.yaml / values*.yml files (values.yaml first, then by name), and the label of a choice
// ("values.yaml + values-prod.yaml"; helm always reads the chart's own values.yaml first).
import * as path from 'node:path';

export const CHART_VALUES = 'values.yaml';

/** The values files offered for a chart, from the names in its folder. */
export function valuesCandidates(names: Iterable<string>): string[] {
  const found = [...names].filter((n) => /^values([-._].*)?\.ya?ml$/i.test(n));
  const own: string[] = found.filter((n) => n === CHART_VALUES || n === 'values.yml');
  const rest = found.filter((n) => !own.includes(n)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return [...own, ...rest];
}

/**
 * The chosen files as passed to helm: the chart's own values.yaml dropped (helm reads it anyway),
 * duplicates dropped, order kept.
 */
export function normaliseChoice(chosen: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of chosen) {
    const n = f.replace(/\\/g, '/').replace(/^\.\//, '');
    if (n === CHART_VALUES || out.includes(n)) continue;
    out.push(n);
  }
  return out;
}

/** "values.yaml + values-prod.yaml": what a chart is rendered with (files outside the chart by base name). */
export function valuesLabel(chosen: readonly string[]): string {
  return [CHART_VALUES, ...normaliseChoice(chosen).map((f) => path.basename(f))].join(' + ');
}
