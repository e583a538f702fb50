// Apply of a measured recommendation on a probe of a Helm chart or Kustomize overlay (glue): asks the
// core (core/measure/apply-unit.ts) where each field is set — checked by a render of the edited
// texts — and writes all files in one WorkspaceEdit (one undo step, left unsaved: the unit re-renders
// from the edited text at once, units.ts); what cannot be written with certainty is said exactly.
import * as vscode from 'vscode';
import type { HandlerModel } from '../core/manifest/model';
import type { Recommendation } from '../core/measure/recommend';
import type { Ctx } from './ctx';
import type { UnitLint } from './units';

/** Writes `r` into the unit `result` was rendered from; true when a file changed. */
export async function applyToUnit(ctx: Ctx, result: UnitLint, h: HandlerModel, r: Recommendation): Promise<boolean> {
  const units = ctx.units();
  const unit = result.unit;
  const what = `${unit.kind === 'helm' ? 'chart' : 'overlay'} ${vscode.workspace.asRelativePath(unit.root)}`;
  if (!result.rendered) return false;
  const { unitRecommendationEdits } = await import('../core/measure/apply-unit');
  const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Finding where the ${what} sets each value…` }, () =>
    unitRecommendationEdits({ rendered: result.rendered!, container: h.container, recommendation: r, opts: units.options(unit), buffers: units.buffers(unit) }),
  );
  if (res.edits.length) {
    const we = new vscode.WorkspaceEdit();
    for (const e of res.edits) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(e.file));
      we.replace(doc.uri, new vscode.Range(doc.positionAt(e.span.start), doc.positionAt(e.span.end)), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(we))) {
      void vscode.window.showErrorMessage(`Could not write the recommendation into the ${what} (the editor refused the edit).`);
      return false;
    }
    ctx.log.info(`applied the measured recommendation to the ${what} (one undo step): ${res.written.join('; ')}`);
  }
  for (const s of res.skipped) ctx.log.info(`  not written: ${s}`);
  if (res.skipped.length) {
    void vscode.window.showWarningMessage(`${res.edits.length ? 'Written where each value comes from, except' : 'Nothing written'} — change by hand: ${res.skipped.join('; ')}`);
  }
  return res.edits.length > 0;
}
