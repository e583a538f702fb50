// The Pod Timeline webview's entry point and state: what the host sent (init, the simulation's
// SimResult and verdicts, live data), the scenario being edited, the cursor, persistence. Talks
// to the host only through src/core/timeline/protocol.ts; the page is built by page.ts, the
// timeline by timeline-view.ts, the readout by readout.ts, the lanes by lanes.ts.
import { LIVE_LIMIT } from '../core/defaults';
import type { PodSpec } from '../core/k8s';
import { completeScenario, presetById, PRESETS, presetScenario, withStartupProbe } from '../core/timeline/presets';
import {
  PROTOCOL_VERSION,
  type HostMessage, type InitPayload, type KubeletEvent, type LiveAttempt, type LiveState, type PersistedState, type PresetId, type ScenarioInput,
  type SimEvent, type SimulationResultMessage, type TimelineData, type Verdict, type WebviewMessage, type WhatIf,
} from '../core/timeline/protocol';
import { formatDuration, formatT } from '../core/util/duration';
import { fill, h } from './dom';
import { visibleText } from './escape';
import { CompareView } from './compare-view';
import { buildModel, type TimelineModel } from './lanes';
import { liveVerdicts } from './live-verdicts';
import { buildPage, type PageElements } from './page';
import { containersOf, statusAt, type ContainerInfo } from './pod-replay';
import { renderReadout, type StatusView } from './readout';
import { ScenarioEditor } from './scenario-editor';
import { renderMachine } from './state-machine-view';
import { CONTAINER_MACHINE, POD_MACHINE, containerTraversal, podTraversal } from './state-machines';
import { kubectlLine } from './status-text';
import { onThemeChange } from './theme';
import { TimelineView } from './timeline-view';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Appends a batch to a list sorted by t (batches of the status watch and of probe runs interleave). */
function merge<T extends { t: number }>(list: T[], batch: readonly T[]): void {
  for (const x of batch) list.push(x);
  if (batch.length) list.sort((a, b) => a.t - b.t); // stable: the producer's order within an instant stays
  if (list.length > LIVE_LIMIT) list.splice(0, list.length - LIVE_LIMIT);
}

/** Live data as it arrives: lists that grow (TimelineData's read-only lists, mutable here). */
interface LiveData { events: SimEvent[]; attempts: LiveAttempt[]; kubeletEvents: KubeletEvent[] }
function emptyLive(): LiveData {
  return { events: [], attempts: [], kubeletEvents: [] };
}

const LIVE_WORDS: Record<LiveState, string> = { unavailable: 'Live: off', idle: 'Live: off', connecting: 'Live: connecting…', live: 'Live', stopped: 'Live: stopped', error: 'Live: error' };
const VERDICT_ICON: Record<Verdict['level'], string> = { ok: '✓', info: 'ℹ', warning: '⚠', error: '✕' };

class App {
  private init: InitPayload | undefined;
  private scenario: ScenarioInput = {};
  private preset: PresetId | undefined;
  /** The scenario is still the one the panel opened with (a matched scenario file, or the default). */
  private openingScenario = true;
  private whatIf: WhatIf | undefined;
  private last: SimulationResultMessage | undefined;
  private seq = 0;
  private model: TimelineModel | undefined;
  private live = { state: 'idle' as LiveState, message: '', origin: undefined as string | undefined, podName: undefined as string | undefined, data: emptyLive() };
  private readoutGroup: 'sim' | 'live' = 'sim';
  private smContainer: string | undefined;
  private sendTimer: number | undefined;
  private saveTimer: number | undefined;
  private liveQueued = false;
  private readonly timeline: TimelineView;
  private readonly editor: ScenarioEditor;
  private readonly el: PageElements;
  private readonly compare = new CompareView({ apply: () => this.post({ type: 'compare/apply' }), play: (label, podSpec) => this.setWhatIf({ label, podSpec }) });

