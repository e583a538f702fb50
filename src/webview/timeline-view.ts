// The swimlane timeline as a widget: DOM lane labels on the left, a canvas for the plot (painted
// by timeline-paint.ts: 10 000 events draw in a few milliseconds), a second canvas for the cursor
// so that moving it does not redraw the plot. This file holds the state (model, cursor, zoom) and
// the input: keyboard (the plot is a slider, role=slider), pointer, wheel, and the tooltip.
import { fill, h } from './dom';
import { visibleText } from './escape';
import { formatDuration, formatT } from '../core/util/duration';
import { bandAt, firstAtOrAfter, layoutRows, LANE_HEADER, type LaneBox, type RowBox } from './lane-geometry';
import type { Band, TimelineModel } from './lanes';
import { linearScale, type Scale } from './scale';
import { clearAlphaCache, readPalette, type Palette } from './theme';
import { PAD_L, PAD_R, TOP, TimelinePainter, type Frame } from './timeline-paint';

export { AXIS_H, FLAG_H, TOP } from './timeline-paint';

export type CursorSource = 'key' | 'pointer' | 'api';

export interface TimelineViewOptions {
  onCursor(t: number, source: CursorSource): void;
  onView?(view: [number, number] | undefined): void;
  /** aria-valuetext for a cursor position. */
  describe?(t: number): string;
}

export class TimelineView {
  readonly root: HTMLElement;
  readonly plot: HTMLElement;
  private readonly gutter: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly tip: HTMLElement;
  private model: TimelineModel | undefined;
  private rows: RowBox[] = [];
  private laneBoxes: LaneBox[] = [];
  private palette: Palette | undefined;
  private cursor = 0;
  private view: [number, number] | undefined;
  private width = 0;
  private height = 0;
  private hoverX: number | undefined;
  private dragging = false;
  private readonly painter = new TimelinePainter();
  private overlayQueued = false;
  private lastGutterKey = '';

  constructor(private readonly opts: TimelineViewOptions) {
    this.gutter = h('div', { class: 'tl-gutter', 'aria-hidden': 'true' });
    this.canvas = h('canvas', { class: 'tl-canvas', 'aria-hidden': 'true' });
    this.overlay = h('canvas', { class: 'tl-overlay', 'aria-hidden': 'true' });
    this.tip = h('div', { class: 'tl-tip', role: 'tooltip', hidden: true });
    this.plot = h(
      'div',
      {
        class: 'tl-plot',
        tabindex: 0,
        role: 'slider',
        'aria-label': 'Timeline cursor, seconds since the pod was created',
        'aria-valuemin': 0,
        'aria-valuemax': 0,
        'aria-valuenow': 0,
        'aria-describedby': 'tl-keys',
      },
      this.canvas,
      this.overlay,
      this.tip,
    );
    this.root = h('div', { class: 'tl-root' }, this.gutter, this.plot);
    this.bind();
  }

  // ---- public API -------------------------------------------------------------------------------

  setModel(model: TimelineModel, keepView = true): void {
    const prevEnd = this.model?.end;
    this.model = model;
    const l = layoutRows(model, 0);
    this.rows = l.rows;
    this.laneBoxes = l.lanes;
    if (!keepView || (this.view && (this.view[0] >= model.end || prevEnd === undefined))) this.view = undefined;
    this.plot.setAttribute('aria-valuemax', String(Math.round(model.end)));
    if (this.cursor > model.end) this.cursor = model.end;
    this.render();
  }

  getCursor(): number {
    return this.cursor;
  }

  setCursor(t: number, source: CursorSource = 'api'): void {
    const end = this.model?.end ?? 0;
    const c = Math.min(end, Math.max(0, Math.round(t * 1000) / 1000));
    this.cursor = c;
    this.ensureVisible(c);
    this.plot.setAttribute('aria-valuenow', String(Math.round(c * 10) / 10));
    this.plot.setAttribute('aria-valuetext', this.opts.describe ? this.opts.describe(c) : formatT(c));
    this.queueOverlay();
    this.opts.onCursor(c, source);
  }

  getView(): [number, number] | undefined {
    return this.view ? [this.view[0], this.view[1]] : undefined;
  }

  setView(v: [number, number] | undefined): void {
    const end = this.model?.end ?? 1;
    if (!v) this.view = undefined;
    else {
      let [a, b] = v;
      const span = Math.max(1, Math.min(end, b - a));
      a = Math.max(0, Math.min(a, end - span));
      b = a + span;
      this.view = a <= 0 && b >= end ? undefined : [a, b];
    }
    this.render();
    this.opts.onView?.(this.getView());
  }

  zoom(factor: number, around = this.cursor): void {
    const [a, b] = this.domain();
    const span = (b - a) / factor;
    const k = b > a ? (around - a) / (b - a) : 0.5;
    const na = around - span * k;
    this.setView([na, na + span]);
  }

