// The timeline webview. Thin DOM over the pure modules: model.ts (lanes), status.ts (status at the
// cursor), statemachine.ts (machines), presets.ts. Talks to the host only through protocol.ts.
import { LIVE_LIMIT } from '../core/defaults';
import { byId, fill, h } from './dom';
import { visibleText } from './escape';
import { ScenarioEditor } from './editor';
import { buildModel, type TimelineModel } from './model';
import { normaliseAttempt, normaliseEvent, normaliseResult, normaliseVerdicts } from './normalise';
import { completeScenario, presetById, PRESETS, presetScenario, withStartupProbe } from './presets';
import {
  PROTOCOL_VERSION,
  type HostMessage, type InitPayload, type LiveState, type PersistedState, type PresetId, type ProbeAttempt,
  type Scenario, type SimulationResultMessage, type TimelineEvent, type Verdict, type WebviewMessage, type WhatIf,
} from './protocol';
import { formatDuration, formatT } from './scale';
import { renderMachine } from './sm-view';
import { CONTAINER_MACHINE, POD_MACHINE, containerTraversal, podTraversal } from './statemachine';
import { containersOf, kubectlRow, kubectlText, lastIndexAtOrBefore, statusAt, statusYaml, type ContainerInfo, type KubectlRow, type PodStatusAt } from './status';
import { onThemeChange } from './theme';
import { TimelineView } from './timeline-view';
import { verdictsFromModel } from './verdicts';

interface StatusView {
  status: PodStatusAt;
  row: KubectlRow;
  events: readonly TimelineEvent[];
  name: string;
  /** events.length when computed (live lists grow in place). */
  count: number;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;


class App {
  private readonly vscode: VsCodeApi;
  private init: InitPayload | undefined;
  private scenario: Scenario = {};
  private preset: PresetId | undefined;
  private whatIf: WhatIf | undefined;
  private last: SimulationResultMessage | undefined;
  private verdicts: Verdict[] = [];
  private seq = 0;
  private model: TimelineModel | undefined;
  private live = { state: 'idle' as LiveState, message: '', origin: undefined as string | undefined, podName: undefined as string | undefined, events: [] as TimelineEvent[], attempts: [] as ProbeAttempt[] };
  private readoutGroup: 'sim' | 'live' = 'sim';
  private smContainer: string | undefined;
  private sendTimer: number | undefined;
  private saveTimer: number | undefined;
  private liveQueued = false;
  private readonly timeline: TimelineView;
  private readonly editor: ScenarioEditor;
  private readonly el: Record<string, HTMLElement> = {};

  constructor(vscode: VsCodeApi) {
    this.vscode = vscode;
    this.timeline = new TimelineView({
      onCursor: (t, source) => this.onCursor(t, source),
      onView: () => this.save(),
      describe: (t) => this.describe(t),
    });
    this.editor = new ScenarioEditor((s) => {
      this.scenario = s;
      this.preset = undefined;
      this.renderPresets();
      this.sendScenario(250);
    });
    this.build();
  }

  // ---- skeleton ---------------------------------------------------------------------------------

