// ⏱ Measure in the editor (docs/measure.md, "In the editor"): takes the measurements of one probe
// against its workload's target (latency; cold starts of the app launched from the
// kubeProbes.measure.launch setting; a live pod's start from its status), keeps them per probe in
// workspace state together with the samples of every Watch, and hands the recommendation to the
// hover, the tree, the Pod Timeline (current vs recommended) and Apply (one WorkspaceEdit). A probe of
// a chart or overlay is known by its unit's Chart.yaml / kustomization.yaml (as Run and Watch) and
// measured, simulated and applied as RENDERED; Apply writes into the values key, template, patch or
// base that sets each field (core/measure/apply-unit.ts). Glue only: statistics, recommendation,
// proof and edits are src/core/measure.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { PROBE_KINDS, PROBE_LABEL, type ProbeKind } from '../core/k8s';
import type { HandlerModel } from '../core/manifest/model';
import { parseManifest } from '../core/manifest/parse';
import { recommendationEdits } from '../core/measure/apply';
import {
  addAttempts, addStarts, analyze, latencyText, measureLine, measureMarkdown, recommendationLines, startFromPodStatus, startsText, validRecord, WatchSampler,
  type MeasureAnalysis, type MeasureRecord,
} from '../core/measure/record';
import type { Attempt, StartRecord } from '../core/measure/stats';
import { looksLikeKubernetes } from '../core/manifest/detect';
import { findHandler, handlerKey, locatorOf, type HandlerLocator } from '../core/probe/locate';
import { comparisonLine, type MeasureComparison } from '../core/timeline/compare';
import { ago } from '../core/workspace/run-status';
import { timelineArgs, timelineArgsAt } from './codelens';
import { messageOf } from './report';
import { measureSettings } from './config';
import type { Ctx } from './ctx';
import { docTooBigToParseInline } from './limits';
import type { ProbeRuns, TargetChoice } from './probe-runs';
import { applyToUnit } from './measure-unit';
import { TimelinePanel, type TimelineShowArgs } from './timeline-panel';
import { MeasureStarts } from './measure-starts';

const STORE_KEY = 'kubeProbes.measurements';
/** The end of the "port in use" message for a launch command: how to let Measure own the app. */
const LAUNCH_PORT_HINT = 'if a VS Code task starts it, name that task in kubeProbes.measure.launch ({"task": "…"}) so that Measure restarts it itself.';

/** What one measurement gave (for the caller: tests, the command's return value). */
export interface MeasureOutcome {
  record: MeasureRecord;
  analysis: MeasureAnalysis;
  comparison?: MeasureComparison;
}

/** A measurement that gave nothing: the message the user was shown. */
export interface MeasureFailure {
  problem: string;
}

const isProbe = (site: string): site is ProbeKind => (PROBE_KINDS as readonly string[]).includes(site);