  /** Re-reads the theme's colours and redraws. */
  themeChanged(): void {
    this.palette = undefined;
    this.painter.reset();
    clearAlphaCache();
    this.render();
  }

  /** Full redraw (synchronous; the benchmark times it). */
  render(): void {
    const model = this.model;
    const pal = (this.palette ??= readPalette(this.root.isConnected ? this.root : document.body));
    this.width = Math.max(200, Math.floor(this.plot.clientWidth || 800));
    const contentH = this.laneBoxes.length ? this.laneBoxes[this.laneBoxes.length - 1]!.y + this.laneBoxes[this.laneBoxes.length - 1]!.h : 0;
    this.height = TOP + contentH + 4;
    this.renderGutter();
    const ctx = this.prepare(this.canvas);
    this.prepare(this.overlay);
    const f = this.frame();
    if (!ctx || !model || !f) return;
    this.painter.paint(ctx, pal, f);
    this.drawOverlay();
  }

  private frame(): Frame | undefined {
    if (!this.model) return undefined;
    const [d0, d1] = this.domain();
    return { width: this.width, height: this.height, model: this.model, rows: this.rows, laneBoxes: this.laneBoxes, sc: this.scale(), d0, d1 };
  }

  // ---- geometry ---------------------------------------------------------------------------------

  private domain(): [number, number] {
    return this.view ?? [0, this.model?.end ?? 1];
  }

  private scale(): Scale {
    const [d0, d1] = this.domain();
    return linearScale(d0, d1, PAD_L, this.width - PAD_R);
  }

  private ensureVisible(t: number): void {
    if (!this.view) return;
    const [a, b] = this.view;
    const span = b - a;
    if (t < a) this.setView([t - span * 0.1, t - span * 0.1 + span]);
    else if (t > b) this.setView([t - span * 0.9, t + span * 0.1]);
  }

