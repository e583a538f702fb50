// Settings → the core's configuration types. Glue only. Each setting is read in its declared scope
// (package.json): resource-scoped ones for a resource (required by the signature), window- and
// machine-scoped ones without one; VS Code logs a warning for any other read.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_RECOMMEND_SETTINGS, type RecommendSettings } from '../core/measure/recommend';

// The lint settings live in lint-settings.ts (the browser entry reads them without this file's node imports).
export { debounceMs, lintSettings, type LintSettings } from './lint-settings';

export function codeLensEnabled(scope: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('kubeProbes', scope).get<boolean>('codeLens.enable') ?? true;
}

/** kubectl from the machine-scoped setting only (a workspace must not choose the binary). */
export function kubectlPath(): string | undefined {
  const inspected = vscode.workspace.getConfiguration('kubeProbes').inspect<string>('kubectlPath');
  const v = inspected?.globalValue;
  return v && v.trim() ? v.trim() : undefined;
}

export function containerRuntimePath(): string | undefined {
  const v = vscode.workspace.getConfiguration('kubeProbes').inspect<string>('containerRuntimePath')?.globalValue;
  return v && v.trim() ? v.trim() : undefined;
}

/** helm from the machine-scoped kubeProbes.helm.path (a workspace must not choose the binary); undefined: `helm` on PATH. */
export function helmPath(): string | undefined {
  const v = vscode.workspace.getConfiguration('kubeProbes').inspect<string>('helm.path')?.globalValue;
  return v && v.trim() ? v.trim() : undefined;
}

/** The kubeProbes.helm.valuesFiles key of a chart: its folder relative to its workspace folder ("." at the root). */
export function chartKey(chartRoot: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(chartRoot));
  const rel = folder ? path.relative(folder.uri.fsPath, chartRoot) : chartRoot;
  return rel.split(path.sep).join('/') || '.';
}

function normaliseKey(k: string): string {
  return k.replace(/\\/g, '/').replace(/^\.\/(?=.)/, '').replace(/\/+$/, '') || '.';
}

/** The values files chosen for the chart at `chartRoot` (relative to it, in order); [] when none is set. */
export function helmValuesFiles(scope: vscode.Uri, chartRoot: string): string[] {
  const all = vscode.workspace.getConfiguration('kubeProbes', scope).get<Record<string, unknown>>('helm.valuesFiles') ?? {};
  const key = chartKey(chartRoot);
  const abs = chartRoot.split(path.sep).join('/');
  for (const [k, v] of Object.entries(all)) {
    if (normaliseKey(k) !== key && normaliseKey(k) !== abs) continue;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  }
  return [];
}

/** Writes the chart's choice into kubeProbes.helm.valuesFiles of its workspace folder (other charts' entries kept). */
export async function setHelmValuesFiles(scope: vscode.Uri, chartRoot: string, files: string[]): Promise<void> {
  const c = vscode.workspace.getConfiguration('kubeProbes', scope);
  const inFolder = !!vscode.workspace.getWorkspaceFolder(scope);
  const target = inFolder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  const inspected = c.inspect<Record<string, string[]>>('helm.valuesFiles');
  const current = (inFolder ? inspected?.workspaceFolderValue : inspected?.globalValue) ?? {};
  const key = chartKey(chartRoot);
  const next: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(current)) if (normaliseKey(k) !== key) next[k] = v;
  if (files.length) next[key] = files;
  await c.update('helm.valuesFiles', Object.keys(next).length ? next : undefined, target);
}

/** The kubeProbes.measure.* settings (resource-scoped): how many samples and starts, the margins. */
export interface MeasureSettings {
  samples: number;
  intervalMs: number;
  starts: number;
  maxWaitSeconds: number;
  /** "Kind/name" → how the app starts on this machine: a command line (never through a shell) or {"task": label}; read by parseLaunchSetting. */
  launch: Record<string, unknown>;
  recommend: RecommendSettings;
}

export function measureSettings(scope: vscode.Uri): MeasureSettings {
  const c = vscode.workspace.getConfiguration('kubeProbes.measure', scope);
  const n = (key: string, d: number, min: number) => {
    const v = c.get<number>(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d;
  };
  const launch = c.get<Record<string, unknown>>('launch') ?? {};
  return {
    samples: Math.round(n('samples', 20, 1)),
    intervalMs: Math.round(n('intervalMs', 1000, 0)),
    starts: Math.round(n('starts', 3, 0)),
    maxWaitSeconds: n('maxWaitSeconds', 300, 1),
    launch: Object.fromEntries(Object.entries(launch).filter((e) => e[1] !== undefined && e[1] !== null && e[1] !== '')),
    recommend: {
      ...DEFAULT_RECOMMEND_SETTINGS,
      timeoutMargin: n('timeoutMargin', DEFAULT_RECOMMEND_SETTINGS.timeoutMargin, 1),
      startMargin: n('startMargin', DEFAULT_RECOMMEND_SETTINGS.startMargin, 1),
      readinessDetectionSeconds: n('readinessDetectionSeconds', DEFAULT_RECOMMEND_SETTINGS.readinessDetectionSeconds, 1),
    },
  };
}
