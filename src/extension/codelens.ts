// "▶ Run probe", "⟳ Watch", "⏱ Measure" and the last verdict (and measurement) above each probe and
// hook; "◷ Simulate" above each workload. Lenses are computed from the (cached) parse of the document.
// In a file of a chart or overlay that renders (a template, a values file, a patch), the lenses sit
// where each rendered probe and workload is written and act on the RENDERED one (defaults and named
// ports resolved), through its chart's Chart.yaml / kustomization.yaml (unit-entries.ts).
import * as vscode from 'vscode';
import { PROBE_LABEL } from '../core/k8s';
import type { Workload } from '../core/manifest/model';
import { looksLikeKubernetes } from '../core/manifest/detect';
import { parseManifest } from '../core/manifest/parse';
import { locatorOf, verdictText, type HandlerLocator } from '../core/probe/locate';
import { watchText } from '../core/probe/watch';
import { ago } from '../core/workspace/run-status';
import { codeLensEnabled } from './config';
import { docTooBigToParseInline } from './limits';
import type { ProbeMeasurements } from './measure';
import type { ProbeRuns } from './probe-runs';
import type { TimelineShowArgs } from './timeline-panel';

/** The rendered probes and workloads written in a file of a chart or overlay. */
export interface UnitLenses {
  /** The unit's anchor file (Chart.yaml, kustomization.yaml): runs and watches are kept under it. */
  anchor: vscode.Uri;
  simulate: Array<{ at: vscode.Position; args: TimelineShowArgs }>;
  handlers: Array<{ at: vscode.Position; loc: HandlerLocator; isProbe: boolean; workload: string }>;
}

export interface UnitLensSource {
  /** Undefined when the file is in no unit that renders (it is then a manifest of its own). */
  lensesIn(doc: vscode.TextDocument): Promise<UnitLenses | undefined>;
  readonly onDidChange: vscode.Event<unknown>;
}

export class ProbeCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private units: UnitLensSource | undefined;

  constructor(private readonly runs: ProbeRuns, private readonly measurements?: ProbeMeasurements) {
    runs.onDidChange(() => this.changed.fire());
    measurements?.onDidChange(() => this.changed.fire());
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kubeProbes.codeLens')) this.changed.fire();
    });
  }

  /** Charts and overlays: lenses on their templates, values files and patches act on the render. */
  attachUnits(units: UnitLensSource): vscode.Disposable {
    this.units = units;
    this.changed.fire();
    return units.onDidChange(() => this.changed.fire());
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled(doc.uri)) return [];
    const unit = await this.units?.lensesIn(doc).catch(() => undefined);
    if (unit) return this.unitLenses(unit);
    return this.fileLenses(doc);
  }

  private unitLenses(u: UnitLenses): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const s of u.simulate) {
      lenses.push(
        new vscode.CodeLens(new vscode.Range(s.at, s.at), {
          title: '◷ Simulate',
          tooltip: `Play what the kubelet will do to the rendered ${s.args.title}'s pod over time`,
          command: 'kubeProbes.simulate',
          arguments: [s.args],
        }),
      );
    }
    for (const h of u.handlers) {
      const range = new vscode.Range(h.at, h.at);
      const what = h.isProbe ? 'probe' : 'hook';
      lenses.push(
        new vscode.CodeLens(range, {
          title: `▶ Run ${what}`,
          tooltip: `Run the rendered ${PROBE_LABEL[h.loc.site].toLowerCase()} ${what} of ${h.workload} › ${h.loc.container} once, as the kubelet would`,
          command: 'kubeProbes.runProbe',
          arguments: [u.anchor, h.loc],
        }),
      );
      if (h.isProbe) {
        const watching = this.runs.watchStatus(u.anchor, h.loc);
        lenses.push(
          new vscode.CodeLens(range, watching
            ? { title: `■ Stop watching (${watchText(watching.tally)})`, command: 'kubeProbes.stopWatch', arguments: [u.anchor, h.loc] }
            : { title: '⟳ Watch', tooltip: `Run the rendered probe of ${h.workload} on the kubelet worker’s schedule until stopped`, command: 'kubeProbes.watchProbe', arguments: [u.anchor, h.loc] }),
        );
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(watch) Measure',
            tooltip: `Time the rendered probe of ${h.workload} against the app, recommend timings and simulate them; Apply writes them where each value is set`,
            command: 'kubeProbes.measureProbe',
            arguments: [u.anchor, h.loc],
          }),
        );
        const measured = this.measurements?.summaryOf(u.anchor, h.loc, (x) => x);
        if (measured) {
          lenses.push(new vscode.CodeLens(range, { title: `$(watch) ${measured.line}`, tooltip: 'Show current vs recommended in the Pod Timeline', command: 'kubeProbes.showMeasurement', arguments: [u.anchor, h.loc] }));
        }
      }
      const last = this.runs.last(u.anchor, h.loc);
      if (last) {
        const v = verdictText(last.result);
        lenses.push(
          new vscode.CodeLens(range, {
            title: `${v.icon} ${v.short} · ${ago(Date.now() - last.at)}`,
            tooltip: `${last.result.result} against ${last.target} at ${new Date(last.at).toLocaleTimeString()}: ${last.result.message.slice(0, 300)}`,
            command: 'kubeProbes.showOutput',
          }),
        );
      }
    }
    return lenses;
  }

  private fileLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const big = docTooBigToParseInline(doc);
    if (big) {
      if (!big.manifest) return [];
      const top = new vscode.Position(0, 0);
      return [
        new vscode.CodeLens(new vscode.Range(top, top), {
          title: `Kubernetes Probes: ${(big.size / 1024 / 1024).toFixed(1)} MB of workloads — no Run/Simulate lenses in a file this large`,
          command: 'kubeProbes.showOutput',
        }),
      ];
    }
    const text = doc.getText();
    if (!looksLikeKubernetes(text)) return [];
    const file = parseManifest(text, doc.uri.fsPath);
    const lenses: vscode.CodeLens[] = [];
    for (const w of file.workloads) {
      // A Helm template has no pod spec to play until rendered: no Simulate. Its probes written out
      // literally can still be run and watched, as the Workspace Probes tree offers.
      if (!w.document.templated) {
        const at = doc.positionAt(workloadStart(w));
        lenses.push(
          new vscode.CodeLens(new vscode.Range(at, at), {
            title: '◷ Simulate',
            tooltip: `Play what the kubelet will do to ${w.kind} ${w.name ?? ''}'s pod over time`,
            command: 'kubeProbes.simulate',
            arguments: [timelineArgs(doc, w)],
          }),
        );
      }
      for (const c of w.containers) {
        for (const h of c.handlers) {
          if (h.handlerTypes.length === 0) continue;
          const pos = doc.positionAt(h.keySpan.start);
          const range = new vscode.Range(pos, pos);
          const loc = locatorOf(h);
          const what = h.isProbe ? 'probe' : 'hook';
          lenses.push(
            new vscode.CodeLens(range, {
              title: `▶ Run ${what}`,
              tooltip: `Run this ${PROBE_LABEL[h.site].toLowerCase()} ${what} once, as the kubelet would`,
              command: 'kubeProbes.runProbe',
              arguments: [doc.uri, loc],
            }),
          );
          if (h.isProbe) {
            const watching = this.runs.watchStatus(doc.uri, loc);
            lenses.push(
              new vscode.CodeLens(range, watching
                ? {
                    title: `■ Stop watching (${watchText(watching.tally)})`,
                    ...(watching.tally.next && { tooltip: `Next: ${watching.tally.next}` }),
                    command: 'kubeProbes.stopWatch',
                    arguments: [doc.uri, loc],
                  }
                : { title: '⟳ Watch', tooltip: 'Run it on the kubelet worker’s schedule (delay, period, thresholds) until stopped', command: 'kubeProbes.watchProbe', arguments: [doc.uri, loc] }),
            );
            lenses.push(
              new vscode.CodeLens(range, {
                title: '$(watch) Measure',
                tooltip: 'Time this probe against the app (and its cold starts, with kubeProbes.measure.launch), recommend timings and simulate them',
                command: 'kubeProbes.measureProbe',
                arguments: [doc.uri, loc],
              }),
            );
            const measured = this.measurements?.summary(doc.uri, h, loc, (x) => x);
            if (measured) {
              lenses.push(new vscode.CodeLens(range, { title: `$(watch) ${measured.line}`, tooltip: 'Show current vs recommended in the Pod Timeline', command: 'kubeProbes.showMeasurement', arguments: [doc.uri, loc] }));
            }
          }
          const last = this.runs.last(doc.uri, loc);
          if (last) {
            const v = verdictText(last.result);
            const rejected = last.rejected?.length ? `⚠ rejected by the API server · ` : '';
            lenses.push(
              new vscode.CodeLens(range, {
                title: `${rejected}${v.icon} ${v.short} · ${ago(Date.now() - last.at)}`,
                tooltip:
                  `${last.result.result} against ${last.target} at ${new Date(last.at).toLocaleTimeString()}: ${last.result.message.slice(0, 300)}` +
                  (last.rejected?.length ? `\n\nThe API server would reject this as written: ${last.rejected.join('; ')}` : ''),
                command: 'kubeProbes.showOutput',
              }),
            );
          }
        }
      }
    }
    return lenses;
  }
}