  private prepare(c: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.width * dpr);
    const hh = Math.round(this.height * dpr);
    if (c.width !== w) c.width = w;
    if (c.height !== hh) c.height = hh;
    c.style.width = `${this.width}px`;
    c.style.height = `${this.height}px`;
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    return ctx;
  }

  private renderGutter(): void {
    const key = this.rows.map((r) => r.row.id).join('|') + `#${this.laneBoxes.map((l) => l.lane.title).join('|')}`;
    this.gutter.style.height = `${this.height}px`;
    if (key === this.lastGutterKey) return;
    this.lastGutterKey = key;
    const items: HTMLElement[] = [h('div', { class: 'tl-gutter-axis' }, 'time since pod creation')];
    for (const lb of this.laneBoxes) {
      const title = h('div', { class: `tl-lane-title${lb.lane.group === 'live' ? ' live' : ''}`, title: visibleText(lb.lane.subtitle ? `${lb.lane.title} — image ${lb.lane.subtitle}` : lb.lane.title) }, visibleText(lb.lane.title, 80));
      title.style.top = `${TOP + lb.y}px`;
      title.style.height = `${LANE_HEADER}px`;
      items.push(title);
    }
    for (const rb of this.rows) {
      const label = h('div', { class: `tl-row-label k-${rb.row.kind}`, title: visibleText(rb.row.title ?? rb.row.label) }, visibleText(rb.row.label, 60));
      label.style.top = `${TOP + rb.y}px`;
      label.style.height = `${rb.h}px`;
      label.style.lineHeight = `${rb.h}px`;
      items.push(label);
    }
    fill(this.gutter, ...items);
  }

  private queueOverlay(): void {
    if (this.overlayQueued) return;
    this.overlayQueued = true;
    requestAnimationFrame(() => {
      this.overlayQueued = false;
      this.drawOverlay();
    });
  }

  private drawOverlay(): void {
    const ctx = this.overlay.getContext('2d');
    const pal = this.palette;
    const f = this.frame();
    if (!ctx || !pal || !f) return;
    this.painter.paintOverlay(ctx, pal, f, this.cursor, this.dragging ? undefined : this.hoverX);
  }

  // ---- input ------------------------------------------------------------------------------------

  private tAtClientX(clientX: number): number {
    const rect = this.plot.getBoundingClientRect();
    return this.scale().t(clientX - rect.left);
  }

  private bind(): void {
    const p = this.plot;
    p.addEventListener('keydown', (e) => this.onKey(e));
    p.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.dragging = true;
      p.setPointerCapture(e.pointerId);
      p.focus();
      this.setCursor(this.tAtClientX(e.clientX), 'pointer');
    });
    p.addEventListener('pointermove', (e) => {
      const rect = p.getBoundingClientRect();
      this.hoverX = e.clientX - rect.left;
      if (this.dragging) this.setCursor(this.tAtClientX(e.clientX), 'pointer');
      else this.queueOverlay();
      this.showTip(e.clientX - rect.left, e.clientY - rect.top);
    });
    const end = (e: PointerEvent) => {
      this.dragging = false;
      if (p.hasPointerCapture(e.pointerId)) p.releasePointerCapture(e.pointerId);
    };
    p.addEventListener('pointerup', end);
    p.addEventListener('pointercancel', end);
    p.addEventListener('pointerleave', () => {
      this.hoverX = undefined;
      this.tip.hidden = true;
      this.queueOverlay();
    });
    p.addEventListener(
      'wheel',
      (e) => {
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          this.zoom(e.deltaY < 0 ? 1.25 : 0.8, this.tAtClientX(e.clientX));
        } else if (this.view && (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY))) {
          e.preventDefault();
          const [a, b] = this.view;
          const dt = ((e.shiftKey ? e.deltaY : e.deltaX) / Math.max(1, this.width)) * (b - a);
          this.setView([a + dt, b + dt]);
        }
      },
      { passive: false },
    );
    new ResizeObserver(() => {
      const w = Math.floor(this.plot.clientWidth);
      if (w && w !== this.width) this.render();
    }).observe(p);
  }

  private onKey(e: KeyboardEvent): void {
    const model = this.model;
    if (!model) return;
    const t = this.cursor;
    let next: number | undefined;
    const times = model.eventTimes;
    // First index with times[i] > v (times are sorted).
    const after = (v: number) => {
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (times[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const prevEvent = () => {
      const i = after(t - 1e-9) - 1;
      return i >= 0 ? times[i]! : 0;
    };
    const nextEvent = () => times[after(t + 1e-9)] ?? model.end;
    switch (e.key) {
      case 'ArrowLeft':
        next = e.ctrlKey || e.metaKey ? prevEvent() : t - (e.shiftKey ? 10 : e.altKey ? 0.1 : 1);
        break;
      case 'ArrowRight':
        next = e.ctrlKey || e.metaKey ? nextEvent() : t + (e.shiftKey ? 10 : e.altKey ? 0.1 : 1);
        break;
      case 'PageUp':
        next = prevEvent();
        break;
      case 'PageDown':
        next = nextEvent();
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = model.end;
        break;
      case '+':
      case '=':
        this.zoom(2);
        break;
      case '-':
      case '_':
        this.zoom(0.5);
        break;
      case '0':
        this.setView(undefined);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) this.setCursor(next, 'key');
  }

  // ---- tooltip ----------------------------------------------------------------------------------

  /** Words for what is under the pointer (also used by tests through hitText). */
  hitText(px: number, py: number): string | undefined {
    const y = py - TOP;
    const t = this.scale().t(px);
    const rb = this.rows.find((r) => y >= r.y && y < r.y + r.h);
    const tol = (this.domain()[1] - this.domain()[0]) * (5 / Math.max(1, this.width));
    if (!rb) {
      // The header strip of a container lane shows its exits and kills.
      const lane = this.laneBoxes.find((l) => y >= l.y && y < l.y + LANE_HEADER);
      const state = lane?.lane.rows.find((r) => r.kind === 'state');
      const m = state?.markers.find((mm) => Math.abs(mm.t - t) <= tol && mm.kind !== 'restart');
      return m ? `${formatT(m.t)}: ${m.detail ?? m.label}` : undefined;
    }
    const r = rb.row;
    if (r.kind === 'probe') {
      const i = firstAtOrAfter(r.ticks, t - tol);
      const k = r.ticks[i];
      if (k && k.t <= t + tol) return `${r.label} attempt at ${formatT(k.t)}: ${k.ok ? 'success' : 'failure'}${k.message ? ` — ${k.message}` : ''}`;
    }
    if (r.kind === 'events') {
      const near = r.markers.filter((mm) => Math.abs(mm.t - t) <= tol * 1.6);
      if (!near.length) return undefined;
      const lines = near.slice(0, 8).map((m) => `${formatT(m.t)}: ${m.detail ?? m.label}`);
      if (near.length > 8) lines.push(`… and ${near.length - 8} more`);
      return lines.join('\n');
    }
    const b: Band | undefined = bandAt(r, t);
    if (!b) return undefined;
    const span = b.t1 > b.t0 ? `${formatT(b.t0)} – ${formatT(b.t1)}${b.open ? '…' : ''} (${formatDuration(b.t1 - b.t0)})` : `at ${formatT(b.t0)}`;
    const what = r.kind === 'probe' ? `${r.label} result ${b.label}` : r.kind === 'signal' || r.kind === 'condition' ? `${r.label} = ${b.label}` : b.label;
    return `${what} · ${span}${b.detail && b.detail !== b.label ? `\n${b.detail}` : ''}`;
  }

  private showTip(px: number, py: number): void {
    const text = this.hitText(px, py);
    if (!text) {
      this.tip.hidden = true;
      return;
    }
    this.tip.textContent = visibleText(text, 600);
    this.tip.hidden = false;
    const w = this.tip.offsetWidth;
    this.tip.style.left = `${Math.min(px + 12, Math.max(0, this.width - w - 4))}px`;
    this.tip.style.top = `${py + 16}px`;
  }
}
