// The PodDisruptionBudgets a Workload Timeline story plays with: those of the workload's own
// manifest file that select its pods (same namespace, the template's labels; docs/workloads.md,
// "Drains and PodDisruptionBudgets"), else the ones a preset brings; and the sentence the panel
// shows about them. Pure.
import { parseManifest, type ManifestFile } from '../manifest';
import { pdbsOf, selects, type PdbSpec } from '../workload/disruption';

/** Bigger manifests are not read for budgets (the editor does not parse them inline either). */
export const MAX_BUDGET_SCAN_CHARS = 5_000_000;

/**
 * A document's plain value: the parser keeps the values of pod-carrying documents only, so a
 * PodDisruptionBudget is read from its YAML. A document with a YAML syntax error gives none (what
 * the parser recovers from it is a guess, and the editor already flags the error).
 */
function documentValue(d: ManifestFile['documents'][number]): unknown {
  if (d.problems.some((p) => p.severity === 'error')) return undefined;
  if (d.value !== undefined) return d.value;
  if (d.kind !== 'PodDisruptionBudget' && d.kind !== 'List') return undefined;
  try {
    return d.yaml?.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

/** The PodDisruptionBudgets written in a manifest's text (none for broken YAML or a text too big to read). */
export function manifestPdbs(text: string, path = '<manifest>'): PdbSpec[] {
  if (text.length > MAX_BUDGET_SCAN_CHARS) return [];
  try {
    return pdbsOf(parseManifest(text, path).documents.map(documentValue));
  } catch {
    return [];
  }
}

/** The budgets that cover the workload's pods: same namespace (absent: default) and a selector matching the template's labels. */
export function budgetsFor(pdbs: readonly PdbSpec[], namespace: string | undefined, podLabels: Record<string, string> | undefined): PdbSpec[] {
  return pdbs.filter((p) => (p.namespace ?? 'default') === (namespace ?? 'default') && selects(p.selector, podLabels ?? {}));
}

/** "maxUnavailable 1", "minAvailable 50%", or "no minAvailable or maxUnavailable". */
export function budgetRule(p: PdbSpec): string {
  if (p.maxUnavailable !== undefined) return `maxUnavailable ${p.maxUnavailable}`;
  if (p.minAvailable !== undefined) return `minAvailable ${p.minAvailable}`;
  return 'no minAvailable or maxUnavailable';
}

export interface BudgetUse {
  /** The budgets passed to the simulation. */
  pdbs: PdbSpec[];
  source: 'manifest' | 'preset' | 'none';
  /** What the panel says about them (absent: nothing worth saying — no drain and no budget). */
  text?: string;
}

/**
 * Which budgets a story plays with: the manifest's that cover the pods, else the preset's own.
 * `drains`: whether the scenario drains a node (only then do budgets change anything).
 */
export function chooseBudgets(opts: { manifest?: readonly PdbSpec[]; preset?: PdbSpec[]; namespace?: string; podLabels?: Record<string, string>; drains: boolean }): BudgetUse {
  const all = opts.manifest ?? [];
  const mine = budgetsFor(all, opts.namespace, opts.podLabels);
  const list = (ps: PdbSpec[]) => ps.map((p) => `${p.name} (${budgetRule(p)})`).join(', ');
  const word = (n: number) => `PodDisruptionBudget${n === 1 ? '' : 's'}`;
  if (mine.length) {
    const verb = opts.drains ? 'The drain honours' : 'Evictions would honour';
    const many = mine.length > 1 ? ' — more than one budget selects these pods, so the eviction API refuses every eviction with an error' : '';
    return { pdbs: mine, source: 'manifest', text: `${verb} ${word(mine.length)} ${list(mine)} from the manifest${opts.preset ? ' (instead of the story\'s own)' : ''}${many}.` };
  }
  const others = all.filter((p) => !mine.includes(p));
  const ignored = others.length ? ` The manifest's ${word(others.length)} ${others.map((p) => p.name).join(', ')} ${others.length === 1 ? 'does' : 'do'} not select these pods (namespace ${opts.namespace ?? 'default'}, the template's labels).` : '';
  if (opts.preset?.length) return { pdbs: opts.preset, source: 'preset', text: `The drain honours the story's own ${word(opts.preset.length)} ${list(opts.preset)}: the manifest has none for these pods.${ignored}` };
  if (opts.drains) return { pdbs: [], source: 'none', text: `No PodDisruptionBudget covers these pods: every eviction goes through at once.${ignored}` };
  return { pdbs: [], source: 'none', ...(ignored && { text: ignored.trim() }) };
}