  constructor(private readonly vscode: VsCodeApi) {
    this.timeline = new TimelineView({
      onCursor: (t, source) => this.onCursor(t, source),
      onView: () => this.save(),
      describe: (t) => this.describe(t),
    });
    this.editor = new ScenarioEditor((s) => {
      this.scenario = s;
      this.preset = undefined;
      this.openingScenario = false;
      this.renderPresets();
      this.sendScenario(250);
    });
    this.el = buildPage(
      { timeline: this.timeline.root, editor: this.editor.root, compare: this.compare.root },
      {
        openSource: () => this.post({ type: 'openSource' }),
        toggleLive: () => this.post({ type: this.live.state === 'live' || this.live.state === 'connecting' ? 'live/stop' : 'live/start' }),
        leaveWhatIf: () => this.setWhatIf(undefined),
        zoom: (f) => this.timeline.zoom(f),
        fit: () => this.timeline.setView(undefined),
        pickContainer: (name) => {
          this.smContainer = name;
          this.renderMachines();
          this.save();
        },
      },
    );
  }

  // ---- messages ---------------------------------------------------------------------------------

  post(msg: WebviewMessage): void {
    this.vscode.postMessage(msg);
  }

  restore(saved: PersistedState | undefined): void {
    if (!saved || saved.v !== 2 || !saved.init) return;
    this.smContainer = saved.smContainer;
    this.whatIf = saved.whatIf;
    this.applyInit(saved.init, saved.scenario, saved.preset);
    if (saved.last) this.applyResult(saved.last, true);
    if (saved.view) this.timeline.setView(saved.view);
    if (typeof saved.cursor === 'number') this.timeline.setCursor(saved.cursor);
  }

  onMessage(msg: HostMessage): void {
    switch (msg.type) {
      case 'compare':
        this.compare.set(msg.comparison);
        break;
      case 'init':
        this.openingScenario = true;
        this.applyInit(msg.payload, msg.payload.scenario, msg.payload.preset);
        break;
      case 'simulation/result':
        this.applyResult(msg, false);
        break;
      case 'simulation/error':
        if (msg.seq >= this.seq || !this.last) this.setSimState(`The simulation failed: ${msg.message}`, true);
        break;
      case 'live/status':
        this.live.state = msg.state;
        this.live.message = msg.message;
        if (msg.origin) this.live.origin = msg.origin;
        if (msg.podName) this.live.podName = msg.podName;
        this.renderLive();
        break;
      case 'live/append':
        merge(this.live.data.events, msg.events);
        merge(this.live.data.attempts, msg.attempts);
        merge(this.live.data.kubeletEvents, msg.kubeletEvents);
        this.queueLive();
        break;
      case 'live/reset':
        this.live.data = emptyLive();
        this.live.origin = msg.origin;
        this.live.podName = msg.podName;
        this.queueLive();
        break;
    }
  }

  private hasLive(): boolean {
    const d = this.live.data;
    return d.events.length + d.attempts.length + d.kubeletEvents.length > 0;
  }

  private queueLive(): void {
    if (this.liveQueued) return;
    this.liveQueued = true;
    requestAnimationFrame(() => {
      this.liveQueued = false;
      this.rebuild();
      this.renderLive();
    });
  }

  private applyInit(p: InitPayload, scenario: ScenarioInput | undefined, preset: PresetId | undefined): void {
    this.init = p;
    this.scenario = completeScenario(scenario ?? p.scenario, p.podSpec);
    this.preset = preset;
    const meta = p.meta;
    this.el.title.textContent = visibleText(`Pod Timeline: ${p.title || meta.workloadName || meta.name || 'pod'}`, 200);
    const where = [meta.workloadKind, meta.namespace ? `namespace ${meta.namespace}` : undefined].filter(Boolean).join(' · ');
    this.el.sub.textContent = visibleText(`Simulated pod ${meta.name ?? 'pod'}${where ? ` · ${where}` : ''}: what the kubelet does with these probes, second by second.`, 400);
    this.el.open.hidden = !p.workloadRef?.uri;
    const infos = containersOf(p.podSpec);
    this.editor.set(this.scenario, infos);
    this.renderPresets();
    const names = infos.map((c) => c.name);
    if (!this.smContainer || !names.includes(this.smContainer)) this.smContainer = infos.find((c) => !c.init)?.name ?? names[0];
    fill(this.el.smPick, ...names.map((n) => h('option', { value: n, selected: n === this.smContainer }, visibleText(n, 80))));
    if (!this.live.message && this.live.state === 'idle') {
      this.live.state = p.live.available ? 'idle' : 'unavailable';
      this.live.message = p.live.available ? '' : (p.live.message ?? 'Live mode is not available.');
    }
    this.renderLive();
    if (!this.last) this.setSimState('Simulating…');
    this.save();
  }

