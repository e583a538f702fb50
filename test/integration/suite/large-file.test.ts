// A very large manifest in a real VS Code: a 20 MB file is not linted (over kubeProbes.lint.maxFileSizeMB,
// default 10) and says so once — one information diagnostic at its top naming the setting, one line in
// the log — while typing in it, hovering and CodeLens keep answering. Raising the setting lints a file
// in the lint worker and the note goes. The files are written to a temporary folder, not the workspace.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import { activeExtension, openFixture, resetWorkbench, waitFor } from './helpers';

const MB = 1024 * 1024;
const SETTING = 'kubeProbes.lint.maxFileSizeMB';

/** Deployments without a readiness probe (each a probe/missing-readiness finding), to about `bytes`. */
function manifest(bytes: number): string {
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const d = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
spec:
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i} }
    spec:
      containers:
        - name: web
          image: example/web:${i}
          livenessProbe:
            httpGet: { path: /healthz, port: 8080 }
`;
    docs.push(d);
    size += d.length + 4;
  }
  return docs.join('---\n');
}

function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? logFiles(p) : n.endsWith('.log') ? [p] : [];
  });
}

describe('a very large manifest', function () {
  this.timeout(180_000);
  let api: KubeProbesApi;
  let dir: string;

  before(async () => {
    api = (await activeExtension()).exports as KubeProbesApi;
    dir = mkdtempSync(path.join(tmpdir(), 'kube-probes-large-'));
  });
  after(async () => {
    await vscode.workspace.getConfiguration('kubeProbes').update('lint.maxFileSizeMB', undefined, vscode.ConfigurationTarget.Global);
    await resetWorkbench();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Resolves at the next lint of `uri` (findings or the note). */
  const nextLint = (uri: vscode.Uri) =>
    new Promise<void>((resolve) => {
      const sub = api.diagnostics.onDidLint((u) => {
        if (u.toString() !== uri.toString()) return;
        sub.dispose();
        resolve();
      });
    });

  it('20 MB: one information diagnostic at the top names the setting; typing keeps it one, logged once; hover and CodeLens answer', async () => {
    const file = path.join(dir, 'huge.yaml');
    writeFileSync(file, manifest(20 * MB));
    const editor = await openFixture(file);
    const uri = editor.document.uri;
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    }, { message: 'the note on huge.yaml', timeout: 60_000 });
    assert.equal(diags.length, 1, diags.map((d) => d.message).join('\n'));
    const note = diags[0];
    assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(note.source, 'kube-probes');
    assert.deepEqual([note.range.start.line, note.range.start.character], [0, 0]);
    assert.match(note.message, /did not lint this file: at 20 MB it is larger than the 10 MB of kubeProbes\.lint\.maxFileSizeMB/);
    assert.equal(typeof note.code === 'object' ? note.code.value : note.code, SETTING);

    // Typing: every pause re-checks the file; the note stays the one diagnostic.
    for (let i = 0; i < 4; i++) {
      const linted = nextLint(uri);
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(3, 0), `# edit ${i}\n`)));
      await linted;
      const now = vscode.languages.getDiagnostics(uri);
      assert.deepEqual(now.map((d) => d.message), [note.message], `after edit ${i}`);
    }
    // The host answers: no hover over a file this large, and CodeLens says why it shows no Run/Simulate.
    let probeLine = 0;
    while (!editor.document.lineAt(probeLine).text.includes('livenessProbe:')) probeLine++;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(probeLine, 14));
    assert.doesNotMatch(JSON.stringify(hovers ?? []), /Liveness/);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
    assert.deepEqual(lenses.map((l) => l.command?.title.replace(/[\d.]+ MB/, 'N MB')), ['Kubernetes Probes: N MB of workloads — no Run/Simulate lenses in a file this large']);

    // The extension's log (Output › Kubernetes Probes) has the reason once, not once per keystroke.
    const windowLogs = path.dirname(path.dirname(api.ctx.extension.logUri.fsPath));
    await new Promise((r) => setTimeout(r, 1500)); // the log is written asynchronously
    const lines = logFiles(windowLogs)
      .filter((f) => /Kubernetes Probes/.test(path.basename(f)))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
      .filter((l) => l.includes('huge.yaml') && l.includes('did not lint'));
    assert.equal(lines.length, 1, `log lines about huge.yaml:\n${lines.join('\n')}`);
  });

  it(`raising ${SETTING} lints the file (in the lint worker) and the note goes`, async () => {
    await resetWorkbench();
    await vscode.workspace.getConfiguration('kubeProbes').update('lint.maxFileSizeMB', 1, vscode.ConfigurationTarget.Global);
    const file = path.join(dir, 'two-mb.yaml');
    writeFileSync(file, manifest(2 * MB));
    const editor = await openFixture(file);
    const uri = editor.document.uri;
    await waitFor(() => vscode.languages.getDiagnostics(uri).some((d) => /larger than the 1\.0 MB of kubeProbes\.lint\.maxFileSizeMB/.test(d.message)), {
      message: 'the note on two-mb.yaml',
      timeout: 60_000,
    });
    await vscode.workspace.getConfiguration('kubeProbes').update('lint.maxFileSizeMB', 0, vscode.ConfigurationTarget.Global);
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 1 ? d : undefined;
    }, { message: 'the findings of two-mb.yaml', timeout: 120_000 });
    assert.ok(diags.every((d) => !d.message.includes('did not lint')), 'the note is gone');
    const readiness = diags.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'probe/missing-readiness');
    const count = editor.document.getText().split('\nkind: Deployment').length - 1;
    assert.equal(readiness.length, count, 'one missing-readiness finding per Deployment');
    // The last one is on the last Deployment's container name, deep in the file.
    const lastLine = editor.document.lineCount - 5; // `        - name: web` of the last document
    assert.ok(readiness.some((d) => d.range.start.line === lastLine && editor.document.getText(d.range) === 'web'), `a finding on line ${lastLine + 1}`);
  });
});
