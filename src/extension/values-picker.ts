// The values files a chart is rendered with, in the status bar: while the active editor shows a file
// of a Helm chart, an item "values.yaml + values-prod.yaml"; clicking it (command
// kubeProbes.chooseValuesFiles) opens a multi-select quick pick of the chart's values*.yaml files and
// writes the choice to kubeProbes.helm.valuesFiles, which renders the chart again (units.ts). Glue
// only: the offer and the label come from core/render/values-choice.ts.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { CHART_VALUES, normaliseChoice, valuesCandidates, valuesLabel } from '../core/render/values-choice';
import type { RenderUnit, UnitRenders } from './units';

export const CHOOSE_VALUES_COMMAND = 'kubeProbes.chooseValuesFiles';

/** The status bar item; follows the active editor and the setting. */
export function registerValuesPicker(units: UnitRenders): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('kubeProbes.helmValues', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Kubernetes Probes: Helm values files';
  item.command = CHOOSE_VALUES_COMMAND;
  let shown: RenderUnit | undefined;
  let seq = 0;
  const update = async () => {
    const mine = ++seq;
    const editor = vscode.window.activeTextEditor;
    const unit = editor ? await units.unitFor(editor.document.uri) : undefined;
    if (mine !== seq) return;
    shown = unit?.kind === 'helm' ? unit : undefined;
    if (!shown) {
      item.hide();
      return;
    }
    const chosen = units.valuesFiles(shown);
    item.text = `$(symbol-variable) ${valuesLabel(chosen)}`;
    item.tooltip = `Helm values the chart ${vscode.workspace.asRelativePath(shown.root)} is rendered and linted with. Click to choose.`;
    item.show();
  };
  void update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('kubeProbes.helm.valuesFiles') && void update()),
    units.onDidChange(() => void update()),
  );
}

/**
 * The command: the chart of `uri` (else of the active editor); with `files` given (tests, other
 * commands) they are set without asking, else a quick pick asks. Returns the choice, or undefined
 * when there is no chart or the pick was dismissed.
 */
export async function chooseValuesFiles(units: UnitRenders, uri?: vscode.Uri, files?: string[]): Promise<string[] | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const unit = target ? await units.unitFor(target) : undefined;
  if (!unit || unit.kind !== 'helm') {
    void vscode.window.showInformationMessage('Open a file of a Helm chart (a folder with Chart.yaml) to choose its values files.');
    return undefined;
  }
  let choice = files;
  if (!choice) {
    const names = await fs.readdir(unit.root).catch(() => [] as string[]);
    const current = units.valuesFiles(unit);
    const offered = [...valuesCandidates(names), ...current.filter((f) => !names.includes(f))];
    const items = offered.map((f) => ({
      label: f,
      description: f === CHART_VALUES ? 'always read by helm, first' : undefined,
      picked: f === CHART_VALUES || current.includes(f),
    }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: `Values files for ${vscode.workspace.asRelativePath(unit.root)}`,
      placeHolder: 'Later files win where they set the same key',
    });
    if (!picked) return undefined;
    // Keep the order of the current choice for files still chosen; new ones after, by name.
    const names2 = picked.map((p) => p.label);
    choice = [...current.filter((f) => names2.includes(f)), ...names2.filter((f) => !current.includes(f))];
  }
  const normalised = normaliseChoice(choice);
  await units.setValuesFiles(unit, normalised);
  return normalised;
}