  private applyResult(msg: SimulationResultMessage, restoring: boolean): void {
    if (!restoring && msg.seq < this.seq && this.last) return; // an answer to an older edit
    this.last = msg;
    this.whatIf = msg.whatIf;
    this.renderWhatIf();
    if (!restoring && msg.seq === 0 && msg.seq >= this.seq) {
      this.scenario = completeScenario(msg.scenario, this.init?.podSpec);
      this.editor.set(this.scenario, containersOf(this.init?.podSpec));
    }
    this.rebuild();
    this.setSimState(`Simulated ${formatDuration(msg.result.until)}: ${this.scenarioInWords()}`, this.openingScenario && !!this.init?.scenarioOrigin?.problem);
    this.save();
  }

  private rebuild(): void {
    const res = this.last?.result;
    const keep = !!this.model;
    this.model = buildModel({
      spec: this.simSpec(),
      ...(res ? { podName: this.init?.meta.name ?? res.pod.name, sim: res } : {}),
      ...(this.hasLive() ? { live: { ...this.live.data, ...(this.live.podName ? { podName: this.live.podName } : {}) } } : {}),
    });
    this.timeline.setModel(this.model, keep);
    this.el.count.textContent = `${this.model.counts.events.toLocaleString('en')} changes · ${this.model.counts.attempts.toLocaleString('en')} probe attempts`;
    this.renderVerdicts();
    this.renderGroupPick();
    this.timeline.setCursor(this.timeline.getCursor(), 'api');
  }

  // ---- rendering --------------------------------------------------------------------------------

  /** What the simulated app does, for the line under the presets. */
  private scenarioInWords(): string {
    const p = presetById(this.preset);
    if (p) return `${p.label} — ${p.description}`;
    const origin = this.init?.scenarioOrigin;
    if (this.openingScenario && origin?.file && origin.problem) return `${origin.file} (${origin.why ?? 'matched to this manifest'}) could not be used: ${origin.problem}. Simulated with the default scenario: every container answers at once.`;
    if (this.openingScenario && origin?.file) return `the scenario of ${origin.file} (${origin.why ?? 'matched to this manifest'}). A preset above replaces it.`;
    if (this.openingScenario && origin) return 'no scenario file matches this manifest, so every container answers its probes at once and never fails. Pick a preset or edit the scenario.';
    if (this.openingScenario) return 'the scenario the panel was opened with; a preset above replaces it with a typical behaviour.';
    return 'the app behaves as set under "Edit the scenario"; a preset above replaces that with a typical behaviour.';
  }

  private setSimState(text: string, error = false): void {
    this.el.simState.textContent = visibleText(text, 600);
    this.el.simState.classList.toggle('error', error);
  }

  private renderPresets(): void {
    fill(
      this.el.presets,
      ...PRESETS.map((p) => {
        const b = h('button', { type: 'button', class: 'preset', 'aria-pressed': this.preset === p.id ? 'true' : 'false', title: p.description }, p.label);
        b.addEventListener('click', () => this.selectPreset(p.id));
        return b;
      }),
    );
  }

  private selectPreset(id: PresetId): void {
    this.preset = id;
    this.openingScenario = false;
    this.scenario = presetScenario(id, this.init?.podSpec, this.scenario);
    this.editor.set(this.scenario, containersOf(this.init?.podSpec));
    this.renderPresets();
    this.sendScenario(0);
  }

  private sendScenario(delay: number): void {
    if (this.sendTimer !== undefined) clearTimeout(this.sendTimer);
    this.setSimState('Simulating…');
    this.sendTimer = window.setTimeout(() => {
      this.sendTimer = undefined;
      this.post({ type: 'scenario/change', seq: ++this.seq, scenario: this.scenario, ...(this.preset ? { preset: this.preset } : {}), ...(this.whatIf ? { whatIf: this.whatIf } : {}) });
      this.save();
    }, delay);
  }