function workloadStart(w: Workload): number {
  const r = w.node?.range;
  return r ? w.document.base + r[0] : w.span.start;
}

/** What the timeline needs to simulate a workload. */
export function timelineArgs(doc: vscode.TextDocument, w: Workload): TimelineShowArgs {
  return timelineArgsAt(doc.uri, doc.positionAt(workloadStart(w)).line, w);
}

/** The same for a workload read elsewhere (a chart's render, kept under its Chart.yaml). */
export function timelineArgsAt(uri: vscode.Uri, line: number, w: Workload): TimelineShowArgs {
  return {
    title: `${w.kind} ${w.name ?? ''}`.trim(),
    workloadRef: {
      uri: uri.toString(),
      documentIndex: w.document.index,
      ...(w.listIndex !== undefined && { listIndex: w.listIndex }),
      kind: w.kind,
      name: w.name,
      namespace: w.namespace,
      line,
    },
    podSpec: w.podSpec,
    podSelector: w.podLabels,
    workloadSpec: workloadSpecOf(w),
    meta: { name: podNameFor(w), namespace: w.namespace ?? 'default', workloadKind: w.kind, workloadName: w.name },
  };
}

/** The workload's spec without its pod template (small: replicas, strategy, minReadySeconds, …). */
function workloadSpecOf(w: Workload): Record<string, unknown> | undefined {
  const spec = (w.object as { spec?: unknown } | undefined)?.spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return undefined;
  const { template: _template, ...rest } = spec as Record<string, unknown>;
  return rest;
}

/** A pod name as the workload's controller would make it (deterministic, for the simulation). */
function podNameFor(w: Workload): string {
  const name = w.name ?? 'pod';
  if (w.kind === 'Pod') return name;
  if (w.kind === 'StatefulSet') return `${name}-0`;
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const suffix = Array.from({ length: 5 }, (_, i) => alphabet[(h >>> (i * 5)) % alphabet.length]).join('');
  return w.kind === 'Deployment' || w.kind === 'Rollout' ? `${name}-${(h % 0xfffffff).toString(16)}-${suffix}` : `${name}-${suffix}`;
}
