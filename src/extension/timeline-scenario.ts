// The scenario a Pod Timeline opens with: the scenario file that belongs to the manifest (the
// rules are the core's, src/core/timeline/scenario-file.ts), read through VS Code's file system
// and checked with the core's parseScenario. Glue only.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseScenario } from '../core/lifecycle/scenario';
import { findScenarioFile } from '../core/timeline/scenario-file';
import type { ScenarioInput, ScenarioOrigin } from '../core/timeline/protocol';

export interface OpeningScenario {
  /** Absent when no file matched (the default scenario) or the file could not be used. */
  scenario?: ScenarioInput;
  scenarioOrigin: ScenarioOrigin;
}

/** A file name as the user knows it: relative to the workspace folder when inside one. */
function shown(file: string, root: string | undefined): string {
  const rel = root ? path.relative(root, file) : '';
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** The scenario file that belongs to the manifest at `u` (a file: URI): the core's rules over VS Code's file system. */
export async function manifestScenarioFile(u: vscode.Uri): Promise<{ path: string; why: string; root: string | undefined } | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(u)?.uri.fsPath;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
  const exists = async (p: string) => {
    try {
      return ((await vscode.workspace.fs.stat(vscode.Uri.file(p))).type & vscode.FileType.File) !== 0;
    } catch {
      return false; // not there (FileNotFound) — the next rule is tried
    }
  };
  const found = await findScenarioFile(text, u.fsPath, root, exists);
  return found ? { ...found, root } : undefined;
}

/** The scenario file of the manifest at `uri` (a file: URI), read and checked. */
export async function openingScenario(uri: string): Promise<OpeningScenario> {
  const u = vscode.Uri.parse(uri);
  if (u.scheme !== 'file') return { scenarioOrigin: {} };
  const found = await manifestScenarioFile(u);
  if (!found) return { scenarioOrigin: {} };
  const root = found.root;
  const file = shown(found.path, root);
  try {
    const parsed = parseScenario(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(found.path))), file);
    const { warnings: _warnings, ...scenario } = parsed;
    return { scenario, scenarioOrigin: { file, why: found.why } };
  } catch (e) {
    return { scenarioOrigin: { file, why: found.why, problem: e instanceof Error ? e.message : String(e) } };
  }
}
