// Hover on a probe or hook: its handler, its effective timing with Kubernetes defaults applied,
// and the budgets (time until restart, until unready, allowed start-up time); what ⏱ Measure found
// and recommends, when the probe was measured.
import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/lint/describe';
import type { HandlerModel } from '../core/manifest/model';
import { locatorOf } from '../core/probe/locate';
import { looksLikeKubernetes } from '../core/manifest/detect';
import { parseManifest } from '../core/manifest/parse';
import { docTooBigToParseInline } from './limits';

export interface HoverExtras {
  /** Markdown about a probe's measurements, if it was measured. */
  measured?(uri: vscode.Uri, h: HandlerModel, loc: ReturnType<typeof locatorOf>): string | undefined;
}

export function registerHover(selector: vscode.DocumentSelector, extras: HoverExtras = {}): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    provideHover(doc, position) {
      if (docTooBigToParseInline(doc)) return undefined;
      const text = doc.getText();
      if (!looksLikeKubernetes(text)) return undefined;
      const offset = doc.offsetAt(position);
      const file = parseManifest(text, doc.uri.fsPath);
      for (const w of file.workloads) {
        for (const c of w.containers) {
          for (const h of c.handlers) {
            if (offset < h.keySpan.start || offset > h.keySpan.end) continue;
            const measured = h.isProbe ? extras.measured?.(doc.uri, h, locatorOf(h)) : undefined;
            const md = new vscode.MarkdownString(hoverMarkdown(h) + (measured ? `\n\n---\n\n${measured}` : ''));
            md.supportThemeIcons = true;
            return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.keySpan.start), doc.positionAt(h.keySpan.end)));
          }
        }
      }
      return undefined;
    },
  });
}
