// The Workload Timeline webview's entry point (bundled on its own as dist/workload.js): the page,
// its state (what the host sent, the cursor, the visible time range) and the protocol of
// src/core/workload-timeline/protocol.ts. Browser code only; the model is the core's, the chart is
// painted by workload-paint.ts; DOM through dom.ts (text only, never HTML).
import { buildWorkloadModel, laneStateAt, seriesAt, type WorkloadModel } from '../core/workload-timeline/model';
import {
  WORKLOAD_PROTOCOL_VERSION,
  type LiveState, type Offer, type WorkloadHostMessage, type WorkloadInit, type WorkloadPersistedState, type WorkloadResult,
  type WorkloadResultMessage, type WorkloadVerdict, type WorkloadWebviewMessage,
} from '../core/workload-timeline/protocol';
import { formatT } from '../core/util/duration';
import { fill, h } from './dom';
import { visibleText } from './escape';
import { onThemeChange } from './theme';
import { paintWorkload, readWlPalette, rowsOf, type Row, type View, type WlPalette } from './workload-paint';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ICON: Record<WorkloadVerdict['level'], string> = { ok: 'pass', info: 'info', warning: 'warning', error: 'error' };
const LIVE_WORDS: Record<LiveState, string> = { unavailable: 'Live: off', idle: 'Live: off', connecting: 'Live: connecting…', live: 'Live', stopped: 'Live: stopped', error: 'Live: error' };
const STATE_WORDS = { pending: 'Pending', starting: 'Running, not Ready', ready: 'Ready', backoff: 'CrashLoopBackOff', exited: 'exited', terminating: 'Terminating', succeeded: 'Succeeded', failed: 'Failed' } as const;

const text = (s: unknown, max = 300) => visibleText(s, max);
const icon = (name: string) => h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });

function button(label: string, attrs: Record<string, string | boolean | undefined>, onClick: () => void, codicon?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, codicon ? icon(codicon) : null, label);
  b.addEventListener('click', onClick);
  return b;
}

class WorkloadApp {
  private init: WorkloadInit | undefined;
  private last: WorkloadResultMessage | undefined;
  private live: { state: LiveState; message: string; origin?: string; result?: WorkloadResult } = { state: 'idle', message: '' };
  private showing: 'sim' | 'live' = 'sim';
  private model: WorkloadModel | undefined;
  private rows: Row[] = [];
  private view: View = { t0: 0, t1: 1 };
  private cursor: number | undefined;
  private seq = 0;
  private palette: WlPalette | undefined;
  private x: ((t: number) => number) | undefined;
  private frame = 0;
  private readonly el = {
    title: h('h1', { id: 'wl-title' }, 'Workload Timeline'),
    sub: h('p', { class: 'subtitle' }, 'Waiting for the extension…'),
    liveBtn: h('button', { type: 'button', class: 'secondary' }, 'Go live'),
    liveState: h('span', { class: 'wl-live-state' }, ''),
    showPick: h('span', { class: 'wl-show' }),
    verdicts: h('ul', { class: 'verdicts wl-verdicts', 'aria-label': 'Verdicts' }),
    presets: h('div', { class: 'wl-presets', role: 'group', 'aria-label': 'Stories' }),
    variants: h('div', { class: 'wl-variants', role: 'group', 'aria-label': 'Try it' }),
    variantBanner: h('div', { class: 'wl-variant-banner', hidden: true }),
    note: h('p', { class: 'hint wl-note' }),
    budget: h('p', { class: 'wl-budget', hidden: true }),
    labels: h('div', { class: 'wl-labels' }),
    canvas: h('canvas', { class: 'wl-canvas', role: 'img', 'aria-label': 'Workload timeline chart' }),
    chart: h('div', { class: 'wl-chart' }),
    readout: h('div', { class: 'wl-readout', 'aria-live': 'polite' }),
    loss: h('ul', { class: 'wl-loss' }),
    legend: h('div', { class: 'wl-legend', 'aria-label': 'Legend' }),
    lossSection: h('section', {}),
    error: h('p', { class: 'wl-error', hidden: true, role: 'alert' }),
  };