  private renderVerdicts(): void {
    const list = (this.last?.verdicts ?? []).concat(this.model && this.hasLive() ? liveVerdicts(this.model) : []);
    const spec = this.init?.podSpec;
    const items = list.map((v) => {
      const parts: HTMLElement[] = [h('span', { class: 'v-icon', 'aria-hidden': 'true' }, VERDICT_ICON[v.level]), h('span', { class: 'sr-only' }, `${v.level}: `), h('span', { class: 'v-text' }, visibleText(v.text, 600))];
      const next = v.suggestion && v.container && spec && !this.whatIf ? withStartupProbe(spec, v.container, v.suggestion) : undefined;
      if (next && v.suggestion) {
        const { failureThreshold, periodSeconds } = v.suggestion;
        const label = `${v.container} with a startupProbe (failureThreshold ${failureThreshold} × periodSeconds ${periodSeconds})`;
        const b = h('button', { type: 'button', class: 'try', title: 'Simulate the same app with this startupProbe; the manifest is not changed' }, 'Try it');
        b.addEventListener('click', () => this.setWhatIf({ label, podSpec: next }));
        parts.push(b);
      }
      if (typeof v.t === 'number') {
        const t = v.t;
        const b = h('button', { type: 'button', class: 'link', title: 'Move the cursor there' }, `at ${formatT(t)}`);
        b.addEventListener('click', () => {
          this.timeline.setCursor(t, 'api');
          this.timeline.plot.focus();
        });
        parts.push(b);
      }
      return h('li', { class: `v v-${v.level}` }, ...parts);
    });
    fill(this.el.verdicts, ...(items.length ? items : [h('li', { class: 'v v-info' }, 'No simulation yet.')]));
  }

  /** The spec the simulation ran on: the manifest's, or a what-if's. */
  private simSpec(): PodSpec | undefined {
    return this.whatIf?.podSpec ?? this.init?.podSpec;
  }

  private setWhatIf(w: WhatIf | undefined): void {
    this.whatIf = w;
    this.renderWhatIf();
    this.sendScenario(0);
    this.save();
  }

  private renderWhatIf(): void {
    const w = this.whatIf;
    this.el.whatIf.hidden = !w;
    this.el.whatIfText.textContent = w ? visibleText(w.label, 300) : '';
    this.el.title.classList.toggle('what-if-title', !!w);
  }

  private renderGroupPick(): void {
    const el = this.el.groupPick;
    const hasLive = this.live.data.events.length > 0;
    el.hidden = !hasLive;
    if (!hasLive) {
      this.readoutGroup = 'sim';
      return;
    }
    const mk = (g: 'sim' | 'live', label: string) => {
      const b = h('button', { type: 'button', role: 'radio', 'aria-checked': this.readoutGroup === g ? 'true' : 'false', class: 'seg' }, label);
      b.addEventListener('click', () => {
        this.readoutGroup = g;
        this.renderGroupPick();
        this.onCursor(this.timeline.getCursor(), 'api');
      });
      return b;
    };
    fill(el, mk('sim', 'simulated'), mk('live', 'live pod'));
  }

  private renderLive(): void {
    const l = this.live;
    this.el.liveBtn.hidden = !this.init?.live.available;
    this.el.liveBtn.textContent = l.state === 'live' || l.state === 'connecting' ? 'Stop live' : 'Go live';
    const text = l.state === 'unavailable' && l.message ? `${l.message} — the simulation still works.` : l.message ? `${LIVE_WORDS[l.state]} — ${l.message}` : LIVE_WORDS[l.state];
    this.el.liveState.textContent = visibleText(text, 400);
    this.el.liveState.className = `live-state s-${l.state}`;
  }

  private describe(t: number): string {
    const s = this.statusFor(t);
    if (!s) return formatT(t);
    return `${formatT(t)}: STATUS ${s.line.status}, READY ${s.line.ready}, RESTARTS ${s.line.restarts}, phase ${s.status.phase}`;
  }