export class ProbeMeasurements implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sampler = new WatchSampler();
  /** Where cold starts come from (launch setting, container, pod) and the confirmations. */
  private readonly startsGlue: MeasureStarts;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Manifest → the probe whose current vs recommended is open in its Pod Timeline (refreshed as the file changes). */
  private readonly shown = new Map<string, HandlerLocator>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly runs: ProbeRuns,
    private readonly openTimeline: (args: TimelineShowArgs) => Promise<TimelinePanel | undefined>,
  ) {
    this.startsGlue = new MeasureStarts(ctx);
    // Watch verdicts feed the same statistics (from the watch's first success on: WatchSampler).
    this.disposables.push(
      this.startsGlue,
      runs.onWatchEvent.event(({ key, locator, event }) => {
        if (event.type !== 'attempt' || !isProbe(locator.site)) return;
        const a = this.sampler.accept(key, event);
        if (a) this.add(key, (r) => addAttempts(r, locator.site as ProbeKind, [a], 'watch', r?.target ?? 'a Watch', Date.now()));
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('kubeProbes.measure') && this.changed.fire()),
      // An edit (an undo of Apply, a hand edit) changes "current": the open side by side follows, without taking the focus.
      vscode.workspace.onDidChangeTextDocument((e) => {
        const loc = this.shown.get(e.document.uri.toString());
        if (!loc || !e.contentChanges.length) return;
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void this.show(e.document.uri, loc, { quiet: true, refresh: true }).catch((err) => this.ctx.log.warn(`measure: refreshing the side by side: ${(err as Error).message}`)), 400);
      }),
      // A chart or overlay rendered again (an Apply, an edit of its values): its open side by side follows.
      ctx.units().onDidChange((unit) => {
        const anchor = vscode.Uri.file(unit.anchorFile);
        const loc = this.shown.get(anchor.toString());
        if (loc) void this.show(anchor, loc, { quiet: true, refresh: true }).catch((err) => this.ctx.log.warn(`measure: refreshing the side by side: ${(err as Error).message}`));
      }),
    );
  }

  private all(): Record<string, unknown> {
    return this.ctx.extension.workspaceState.get<Record<string, unknown>>(STORE_KEY) ?? {};
  }

  private add(key: string, f: (r: MeasureRecord | undefined) => MeasureRecord): MeasureRecord {
    const all = this.all();
    const next = f(validRecord(all[key]));
    void this.ctx.extension.workspaceState.update(STORE_KEY, { ...all, [key]: next });
    this.changed.fire();
    return next;
  }

  record(uri: vscode.Uri, loc: HandlerLocator): MeasureRecord | undefined {
    const r = validRecord(this.all()[handlerKey(uri.toString(), loc)]);
    return r && r.probe === loc.site ? r : undefined;
  }

  /** The record's statistics and recommendation for the probe as written now. */
  analysis(uri: vscode.Uri, h: HandlerModel, loc: HandlerLocator): { record: MeasureRecord; analysis: MeasureAnalysis } | undefined {
    const record = this.record(uri, loc);
    return record && { record, analysis: analyze(h.container.spec, record, measureSettings(uri).recommend) };
  }

  /** For the hover, the tree and the lens: one line and the Markdown, if the probe was measured. */
  summary(uri: vscode.Uri, h: HandlerModel, loc: HandlerLocator, esc: (s: string) => string, icon = ''): { line: string; markdown: string } | undefined {
    const a = this.analysis(uri, h, loc);
    return a && { line: measureLine(a.analysis), markdown: measureMarkdown(a.record, a.analysis, esc, ago(Date.now() - a.record.at), icon) };
  }

  private parsed = new Map<string, { text: string; file: ReturnType<typeof parseManifest> }>();

  /** summary() for a probe known by its locator only (the tree): reads the file only if the probe was measured. */
  summaryOf(uri: vscode.Uri, loc: HandlerLocator, esc: (s: string) => string): { line: string; markdown: string } | undefined {
    if (!this.record(uri, loc)) return undefined;
    const key = uri.toString();
    let text = this.renderedText(uri) ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === key)?.getText();
    try {
      text ??= readFileSync(uri.fsPath, 'utf8');
    } catch {
      return undefined;
    }
    let p = this.parsed.get(key);
    if (!p || p.text !== text) this.parsed.set(key, (p = { text, file: parseManifest(text, uri.fsPath) }));
    const h = findHandler(p.file, loc);
    return h && this.summary(uri, h, loc, esc);
  }

  /** A chart's or overlay's anchor file (Chart.yaml, kustomization.yaml): its latest render, else undefined. */
  private renderedText(uri: vscode.Uri): string | undefined {
    return uri.scheme === 'file' ? this.ctx.units().resultAt(uri.fsPath)?.rendered?.text : undefined;
  }

  /** The manifest a probe is read from: the unit's render for an anchor file, else the document. */
  private async manifestAt(uri: vscode.Uri): Promise<{ text: string; doc?: vscode.TextDocument; unit?: import('./units').UnitLint }> {
    const units = this.ctx.units();
    const unit = uri.scheme === 'file' ? await units.unitFor(uri) : undefined;
    if (unit && unit.anchorFile === uri.fsPath) {
      const r = units.result(unit) ?? (await units.lint(unit));
      if (r?.rendered) return { text: r.rendered.text, unit: r };
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    return { text: doc.getText(), doc };
  }

  /** Forgets the measurements of a probe (tests; a fresh start). */
  async forget(uri: vscode.Uri, loc: HandlerLocator): Promise<void> {
    const all = { ...this.all() };
    delete all[handlerKey(uri.toString(), loc)];
    await this.ctx.extension.workspaceState.update(STORE_KEY, all);
    this.changed.fire();
  }

  /** ⏱ Measure: measures, keeps, and shows what it recommends (side by side in the Pod Timeline). */
  async measure(uri: vscode.Uri, loc: HandlerLocator): Promise<MeasureOutcome | MeasureFailure | undefined> {
    if (!isProbe(loc.site)) {
      void vscode.window.showInformationMessage('Lifecycle hooks run once per start and have no timings to tune: only probes are measured.');
      return undefined;
    }
    const site = loc.site;
    const resolved = await this.runs.resolveTarget(uri, loc);
    if (!resolved) return undefined;
    const { h, choice } = resolved;
    const s = measureSettings(uri);
    const runner = this.ctx.runner();
    const launch = this.startsGlue.launchFor(uri, loc, choice, s.launch[loc.workload], s.starts, (l) => runner.commandStarter({ argv: runner.splitCommandLine(l), cwd: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath }, LAUNCH_PORT_HINT));
    if (launch === null) return undefined;
    const what = `${PROBE_LABEL[site].toLowerCase()} probe of ${h.container.name ?? 'the container'}`;
    // A local container is restarted, a live pod deleted, only once the user said yes (modal).
    const asked = !launch && s.starts > 0 && choice.kind === 'container' ? await this.startsGlue.confirmContainerRestarts(choice.container, s.starts) : launch;
    const podRestart = choice.kind === 'pod' && s.starts > 1 && (await this.startsGlue.confirmPodRestarts(choice, h, s.starts));
    if (asked === null || podRestart === null) return undefined;
    const starter = asked;
    let failed: string | undefined;
    const measured = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Measuring the ${what}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const signal = controller.signal;
        let opened: Awaited<ReturnType<ProbeRuns['openTarget']>> | undefined;
        let attempts: Attempt[] = [];
        let starts: StartRecord[] | undefined;
        try {
          let target = choice;
          if (podRestart && choice.kind === 'pod') {
            // The pod's starts first: the latency is then sampled against the newest pod.
            const r = await this.startsGlue.podStarts(choice, h, s.starts, s.maxWaitSeconds, signal, (m) => progress.report({ message: m }));
            starts = r.records;
            if (r.pod !== choice.pod) {
              target = { ...choice, pod: r.pod };
              await this.runs.setTarget(uri, loc.workload, target);
            }
          }
          opened = await this.runs.openTarget(uri, target, h, signal);
          const put = { probe: h.spec, container: h.container.spec, target: opened.target, site };
          const step = 100 / (s.samples + (starter ? s.starts : 0));
          const sample = async () => {
            progress.report({ message: `latency: ${s.samples} attempts against ${opened!.label}…` });
            attempts = await runner.sampleLatency(put, {
              samples: s.samples,
              intervalMs: s.intervalMs,
              signal,
              onAttempt: (a, i) => progress.report({ increment: step, message: `latency: attempt ${i + 1} of ${s.samples}, ${a.ok ? `${a.durationMs} ms` : a.failure}` }),
            });
          };
          if (starter) {
            this.ctx.log.info(`measure: starting ${starter.label} ${s.starts}× (no shell) to time the ${what}`);
            progress.report({ message: `cold start 1 of ${s.starts}: ${starter.label}…` });
            starts = await runner.measureStarts(put, {
              starts: s.starts,
              starter,
              onNotice: (t) => {
                this.ctx.log.info(`measure: ${t}`);
                progress.report({ message: t });
                void vscode.window.showInformationMessage(`Measure: ${t}`);
              },
              pollMs: 250,
              maxWaitSeconds: s.maxWaitSeconds,
              signal,
              onStart: (r) => progress.report({ increment: step, message: `cold start ${r.start} of ${s.starts}: ${r.firstSuccessSeconds !== undefined ? `first success after ${r.firstSuccessSeconds} s` : r.problem}` }),
              whileRunning: sample,
              confirmTakeOver: (q) => this.startsGlue.confirmTakeOver(q),
            });
          } else {
            if (choice.kind === 'pod' && !podRestart) starts = [await this.startsGlue.podStart(choice, h)];
            await sample();
          }
          return { attempts, starts, target: opened.label };
        } catch (e) {
          if (!signal.aborted) {
            this.ctx.report.error(e, 'kubeProbes.measureProbe');
            failed = messageOf(e);
          }
          return attempts.length || starts?.length ? { attempts, starts, target: opened?.label ?? '' } : undefined;
        } finally {
          opened?.dispose();
        }
      },
    );
    if (!measured || (!measured.attempts.length && !measured.starts?.length)) return failed === undefined ? undefined : { problem: failed };
    const key = handlerKey(uri.toString(), loc);
    const now = Date.now();
    const record = this.add(key, (r) => {
      let next = addAttempts(r, site, measured.attempts, 'measure', measured.target, now);
      if (measured.starts?.length) next = addStarts(next, site, measured.starts, measured.target, now);
      return next;
    });
    const analysis = analyze(h.container.spec, record, s.recommend);
    this.logOutcome(what, record, analysis);
    const comparison = await this.show(uri, loc, { quiet: false });
    return { record, analysis, ...(comparison && { comparison }) };
  }

  private logOutcome(what: string, record: MeasureRecord, a: MeasureAnalysis): void {
    const log = this.ctx.log;
    log.info(`measured the ${what} against ${record.target}:`);
    if (a.latency) log.info(`  latency: ${latencyText(a.latency, record.watched)}`);
    if (a.starts) log.info(`  ${startsText(a.starts)}`);
    for (const r of record.starts) if (r.problem) log.info(`    start ${r.start}: ${r.problem}`);
    for (const l of recommendationLines(a.recommendation)) log.info(`  recommended: ${l}`);
    for (const c of a.recommendation.cannot) log.info(`  ${c}`);
    for (const f of a.recommendation.fine) log.info(`  ok: ${f}`);
  }

  /**
   * Shows a measured probe's recommendation: the Pod Timeline with current vs recommended side
   * by side when there is something to compare, else a message. Returns the comparison shown.
   */
  async show(uri: vscode.Uri, loc: HandlerLocator, o: { quiet: boolean; refresh?: boolean } = { quiet: true }): Promise<MeasureComparison | undefined> {
    const src = await this.manifestAt(uri);
    const file = parseManifest(src.text, uri.fsPath);
    const h = findHandler(file, loc);
    const m = h && this.analysis(uri, h, loc);
    if (!h || !m) {
      const where = src.unit ? `the render of ${vscode.workspace.asRelativePath(src.unit.unit.root)}` : vscode.workspace.asRelativePath(uri);
      if (!o.quiet) void vscode.window.showInformationMessage(h ? 'This probe has not been measured yet: use ⏱ Measure above it.' : `${loc.workload} › ${loc.container} › ${loc.site} is no longer in ${where}.`);
      return undefined;
    }
    const r = m.analysis.recommendation;
    const has = r.changes.length > 0 || !!r.add;
    const w = h.container.workload;
    if (!has && r.cannot.length) {
      if (!o.quiet) void vscode.window.showWarningMessage(`Measured: ${r.cannot.join(' ')}`, 'Show Output').then((a) => a && this.ctx.log.show(true));
      return undefined;
    }
    if (h.container.kind !== 'container' || w.document.templated) {
      if (!o.quiet) void vscode.window.showInformationMessage(`${measureLine(m.analysis)}: ${recommendationLines(r).join('; ') || 'nothing to change'}. (No side-by-side simulation for ${w.document.templated ? 'a Helm template' : `an ${h.container.kind}`}.)`);
      return undefined;
    }
    const [{ prove }, { applyToContainer }, { comparisonOf }] = await Promise.all([import('../core/measure/prove'), import('../core/measure/recommend'), import('../core/timeline/compare')]);
    const proof = prove({ spec: w.podSpec, name: w.name, namespace: w.namespace, containerName: h.container.name ?? '', recommendation: r, starts: m.analysis.starts, latency: m.analysis.latency });
    const recommendedSpec = { ...w.podSpec, containers: (w.podSpec.containers ?? []).map((c) => (c.name === h.container.name ? applyToContainer(c, r) : c)) };
    const comparison = comparisonOf({
      probe: `${PROBE_LABEL[loc.site].toLowerCase()} probe of ${h.container.name ?? 'the container'}`,
      analysis: m.analysis,
      proof,
      containerName: h.container.name ?? '',
      recommendedSpec,
      watched: m.record.watched,
      apply: has ? { possible: true } : { possible: false, why: 'nothing to change: the manifest has the recommended values' },
    });
    const args: TimelineShowArgs = { ...(src.doc ? timelineArgs(src.doc, w) : timelineArgsAt(uri, 0, w)), scenario: proof.scenario, comparison, onApply: () => this.apply(uri, loc) };
    if (o.refresh) {
      // Only a panel still showing the side by side (a plain ◷ Simulate since then hid it).
      const panel = args.workloadRef && TimelinePanel.find(args.workloadRef);
      if (!panel?.comparison) this.shown.delete(uri.toString());
      else panel.update(args);
      return comparison;
    }
    this.ctx.log.info(`  simulated: ${comparisonLine(comparison)}`);
    this.shown.set(uri.toString(), loc);
    await this.openTimeline(args);
    if (!o.quiet && has) {
      void vscode.window.showInformationMessage(`Measured: ${comparisonLine(comparison)}`, 'Apply').then((a) => a && this.apply(uri, loc));
    }
    return comparison;
  }

  /**
   * Writes the recommendation into the manifest as one WorkspaceEdit (one undo step), keeping
   * comments and formatting (core/measure/apply.ts). Returns whether the document changed.
   */
  async apply(uri: vscode.Uri, loc: HandlerLocator): Promise<boolean> {
    const src = await this.manifestAt(uri);
    const text = src.text;
    const h = findHandler(parseManifest(text, uri.fsPath), loc);
    const m = h && this.analysis(uri, h, loc);
    if (!h || !m) {
      void vscode.window.showInformationMessage('Nothing to apply: measure the probe first (⏱ Measure).');
      return false;
    }
    const r = m.analysis.recommendation;
    if (!r.changes.length && !r.add) {
      void vscode.window.showInformationMessage(r.cannot.length ? `Nothing to apply: ${r.cannot.join(' ')}` : 'Nothing to apply: the timings already fit what was measured.');
      return false;
    }
    if (src.unit?.rendered) {
      const done = await applyToUnit(this.ctx, src.unit, h, r);
      this.changed.fire();
      return done;
    }
    const doc = src.doc!;
    if (h.container.workload.document.templated) {
      // A template read on its own (its chart does not render): which values key feeds a field is unknown.
      void vscode.window.showWarningMessage(
        `This probe is written in a Helm template whose chart does not render, so where each value comes from is unknown. Change these by hand (in the template or the values key that feeds it): ${recommendationLines(r).join('; ')}`,
        { modal: true },
      );
      return false;
    }
    const { edits, skipped } = recommendationEdits(text, h.container, r);
    if (edits.length) {
      const we = new vscode.WorkspaceEdit();
      for (const e of edits) we.replace(uri, new vscode.Range(doc.positionAt(e.span.start), doc.positionAt(e.span.end)), e.newText);
      if (!(await vscode.workspace.applyEdit(we))) {
        void vscode.window.showErrorMessage(`Could not write the recommendation into ${vscode.workspace.asRelativePath(uri)} (the editor refused the edit).`);
        return false;
      }
      this.ctx.log.info(`applied the measured recommendation to ${vscode.workspace.asRelativePath(uri)} (${edits.length} edit${edits.length === 1 ? '' : 's'}, one undo step): ${recommendationLines(r).join('; ')}`);
    }
    if (skipped.length) void vscode.window.showWarningMessage(`Write these by hand (the mapping cannot be edited safely): ${skipped.join('; ')}`);
    this.changed.fire();
    // The open side by side now compares the applied values with themselves.
    if (edits.length) await this.show(uri, loc, { quiet: true, refresh: true });
    return edits.length > 0;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The quick fix on a measured probe's key: "Apply the measured recommendation" (the command does the one WorkspaceEdit). */
export class MeasureCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly measurements: ProbeMeasurements) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    if (docTooBigToParseInline(doc)) return out;
    const text = doc.getText();
    if (!looksLikeKubernetes(text)) return out;
    const start = doc.offsetAt(range.start);
    for (const w of parseManifest(text, doc.uri.fsPath).workloads) {
      for (const c of w.containers) {
        for (const h of c.handlers) {
          if (!h.isProbe || start < h.keySpan.start || start > h.keySpan.end) continue;
          const loc = locatorOf(h);
          const m = this.measurements.analysis(doc.uri, h, loc);
          const r = m?.analysis.recommendation;
          const n = r ? r.changes.length + (r.add ? 1 : 0) : 0;
          if (!n) continue;
          const a = new vscode.CodeAction(`Apply the measured recommendation (${n} change${n === 1 ? '' : 's'}: ${recommendationLines(r!).map((l) => l.split(' — ')[0]).join(', ')})`, vscode.CodeActionKind.QuickFix);
          a.command = { title: 'Apply the measured recommendation', command: 'kubeProbes.applyMeasuredRecommendation', arguments: [doc.uri, loc] };
          out.push(a);
        }
      }
    }
    return out;
  }
}