  constructor(private readonly vscode: VsCodeApi) {
    const s = vscode.getState() as WorkloadPersistedState | undefined;
    if (s?.v === 1) {
      if (s.view) this.view = { t0: s.view[0], t1: s.view[1] };
      this.cursor = s.cursor;
    }
    const app = document.getElementById('app')!;
    this.el.liveBtn.addEventListener('click', () => this.post({ type: this.live.state === 'live' || this.live.state === 'connecting' ? 'live/stop' : 'live/start' }));
    const chartWrap = h('div', { class: 'wl-chart-wrap' }, this.el.labels, h('div', { class: 'wl-canvas-box' }, this.el.canvas));
    fill(this.el.chart, chartWrap);
    fill(
      app,
      h('header', { class: 'wl-header' },
        h('div', {}, this.el.title, this.el.sub),
        h('div', { class: 'wl-actions' },
          button('Open manifest', { class: 'secondary' }, () => this.post({ type: 'openSource' }), 'go-to-file'),
          this.el.liveBtn, this.el.liveState, this.el.showPick)),
      this.el.error,
      h('section', { class: 'wl-stories' }, h('h2', {}, 'Stories'), this.el.presets, this.el.note, this.el.budget),
      h('section', {}, h('h2', {}, 'Verdicts'), this.el.verdicts),
      h('section', {}, h('h2', {}, 'Try it'), this.el.variants, this.el.variantBanner),
      h('section', {},
        h('div', { class: 'wl-chart-head' }, h('h2', {}, 'Timeline'),
          button('Fit', { class: 'secondary small', title: 'Show the whole run' }, () => this.fit(), 'screen-full'),
          button('Zoom in', { class: 'secondary small' }, () => this.zoom(0.5), 'zoom-in'),
          button('Zoom out', { class: 'secondary small' }, () => this.zoom(2), 'zoom-out'),
          h('span', { class: 'hint' }, 'Click the chart to move the cursor; click a pod to open its Pod Timeline.')),
        this.el.chart,
        this.el.legend,
        this.el.readout),
      this.el.lossSection,
    );
    fill(this.el.lossSection, h('h2', {}, 'Traffic loss'), this.el.loss);
    this.renderLegend();
    this.el.canvas.addEventListener('click', (e) => {
      const r = this.el.canvas.getBoundingClientRect();
      const frac = (e.clientX - r.left - 6) / Math.max(1, r.width - 12);
      this.setCursor(this.view.t0 + frac * (this.view.t1 - this.view.t0));
    });
    this.el.canvas.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      this.zoom(e.deltaY > 0 ? 1.25 : 0.8);
    }, { passive: false });
    new ResizeObserver(() => this.paint()).observe(this.el.chart);
    onThemeChange(() => {
      this.palette = undefined;
      this.paint();
    });
  }

  post(m: WorkloadWebviewMessage): void {
    this.vscode.postMessage(m);
  }

  private save(): void {
    const s: WorkloadPersistedState = { v: 1, view: [this.view.t0, this.view.t1], ...(this.cursor !== undefined && { cursor: this.cursor }) };
    this.vscode.setState(s);
  }

  onMessage(m: WorkloadHostMessage): void {
    switch (m.type) {
      case 'wl/init':
        this.init = m.payload;
        this.renderHeader();
        this.renderPresets(m.payload.preset);
        break;
      case 'wl/result':
        this.last = m;
        this.el.error.hidden = true;
        this.renderPresets(m.preset);
        if (this.showing === 'sim') this.show(m.result);
        this.renderVariants();
        break;
      case 'wl/error':
        fill(this.el.error, icon('error'), ` ${text(m.message, 4000)}`);
        this.el.error.hidden = false;
        break;
      case 'wl/live/status':
        this.live.state = m.state;
        this.live.message = m.message;
        this.renderHeader();
        break;
      case 'wl/live/result':
        this.live.origin = m.origin;
        this.live.result = m.result;
        if (this.showing !== 'live') {
          this.showing = 'live';
          this.view = { t0: 0, t1: Math.max(1, m.result.until) };
        }
        this.show(m.result, true);
        this.renderHeader();
        break;
    }
  }

  private renderHeader(): void {
    const i = this.init;
    if (!i) return;
    const title = `Workload Timeline: ${i.workload.kind} ${i.workload.name}`;
    this.el.title.textContent = text(title);
    this.el.sub.textContent = this.model ? text(this.model.headline) : text(`${i.workload.kind}/${i.workload.name}${i.workload.namespace ? ` in ${i.workload.namespace}` : ''}`);
    const l = this.live;
    const on = l.state === 'live' || l.state === 'connecting';
    this.el.liveBtn.textContent = '';
    this.el.liveBtn.append(icon(on ? 'debug-stop' : 'broadcast'), on ? ' Stop live' : ' Go live');
    this.el.liveBtn.disabled = !i.live.available && !on;
    if (!i.live.available) this.el.liveBtn.title = text(i.live.message ?? 'Live mode is not available');
    this.el.liveState.textContent = text(`${LIVE_WORDS[l.state]}${l.message ? ` — ${l.message}` : ''}`, 400);
    fill(this.el.showPick);
    if (l.result && this.last) {
      this.el.showPick.append(
        button('Simulation', { class: 'secondary small', 'aria-pressed': String(this.showing === 'sim') }, () => this.switchTo('sim')),
        button('Cluster', { class: 'secondary small', 'aria-pressed': String(this.showing === 'live') }, () => this.switchTo('live')),
      );
    }
  }

  private switchTo(which: 'sim' | 'live'): void {
    this.showing = which;
    const r = which === 'live' ? this.live.result : this.last?.result;
    if (r) {
      this.view = { t0: 0, t1: Math.max(1, r.until) };
      this.show(r, which === 'live');
    }
    this.renderHeader();
  }

  private renderPresets(active: string | undefined): void {
    const i = this.init;
    if (!i) return;
    fill(this.el.presets, ...i.presets.map((p: Offer) =>
      button(p.label, { class: 'preset', 'data-preset': p.id, 'aria-pressed': String(p.id === active), title: p.description }, () => {
        this.post({ type: 'preset', seq: ++this.seq, id: p.id });
      }, 'play-circle')));
    const desc = i.presets.find((p) => p.id === active)?.description;
    const played = this.last?.summary;
    this.el.note.textContent = text([desc ?? i.scenarioNote, played].filter(Boolean).join(' ') || 'Waiting for the simulation…', 800);
    const budget = this.last?.budgets;
    if (budget) fill(this.el.budget, icon('shield'), ' ', text(budget, 800));
    this.el.budget.hidden = !budget;
  }

  private renderVariants(): void {
    const m = this.last;
    if (!m) return;
    fill(this.el.variants, ...m.variants.map((v) =>
      button(v.label, { class: 'variant', 'data-variant': v.id, 'aria-pressed': String(m.variant?.id === v.id), title: v.description }, () => {
        this.post({ type: 'variant', seq: ++this.seq, id: v.id });
      }, 'beaker')));
    if (!m.variants.length) this.el.variants.append(h('span', { class: 'hint' }, 'No variant applies to this workload and scenario.'));
    const b = this.el.variantBanner;
    if (m.variant) {
      const now = m.result.verdicts.map((v) => v.text).join(' ');
      const before = m.variant.before.map((v) => v.text).join(' ');
      fill(b,
        h('p', {}, icon('beaker'), ' ', h('strong', {}, `Trying ${text(m.variant.label)}`), ' (the manifest is unchanged).'),
        h('p', { class: 'wl-variant-now' }, h('span', { class: 'hint' }, 'Now: '), text(now, 2000)),
        h('p', { class: 'wl-variant-before' }, h('span', { class: 'hint' }, 'Without it: '), text(before, 2000)),
        button('Back to the manifest', { class: 'secondary small' }, () => this.post({ type: 'variant', seq: ++this.seq }), 'discard'));
      b.hidden = false;
    } else b.hidden = true;
  }

  private show(r: WorkloadResult, isLive = false): void {
    const first = !this.model;
    this.model = buildWorkloadModel(r);
    this.rows = rowsOf(this.model);
    if (first && (this.view.t1 <= 1 || this.view.t1 > r.until * 4)) this.view = { t0: 0, t1: Math.max(1, r.until) };
    if (this.view.t1 > r.until && !isLive) this.view = { t0: 0, t1: Math.max(1, r.until) };
    if (isLive) this.view = { t0: 0, t1: Math.max(1, r.until) };
    this.renderVerdicts(this.model.verdicts);
    this.renderLegend();
    this.renderLabels();
    this.renderLoss();
    this.renderHeader();
    this.renderReadout();
    this.paintNow(); // a new result is drawn at once (the cursor and zoom repaint per frame)
  }

  /** The lane states the chart shows (all of a Deployment's until a result says which occur), traffic loss where pods serve traffic. */
  private renderLegend(): void {
    const m = this.model;
    const states = m ? m.states : (['pending', 'starting', 'ready', 'backoff', 'exited', 'terminating'] as const);
    fill(this.el.legend,
      ...states.map((k) => h('span', {}, h('span', { class: `sw sw-${k}` }), STATE_WORDS[k])),
      !m || m.servesTraffic ? h('span', {}, h('span', { class: 'sw sw-loss' }), 'traffic lost') : null,
      h('span', {}, '▲ restart'),
      h('span', {}, '▮ deleted'));
  }

  private renderVerdicts(vs: WorkloadVerdict[]): void {
    fill(this.el.verdicts, ...vs.map((v) =>
      h('li', { class: `v-${v.level}` },
        icon(ICON[v.level]), ' ',
        h('span', { class: 'v-text' }, text(v.text, 2000)),
        v.t !== undefined ? button(`at ${formatT(v.t)}`, { class: 'link wl-jump', title: 'Show this moment on the timeline' }, () => this.jump(v.t!)) : null)));
    if (!vs.length) this.el.verdicts.append(h('li', { class: 'hint' }, 'No verdict yet.'));
  }

  private renderLabels(): void {
    const m = this.model!;
    const els: HTMLElement[] = [];
    for (const r of this.rows) {
      const style = `wl-row h-${r.h}`;
      if (r.kind === 'axis') els.push(h('div', { class: `${style} wl-axis-label` }, 'time'));
      else if (r.kind === 'series') els.push(h('div', { class: `${style} wl-series-label s-${r.index % 7}`, 'data-series': m.series[r.index]!.key }, h('span', { class: 'wl-series-name' }, text(m.series[r.index]!.label)), h('span', { class: 'wl-series-value' })));
      else if (r.kind === 'condition') {
        const c = m.conditions[r.index]!;
        els.push(h('div', { class: `${style} wl-cond-label${c.kind === 'value' ? ' wl-value-label' : ''}`, title: c.kind === 'value' ? `${c.type}: the value over time` : `condition ${c.type}` }, text(c.type)));
      }
      else if (r.kind === 'group') {
        const group = m.kind === 'DaemonSet' ? 'server' : m.kind === 'Job' ? 'checklist' : 'layers';
        // The note is painted on the chart's group row too (the label column is narrow).
        const tail = ` · ${r.count} pod${r.count === 1 ? '' : 's'}`;
        els.push(h('div', { class: `${style} wl-group-label`, title: text(`${r.label}${tail}${r.note ? ` · ${r.note}` : ''}`), ...(r.note && { 'data-note': text(r.note) }) }, icon(group), ' ', text(r.label), h('span', { class: 'hint' }, text(tail))));
      }
      else {
        const lane = m.groups[r.group]!.lanes[r.lane]!;
        const b = button(text(lane.pod, 80), { class: 'link wl-lane-label', title: `${text(lane.pod)}${lane.node ? ` on ${text(lane.node)}` : ''}: ${lane.summary} — open its Pod Timeline`, 'data-pod': text(lane.pod) }, () => this.post({ type: 'openPod', pod: lane.pod, index: lane.index, ...(this.showing === 'live' && { live: true }) }));
        els.push(h('div', { class: `${style} wl-lane-row` }, b));
      }
    }
    fill(this.el.labels, ...els);
  }

  private renderLoss(): void {
    const m = this.model!;
    this.el.lossSection.hidden = !m.servesTraffic;
    if (!m.loss.length) {
      fill(this.el.loss, h('li', { class: 'hint' }, this.showing === 'live' ? 'Not measured live.' : 'None: every request found a listening pod.'));
      return;
    }
    fill(this.el.loss, ...m.loss.slice(0, 200).map((l) =>
      h('li', { class: `wl-loss-${l.kind}` }, button(`${formatT(l.from)}–${formatT(l.to)}`, { class: 'link wl-jump' }, () => this.jump(l.from)), ' ', text(l.why, 1000))));
    if (m.loss.length > 200) this.el.loss.append(h('li', { class: 'hint' }, `… and ${m.loss.length - 200} more`));
  }

  private renderReadout(): void {
    const m = this.model;
    if (!m) return;
    const t = this.cursor;
    // The labels show the counts at the cursor, else at the end.
    const values = this.el.labels.querySelectorAll('.wl-series-value');
    m.series.forEach((s, i) => {
      const v = values[i];
      if (v) v.textContent = String(seriesAt(s, t ?? m.until));
    });
    if (t === undefined) {
      fill(this.el.readout, h('span', { class: 'hint' }, 'No cursor: click the chart.'));
      return;
    }
    const counts = m.series.map((s) => `${s.label} ${seriesAt(s, t)}`).join(' · ');
    const conds = m.conditions.map((c) => {
      const seg = c.segments.filter((s) => s.from <= t).pop();
      if (!seg) return '';
      return c.kind === 'value' ? `${c.type} ${seg.status}` : `${c.type} ${seg.status}${seg.reason ? ` (${seg.reason})` : ''}`;
    }).filter(Boolean).join(' · ');
    const states = new Map<string, number>();
    for (const g of m.groups) for (const l of g.lanes) {
      const s = laneStateAt(l, t);
      if (s) states.set(STATE_WORDS[s], (states.get(STATE_WORDS[s]) ?? 0) + 1);
    }
    const pods = [...states].map(([k, n]) => `${n} ${k}`).join(', ') || 'no pod';
    fill(this.el.readout,
      h('strong', {}, `At ${formatT(t)}: `), text(counts, 600),
      h('br'), text(conds, 600),
      h('br'), `Pods: ${pods}`);
  }

  private setCursor(t: number): void {
    const m = this.model;
    if (!m) return;
    this.cursor = Math.max(0, Math.min(m.until, t));
    this.renderReadout();
    this.paint();
    this.save();
  }

  private jump(t: number): void {
    const m = this.model;
    if (!m) return;
    const half = Math.max(10, m.until / 12);
    const t0 = Math.max(0, t - half);
    this.view = { t0, t1: Math.min(m.until, t0 + 2 * half) };
    this.setCursor(t);
    this.el.chart.scrollIntoView({ block: 'nearest' });
  }

  private fit(): void {
    if (!this.model) return;
    this.view = { t0: 0, t1: Math.max(1, this.model.until) };
    this.paint();
    this.save();
  }

  private zoom(f: number): void {
    const m = this.model;
    if (!m) return;
    const c = this.cursor ?? (this.view.t0 + this.view.t1) / 2;
    const span = Math.min(m.until, Math.max(2, (this.view.t1 - this.view.t0) * f));
    let t0 = Math.max(0, c - span / 2);
    if (t0 + span > m.until) t0 = Math.max(0, m.until - span);
    this.view = { t0, t1: t0 + span };
    this.paint();
    this.save();
  }

  /** Paints now (a new result); cursor moves and zooms are coalesced per frame by paint(). */
  paintNow(): void {
    const m = this.model;
    if (!m) return;
    this.palette ??= readWlPalette();
    const width = this.el.canvas.parentElement!.clientWidth || 600;
    this.x = paintWorkload(this.el.canvas, m, this.rows, this.view, width, this.cursor, this.palette);
  }

  private paint(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paintNow();
    });
  }
}

function main(): void {
  const vscode = acquireVsCodeApi();
  const app = new WorkloadApp(vscode);
  window.addEventListener('message', (e: MessageEvent<WorkloadHostMessage>) => {
    try {
      if (e.data && typeof e.data === 'object') app.onMessage(e.data);
    } catch (err) {
      vscode.postMessage({ type: 'log', level: 'error', message: `workload timeline: ${err instanceof Error ? err.stack ?? err.message : String(err)}` } satisfies WorkloadWebviewMessage);
    }
  });
  vscode.postMessage({ type: 'ready', protocol: WORKLOAD_PROTOCOL_VERSION } satisfies WorkloadWebviewMessage);
}

main();