  private statusMemo: { data: TimelineData; spec: unknown; t: number; value: StatusView } | undefined;
  private infosMemo: { data: TimelineData; spec: unknown; count: number; value: ContainerInfo[] } | undefined;

  /** The pod at t (memoised: the slider text, the readout and the machines ask for the same t). */
  private statusFor(t: number): StatusView | undefined {
    const init = this.init;
    const live = this.readoutGroup === 'live';
    const data: TimelineData | undefined = live ? this.live.data : this.last?.result;
    if (!init || !data) return undefined;
    const spec = live ? init.podSpec : this.simSpec();
    const m = this.statusMemo;
    if (m && m.data === data && m.spec === spec && m.t === t && m.value.count === data.events.length) return m.value;
    if (!this.infosMemo || this.infosMemo.data !== data || this.infosMemo.spec !== spec || this.infosMemo.count !== data.events.length) {
      this.infosMemo = { data, spec, count: data.events.length, value: containersOf(spec, data.events) };
    }
    const status = statusAt(data.events, this.infosMemo.value, t);
    const name = (live ? this.live.podName : undefined) ?? init.meta.name ?? this.last?.result.pod.name ?? 'pod';
    const value: StatusView = { status, line: kubectlLine(status, visibleText(name, 120)), data, name, count: data.events.length };
    this.statusMemo = { data, spec, t, value };
    return value;
  }

  private onCursor(t: number, source: string): void {
    const live = this.readoutGroup === 'live';
    const s = this.statusFor(t);
    const view = s && this.init ? { s, meta: this.init.meta, origin: live ? this.live.origin : this.init.meta.creationTimestamp } : undefined;
    renderReadout(this.el, t, live, view, (to) => this.timeline.setCursor(to, 'api'));
    this.renderMachines();
    if (source !== 'api') this.post({ type: 'cursor/move', t });
    this.save();
  }

  private renderMachines(): void {
    const data = this.readoutGroup === 'live' ? this.live.data : this.last?.result;
    if (!data) {
      fill(this.el.machines);
      return;
    }
    const t = this.timeline.getCursor();
    const name = this.smContainer ?? '';
    fill(
      this.el.machines,
      renderMachine(POD_MACHINE, podTraversal(data.events), t, 'Pod phase'),
      renderMachine(CONTAINER_MACHINE, containerTraversal(data, name), t, `Container ${visibleText(name, 80)}: state`),
    );
  }

  themeChanged(): void {
    this.timeline.themeChanged();
  }

  // ---- persistence ------------------------------------------------------------------------------

  private save(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = undefined;
      const state: PersistedState = { v: 2, scenario: this.scenario, cursor: this.timeline.getCursor() };
      if (this.init) state.init = this.init;
      if (this.preset) state.preset = this.preset;
      const view = this.timeline.getView();
      if (view) state.view = view;
      if (this.smContainer) state.smContainer = this.smContainer;
      if (this.whatIf) state.whatIf = this.whatIf;
      const r = this.last?.result;
      if (this.last && r && r.events.length + r.attempts.length + r.kubeletEvents.length <= 4000) state.last = this.last;
      this.vscode.setState(state);
    }, 200);
  }
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const app = new App(vscode);
  (window as unknown as { __timeline?: App }).__timeline = app;
  window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
    try {
      app.onMessage(e.data);
    } catch (err) {
      vscode.postMessage({ type: 'log', level: 'error', message: `webview: ${err instanceof Error ? err.stack ?? err.message : String(err)}` } satisfies WebviewMessage);
    }
  });
  window.addEventListener('error', (e) => {
    // Browsers report a ResizeObserver callback that resized its own target as an error; it is
    // harmless (the layout settles a frame later) and would only put noise in the user's log.
    if (/^ResizeObserver loop/.test(e.message ?? '')) return;
    vscode.postMessage({ type: 'log', level: 'error', message: `webview: ${e.message}` } satisfies WebviewMessage);
  });
  onThemeChange(() => app.themeChanged());
  try {
    app.restore(vscode.getState() as PersistedState | undefined);
  } catch {
    // A state from another version: start fresh.
  }
  vscode.postMessage({ type: 'ready', protocol: PROTOCOL_VERSION } satisfies WebviewMessage);
}

start();