  private build(): void {
    const e = this.el;
    e.title = h('h1', { id: 'title' }, 'Pod lifecycle');
    e.sub = h('p', { class: 'subtitle' }, 'Waiting for the extension…');
    e.open = h('button', { type: 'button', class: 'secondary', title: 'Open the manifest at this workload' }, 'Open manifest');
    e.open.addEventListener('click', () => this.post({ type: 'openSource' }));
    e.liveState = h('span', { class: 'live-state', role: 'status' });
    e.liveBtn = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Go live');
    e.liveBtn.addEventListener('click', () => {
      const on = this.live.state === 'live' || this.live.state === 'connecting';
      this.post({ type: on ? 'live/stop' : 'live/start' });
    });
    const header = h('header', { class: 'bar' }, h('div', { class: 'titles' }, e.title, e.sub), h('div', { class: 'actions' }, e.liveState, e.liveBtn, e.open));

    e.verdicts = h('ul', { class: 'verdicts' });
    const verdicts = h('section', { class: 'verdict-box', 'aria-labelledby': 'h-verdicts' }, h('h2', { id: 'h-verdicts', class: 'sr-only' }, 'What happens to this pod'), e.verdicts);

    e.presets = h('div', { class: 'presets', role: 'group', 'aria-label': 'App behaviour presets' });
    e.simState = h('span', { class: 'sim-state', role: 'status', 'aria-live': 'polite' });
    e.editorBox = h('details', { class: 'editor-box' }, h('summary', {}, 'Edit the scenario (start-up time, when it turns unhealthy, exit codes, OOM)'), this.editor.root);
    e.whatIfText = h('span', {});
    e.whatIfBack = h('button', { type: 'button', class: 'secondary' }, "Back to the manifest's probes");
    e.whatIfBack.addEventListener('click', () => this.setWhatIf(undefined));
    e.whatIf = h('div', { class: 'what-if', role: 'status', hidden: true }, h('strong', {}, 'What if: '), e.whatIfText, h('span', { class: 'hint' }, ' — the manifest is unchanged.'), e.whatIfBack);
    const scenario = h('section', { class: 'scenario', 'aria-labelledby': 'h-scenario' }, h('div', { class: 'scenario-head' }, h('h2', { id: 'h-scenario' }, 'The app'), e.presets, e.simState), e.editorBox, e.whatIf);

    e.zoomOut = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Zoom out', title: 'Zoom out (−)' }, '−');
    e.zoomIn = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Zoom in', title: 'Zoom in (+)' }, '+');
    e.zoomFit = h('button', { type: 'button', class: 'secondary', title: 'Show everything (0)' }, 'Fit');
    e.zoomOut.addEventListener('click', () => this.timeline.zoom(0.5));
    e.zoomIn.addEventListener('click', () => this.timeline.zoom(2));
    e.zoomFit.addEventListener('click', () => this.timeline.setView(undefined));
    const legend = h(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      ...(
        [
          ['running', 'Running'],
          ['waiting', 'Waiting / Pending'],
          ['backoff', 'CrashLoopBackOff (back-off wait)'],
          ['terminated', 'Terminated / exit'],
          ['completed', 'Completed'],
          ['true', 'started · ready · condition True'],
          ['tick-ok', 'probe success'],
          ['tick-fail', 'probe failure'],
          ['ready-line', 'pod Ready'],
          ['crashloop-line', 'CrashLoopBackOff reached'],
        ] as const
      ).map(([k, label]) => h('li', {}, h('span', { class: `sw sw-${k}`, 'aria-hidden': 'true' }), label)),
    );
    e.count = h('span', { class: 'count' });
    const toolbar = h('div', { class: 'tl-toolbar' }, legend, h('div', { class: 'zoom' }, e.count, e.zoomOut, e.zoomIn, e.zoomFit));
    const keys = h('p', { id: 'tl-keys', class: 'hint' }, 'Click or drag to move the cursor. Keys: ← → 1 s, Shift 10 s · PgUp/PgDn or Ctrl+← → previous/next change · Home/End · + − zoom · 0 fit.');
    e.tlHost = h('div', { class: 'tl-host' }, this.timeline.root);
    const timeline = h('section', { class: 'timeline', 'aria-labelledby': 'h-timeline' }, h('h2', { id: 'h-timeline' }, 'Timeline'), toolbar, e.tlHost, keys);

    e.readoutTitle = h('h2', { id: 'h-readout' }, 'The pod at the cursor');
    e.groupPick = h('div', { class: 'group-pick', role: 'radiogroup', 'aria-label': 'Show the status of', hidden: true });
    e.kubectl = h('pre', { class: 'kubectl', 'aria-label': 'kubectl get pod' });
    e.yaml = h('pre', { class: 'yaml', 'aria-label': 'Pod status as YAML', tabindex: 0 });
    e.events = h('tbody', {});
    const eventsTable = h(
      'table',
      { class: 'events' },
      h('caption', {}, 'Changes around the cursor'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 't'), h('th', { scope: 'col' }, 'of'), h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'change'), h('th', { scope: 'col' }, 'reason / message'))),
      e.events,
    );
    const readout = h(
      'section',
      { class: 'readout', 'aria-labelledby': 'h-readout' },
      h('div', { class: 'readout-head' }, e.readoutTitle, e.groupPick),
      h('div', { class: 'cols' }, h('div', { class: 'col' }, h('h3', {}, '$ kubectl get pod'), e.kubectl, eventsTable), h('div', { class: 'col' }, h('h3', {}, '$ kubectl get pod -o yaml'), e.yaml)),
    );

    e.smPick = h('select', { 'aria-label': 'Container shown in the state machine' });
    e.smPick.addEventListener('change', () => {
      this.smContainer = (e.smPick as HTMLSelectElement).value;
      this.renderMachines();
      this.save();
    });
    e.machines = h('div', { class: 'machines' });
    const machines = h(
      'section',
      { class: 'machines-box', 'aria-labelledby': 'h-machines' },
      h('div', { class: 'machines-head' }, h('h2', { id: 'h-machines' }, 'State machines'), h('label', {}, 'container ', e.smPick), h('span', { class: 'hint' }, 'Thick arrows: transitions this run took (×count). Ringed: the state at the cursor.')),
      e.machines,
    );
    const root = byId('app');
    fill(root, header, verdicts, scenario, timeline, readout, machines);
  }

  // ---- messages ---------------------------------------------------------------------------------

  post(msg: WebviewMessage): void {
    this.vscode.postMessage(msg);
  }

  restore(saved: PersistedState | undefined): void {
    if (!saved || saved.v !== 1 || !saved.init) return;
    this.smContainer = saved.smContainer;
    this.whatIf = saved.whatIf;
    this.applyInit(saved.init, saved.scenario, saved.preset);
    if (saved.last) this.applyResult(saved.last, true);
    if (saved.view) this.timeline.setView(saved.view);
    if (typeof saved.cursor === 'number') this.timeline.setCursor(saved.cursor);
  }

  onMessage(data: unknown): void {
    if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') return;
    const msg = data as HostMessage;
    switch (msg.type) {
      case 'init':
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
      case 'live/append': {
        const evs = Array.isArray(msg.events) ? msg.events.map(normaliseEvent).filter((x): x is TimelineEvent => !!x) : [];
        const ats = Array.isArray(msg.attempts) ? msg.attempts.map(normaliseAttempt).filter((x): x is ProbeAttempt => !!x) : [];
        const ev = this.live.events;
        const at = this.live.attempts;
        for (const x of evs) ev.push(x);
        for (const x of ats) at.push(x);
        // Batches may overlap in time (status watch vs probe runs): keep both lists ordered.
        ev.sort((a, b) => a.t - b.t);
        at.sort((a, b) => a.t - b.t);
        if (ev.length > LIVE_LIMIT) ev.splice(0, ev.length - LIVE_LIMIT);
        if (at.length > LIVE_LIMIT) at.splice(0, at.length - LIVE_LIMIT);
        this.queueLive();
        break;
      }
      case 'live/reset':
        this.live.events = [];
        this.live.attempts = [];
        this.live.origin = msg.origin;
        this.live.podName = msg.podName;
        this.queueLive();
        break;
    }
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

  private applyInit(p: InitPayload, scenario: Scenario | undefined, preset: PresetId | undefined): void {
    this.init = p;
    this.scenario = completeScenario(scenario ?? p.scenario, p.podSpec);
    this.preset = preset;
    const meta = p.meta ?? {};
    this.el.title!.textContent = visibleText(p.title || meta.workloadName || meta.name || 'Pod lifecycle', 200);
    const where = [meta.workloadKind, meta.namespace ? `namespace ${meta.namespace}` : undefined].filter(Boolean).join(' · ');
    this.el.sub!.textContent = visibleText(`Simulated pod ${meta.name ?? 'pod'}${where ? ` · ${where}` : ''}: what the kubelet does with these probes, second by second.`, 400);
    this.el.open!.hidden = !p.workloadRef?.uri;
    this.editor.set(this.scenario, containersOf(p.podSpec));
    this.renderPresets();
    const names = containersOf(p.podSpec).map((c) => c.name);
    if (!this.smContainer || !names.includes(this.smContainer)) this.smContainer = containersOf(p.podSpec).find((c) => !c.init)?.name ?? names[0];
    fill(this.el.smPick!, ...names.map((n) => h('option', { value: n, selected: n === this.smContainer }, visibleText(n, 80))));
    if (!this.live.message) {
      this.live.state = p.live.available ? 'idle' : 'unavailable';
      this.live.message = p.live.available ? '' : (p.live.message ?? 'Live mode is not available.');
    }
    this.renderLive();
    if (!this.last) this.setSimState('Simulating…');
    this.save();
  }

  private applyResult(msg: SimulationResultMessage, restoring: boolean): void {
    if (!restoring && msg.seq < this.seq && this.last) return; // an answer to an older edit
    const result = normaliseResult(msg.result);
    this.last = { ...msg, result };
    this.whatIf = msg.whatIf;
    this.renderWhatIf();
    if (msg.scenario && msg.seq >= this.seq && !restoring && msg.seq === 0) {
      this.scenario = completeScenario(msg.scenario, this.init?.podSpec);
      this.editor.set(this.scenario, containersOf(this.init?.podSpec));
    }
    this.verdicts = normaliseVerdicts(msg.verdicts);
    this.rebuild();
    const until = result.until ?? msg.scenario?.until ?? this.scenario.until;
    this.setSimState(`${until ? `Simulated ${formatDuration(until)}` : 'Simulated'}: ${this.scenarioInWords()}`);
    this.save();
  }

  private rebuild(): void {
    const init = this.init;
    const res = this.last?.result;
    const keep = !!this.model;
    this.model = buildModel({
      spec: this.simSpec(),
      ...(init?.meta.name ? { podName: init.meta.name } : {}),
      ...(res ? { sim: { events: res.events, attempts: res.attempts, until: res.until ?? this.last?.scenario?.until ?? this.scenario.until } } : {}),
      ...(this.live.events.length || this.live.attempts.length
        ? { live: { events: this.live.events, attempts: this.live.attempts, ...(this.live.podName ? { podName: this.live.podName } : {}) } }
        : {}),
    });
    this.timeline.setModel(this.model, keep);
    this.el.count!.textContent = `${this.model.counts.events.toLocaleString('en')} changes · ${this.model.counts.attempts.toLocaleString('en')} probe attempts`;
    this.renderVerdicts();
    this.renderGroupPick();
    this.timeline.setCursor(this.timeline.getCursor(), 'api');
  }

  // ---- rendering --------------------------------------------------------------------------------

  /** What the simulated app does, for the line under the presets (names the preset, if one is applied). */
  private scenarioInWords(): string {
    const p = presetById(this.preset);
    if (p) return `${p.label} — ${p.description}`;
    return 'the app behaves as set under "Edit the scenario"; a preset above replaces that with a typical behaviour.';
  }

  private setSimState(text: string, error = false): void {
    const el = this.el.simState!;
    el.textContent = visibleText(text, 600);
    el.classList.toggle('error', error);
  }

  private renderPresets(): void {
    const buttons = PRESETS.map((p) => {
      const b = h('button', { type: 'button', class: 'preset', 'aria-pressed': this.preset === p.id ? 'true' : 'false', title: p.description }, p.label);
      b.addEventListener('click', () => this.selectPreset(p.id));
      return b;
    });
    fill(this.el.presets!, ...buttons);
  }

  private selectPreset(id: PresetId): void {
    this.preset = id;
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
      const msg: WebviewMessage = { type: 'scenario/change', seq: ++this.seq, scenario: this.scenario, ...(this.preset ? { preset: this.preset } : {}), ...(this.whatIf ? { whatIf: this.whatIf } : {}) };
      this.post(msg);
      this.save();
    }, delay);
  }

  private renderVerdicts(): void {
    const model = this.model;
    let list = this.verdicts;
    if (!list.length && model) list = verdictsFromModel(model, 'sim');
    if (model && this.live.events.length) list = list.concat(verdictsFromModel(model, 'live').map((v) => ({ ...v, id: `live-${v.id}`, text: `Live: ${v.text}` })));
    const icon: Record<Verdict['level'], string> = { ok: '✓', info: 'ℹ', warning: '⚠', error: '✕' };
    const items = list.map((v) => {
      const parts: (HTMLElement | string)[] = [h('span', { class: 'v-icon', 'aria-hidden': 'true' }, icon[v.level]), h('span', { class: 'sr-only' }, `${v.level}: `), h('span', { class: 'v-text' }, visibleText(v.text, 600))];
      if (v.detail) parts.push(h('span', { class: 'v-detail' }, visibleText(v.detail, 1200)));
      const spec = this.init?.podSpec;
      if (v.suggestion && v.container && spec && !this.whatIf) {
        const sg = v.suggestion;
        const container = v.container;
        const next = withStartupProbe(spec, container, sg);
        if (next) {
          const b = h('button', { type: 'button', class: 'try', title: 'Simulate the same app with this startupProbe; the manifest is not changed' }, 'Try it');
          b.addEventListener('click', () => this.setWhatIf({ label: `${container} with a startupProbe (failureThreshold ${sg.failureThreshold} × periodSeconds ${sg.periodSeconds})`, podSpec: next }));
          parts.push(b);
        }
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
    fill(this.el.verdicts!, ...(items.length ? items : [h('li', { class: 'v v-info' }, 'No simulation yet.')]));
  }

  /** The spec the simulation ran on: the manifest's, or a what-if's. */
  private simSpec() {
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
    this.el.whatIf!.hidden = !w;
    this.el.whatIfText!.textContent = w ? visibleText(w.label, 300) : '';
    this.el.title!.classList.toggle('what-if-title', !!w);
  }

  private renderGroupPick(): void {
    const el = this.el.groupPick!;
    const hasLive = this.live.events.length > 0;
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
        this.renderReadout(this.timeline.getCursor());
      });
      return b;
    };
    fill(el, mk('sim', 'simulated'), mk('live', 'live pod'));
  }

  private renderLive(): void {
    const l = this.live;
    const avail = !!this.init?.live.available;
    const btn = this.el.liveBtn as HTMLButtonElement;
    btn.hidden = !avail;
    btn.textContent = l.state === 'live' || l.state === 'connecting' ? 'Stop live' : 'Go live';
    const words: Record<LiveState, string> = { unavailable: 'Live: off', idle: 'Live: off', connecting: 'Live: connecting…', live: 'Live', stopped: 'Live: stopped', error: 'Live: error' };
    const text = l.state === 'unavailable' && l.message ? `${l.message} — the simulation still works.` : l.message ? `${words[l.state]} — ${l.message}` : words[l.state];
    this.el.liveState!.textContent = visibleText(text, 400);
    this.el.liveState!.className = `live-state s-${l.state}`;
  }

  private describe(t: number): string {
    const s = this.statusFor(t);
    if (!s) return formatT(t);
    return `${formatT(t)}: STATUS ${s.row.status}, READY ${s.row.ready}, RESTARTS ${s.row.restarts}, phase ${s.status.phase}`;
  }

  private statusMemo: { events: readonly TimelineEvent[]; spec: unknown; t: number; group: string; value: StatusView } | undefined;
  private infosMemo: { events: readonly TimelineEvent[]; spec: unknown; value: ContainerInfo[] } | undefined;

  /** The pod at t (memoised: the slider text, the readout and the machines ask for the same t). */
  private statusFor(t: number): StatusView | undefined {
    const init = this.init;
    const events = this.readoutGroup === 'live' ? this.live.events : this.last?.result.events;
    if (!init || !events) return undefined;
    const spec = this.readoutGroup === 'live' ? init.podSpec : this.simSpec();
    const m = this.statusMemo;
    if (m && m.events === events && m.spec === spec && m.t === t && m.group === this.readoutGroup && m.value.count === events.length) return m.value;
    if (!this.infosMemo || this.infosMemo.events !== events || this.infosMemo.spec !== spec || this.infosMemo.value.length === 0) {
      this.infosMemo = { events, spec, value: containersOf(spec, events) };
    }
    const status = statusAt(events, this.infosMemo.value, t);
    const name = this.readoutGroup === 'live' ? (this.live.podName ?? init.meta.name ?? this.last?.result.podName ?? 'pod') : (init.meta.name ?? this.last?.result.podName ?? 'pod');
    const value: StatusView = { status, row: kubectlRow(status, visibleText(name, 120)), events, name, count: events.length };
    this.statusMemo = { events, spec, t, group: this.readoutGroup, value };
    return value;
  }

  private onCursor(t: number, source: string): void {
    this.renderReadout(t);
    this.renderMachines();
    if (source !== 'api') this.post({ type: 'cursor/move', t });
    this.save();
  }

  private renderReadout(t: number): void {
    const init = this.init;
    const s = this.statusFor(t);
    this.el.readoutTitle!.textContent = `The ${this.readoutGroup === 'live' ? 'live ' : ''}pod at t = ${formatT(t)}`;
    if (!s || !init) {
      this.el.kubectl!.textContent = '';
      this.el.yaml!.textContent = '';
      fill(this.el.events!);
      return;
    }
    this.el.kubectl!.textContent = kubectlText(s.row);
    const origin = this.readoutGroup === 'live' ? this.live.origin : init.meta.creationTimestamp;
    const note = `${this.readoutGroup === 'live' ? 'live' : 'simulated'} status at t = ${formatT(t)} after creation`;
    this.el.yaml!.textContent = visibleText(statusYaml(s.status, { ...init.meta, name: s.name, ...(origin ? { creationTimestamp: origin } : {}) }, note), 200_000);
    const evs = s.events;
    const at = lastIndexAtOrBefore(evs, t);
    const from = Math.max(0, at - 6);
    const to = Math.min(evs.length, at + 5);
    const rows: HTMLElement[] = [];
    for (let i = from; i < to; i++) {
      const e = evs[i]!;
      const jump = h('button', { type: 'button', class: 'link', title: 'Move the cursor here' }, formatT(e.t));
      const et = e.t;
      jump.addEventListener('click', () => this.timeline.setCursor(et, 'api'));
      const change = e.field === 'event' ? `${e.type ?? 'Normal'} ${visibleText(e.to, 100)}` : `${visibleText(e.from ?? '', 60)} → ${visibleText(e.to, 100)}`;
      const why = [e.reason, e.message].filter(Boolean).map((x) => visibleText(x, 300)).join(': ');
      rows.push(h('tr', { class: i === at ? 'current' : i > at ? 'future' : '' }, h('td', {}, jump), h('td', {}, visibleText(e.subject, 80)), h('td', {}, visibleText(e.field, 60)), h('td', {}, change), h('td', {}, why)));
    }
    fill(this.el.events!, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 5 }, 'No changes.'))]));
  }

  private renderMachines(): void {
    const events = this.readoutGroup === 'live' ? this.live.events : this.last?.result.events;
    if (!events) {
      fill(this.el.machines!);
      return;
    }
    const t = this.timeline.getCursor();
    const pod = renderMachine(POD_MACHINE, podTraversal(events), t, 'Pod phase');
    const name = this.smContainer ?? '';
    const c = renderMachine(CONTAINER_MACHINE, containerTraversal(events, name), t, `Container ${visibleText(name, 80)}: state`);
    fill(this.el.machines!, pod, c);
  }

  themeChanged(): void {
    this.timeline.themeChanged();
  }

  // ---- persistence ------------------------------------------------------------------------------

  private save(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = undefined;
      const state: PersistedState = { v: 1, scenario: this.scenario, cursor: this.timeline.getCursor() };
      if (this.init) state.init = this.init;
      if (this.preset) state.preset = this.preset;
      const view = this.timeline.getView();
      if (view) state.view = view;
      if (this.smContainer) state.smContainer = this.smContainer;
      if (this.whatIf) state.whatIf = this.whatIf;
      if (this.last && this.last.result.events.length + this.last.result.attempts.length <= 4000) state.last = this.last;
      this.vscode.setState(state);
    }, 200);
  }
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const app = new App(vscode);
  (window as unknown as { __timeline?: App }).__timeline = app;
  window.addEventListener('message', (e: MessageEvent) => {
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
