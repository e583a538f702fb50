// Hover on a probe or hook: its handler, its effective timing with Kubernetes defaults applied,
// and the budgets (time until restart, until unready, allowed start-up time).
import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/lint/describe';
import { looksLikeKubernetes } from '../core/manifest/detect';
import { parseManifest } from '../core/manifest/parse';
import { tooBigToParseInline } from './limits';

export function registerHover(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    provideHover(doc, position) {
      const text = doc.getText();
      if (!looksLikeKubernetes(text) || tooBigToParseInline(text) !== undefined) return undefined;
      const offset = doc.offsetAt(position);
      const file = parseManifest(text, doc.uri.fsPath);
      for (const w of file.workloads) {
        for (const c of w.containers) {
          for (const h of c.handlers) {
            if (offset < h.keySpan.start || offset > h.keySpan.end) continue;
            const md = new vscode.MarkdownString(hoverMarkdown(h));
            md.supportThemeIcons = true;
            return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.keySpan.start), doc.positionAt(h.keySpan.end)));
          }
        }
      }
      return undefined;
    },
  });
}
