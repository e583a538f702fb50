// The swimlane timeline: DOM lane labels on the left, a canvas for the plot (bands, ticks,
// markers: 10 000 events draw in a few milliseconds), a second canvas for the cursor so that
// moving it does not redraw the plot. Keyboard: the plot is a slider (role=slider).
import { fill, h } from './dom';
import { visibleText } from './escape';
import {
  bandAt, bandRects, firstAtOrAfter, layoutRows, tickXs, LANE_HEADER,
  type Band, type LaneBox, type Marker, type Row, type RowBox, type TimelineModel, type Tone,
} from './model';
import { formatDuration, formatT, formatTick, linearScale, ticks, type Scale } from './scale';
import { clearAlphaCache, readPalette, withAlpha, type Palette } from './theme';

export const AXIS_H = 22;
export const FLAG_H = 18;
export const TOP = AXIS_H + FLAG_H;
const PAD_L = 8;
const PAD_R = 14;

export type CursorSource = 'key' | 'pointer' | 'api';

export interface TimelineViewOptions {
  onCursor(t: number, source: CursorSource): void;
  onView?(view: [number, number] | undefined): void;
  /** aria-valuetext for a cursor position. */
  describe?(t: number): string;
}

const HATCHED: ReadonlySet<Tone> = new Set<Tone>(['backoff', 'pull']);

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
  private readonly widths = new Map<string, number>();
  private patterns = new Map<string, CanvasPattern>();
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
    this.patterns.clear();
    this.widths.clear();
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
    if (!ctx || !model) return;
    const [d0, d1] = this.domain();
    const sc = this.scale();
    this.drawAxis(ctx, pal, sc, d0, d1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD_L - 2, TOP, this.width - PAD_L - PAD_R + 4, this.height - TOP);
    ctx.clip();
    this.drawLanes(ctx, pal, sc, d0, d1);
    ctx.restore();
    this.drawMilestones(ctx, pal, sc, d0, d1);
    this.drawOverlay();
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

  // ---- drawing ----------------------------------------------------------------------------------

  private text(ctx: CanvasRenderingContext2D, s: string): number {
    const key = `${ctx.font}|${s}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = ctx.measureText(s).width;
      if (this.widths.size > 5000) this.widths.clear();
      this.widths.set(key, w);
    }
    return w;
  }

  /** The label, else the first shorter form that fits, else the label cut with …; '' if nothing fits. */
  private fitBand(ctx: CanvasRenderingContext2D, b: Band, maxW: number): string {
    if (this.text(ctx, b.label) <= maxW) return b.label;
    for (const a of b.alt ?? []) if (this.text(ctx, a) <= maxW) return a;
    return this.fit(ctx, b.label, maxW);
  }

  /** s shortened with … to fit maxW, or '' if not even 2 characters fit. */
  private fit(ctx: CanvasRenderingContext2D, s: string, maxW: number): string {
    if (this.text(ctx, s) <= maxW) return s;
    if (maxW < 18) return '';
    let lo = 1;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.text(ctx, `${s.slice(0, mid)}…`) <= maxW) lo = mid;
      else hi = mid - 1;
    }
    return lo >= 2 ? `${s.slice(0, lo)}…` : '';
  }

  private pattern(ctx: CanvasRenderingContext2D, color: string, bg: string): CanvasPattern | string {
    const key = `${color}|${bg}`;
    let p = this.patterns.get(key);
    if (!p) {
      const dpr = window.devicePixelRatio || 1;
      const size = Math.round(8 * dpr);
      const off = document.createElement('canvas');
      off.width = size;
      off.height = size;
      const o = off.getContext('2d');
      if (!o) return bg;
      o.fillStyle = bg;
      o.fillRect(0, 0, size, size);
      o.strokeStyle = color;
      o.lineWidth = 1.6 * dpr;
      o.beginPath();
      o.moveTo(0, size);
      o.lineTo(size, 0);
      o.moveTo(-size / 2, size / 2);
      o.lineTo(size / 2, -size / 2);
      o.moveTo(size / 2, size * 1.5);
      o.lineTo(size * 1.5, size / 2);
      o.stroke();
      const pat = ctx.createPattern(off, 'repeat');
      if (!pat) return bg;
      pat.setTransform(new DOMMatrix().scale(1 / dpr, 1 / dpr));
      this.patterns.set(key, pat);
      p = pat;
    }
    return p;
  }

  private drawAxis(ctx: CanvasRenderingContext2D, pal: Palette, sc: Scale, d0: number, d1: number): void {
    const { step, values } = ticks(d0, d1, this.width - PAD_L - PAD_R, 70);
    ctx.font = `11px ${pal.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.lineWidth = 1;
    for (const v of values) {
      const x = Math.round(sc.x(v)) + 0.5;
      ctx.strokeStyle = pal.grid;
      ctx.beginPath();
      ctx.moveTo(x, AXIS_H - 5);
      ctx.lineTo(x, this.height);
      ctx.stroke();
      ctx.fillStyle = pal.muted;
      const label = formatTick(v, step);
      const w = this.text(ctx, label);
      const lx = Math.min(Math.max(x, PAD_L + w / 2), this.width - w / 2 - 1);
      ctx.fillText(label, lx, AXIS_H / 2 - 1);
    }
    ctx.strokeStyle = pal.grid;
    ctx.beginPath();
    ctx.moveTo(PAD_L, AXIS_H - 0.5);
    ctx.lineTo(this.width - PAD_R, AXIS_H - 0.5);
    ctx.stroke();
  }

  private drawLanes(ctx: CanvasRenderingContext2D, pal: Palette, sc: Scale, d0: number, d1: number): void {
    const x = sc.x;
    let i = 0;
    for (const lb of this.laneBoxes) {
      const y = TOP + lb.y;
      if (i++ % 2 === 1) {
        ctx.fillStyle = withAlpha(ctx, pal.fg, 0.03);
        ctx.fillRect(0, y, this.width, lb.h - 6);
      }
      ctx.strokeStyle = withAlpha(ctx, pal.fg, 0.18);
      ctx.beginPath();
      ctx.moveTo(0, y + 0.5);
      ctx.lineTo(this.width, y + 0.5);
      ctx.stroke();
    }
    for (const rb of this.rows) {
      const y = TOP + rb.y;
      const r = rb.row;
      switch (r.kind) {
        case 'phase':
        case 'kubectl':
        case 'state':
          this.drawBands(ctx, pal, r, x, d0, d1, y, rb.h, r.kind === 'kubectl');
          break;
        case 'signal':
        case 'condition':
          this.drawSignal(ctx, pal, r, x, d0, d1, y, rb.h);
          break;
        case 'probe':
          this.drawProbe(ctx, pal, r, x, d0, d1, y, rb.h);
          break;
        case 'events':
          this.drawEvents(ctx, pal, r.markers, x, d0, d1, y, rb.h);
          break;
      }
      if (r.kind === 'state' && r.markers.length) {
        // Exits and kills are labelled in the lane's header strip, just above the state row.
        this.drawMarkers(ctx, pal, r.markers.filter((m) => m.kind !== 'restart'), x, d0, d1, y - LANE_HEADER + 3, LANE_HEADER - 4);
      }
    }
  }

  private drawBands(ctx: CanvasRenderingContext2D, pal: Palette, r: Row, x: (t: number) => number, d0: number, d1: number, y: number, hh: number, mono: boolean): void {
    const top = y + 3;
    const bh = hh - 6;
    ctx.font = mono ? `11px ${pal.mono}` : `11px ${pal.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const rects = bandRects(r, x, d0, d1);
    let lastPx = -1;
    for (const rc of rects) {
      const b = rc.band;
      const color = pal.tone[b.tone];
      const instant = b.t1 <= b.t0;
      // Many bands in one pixel column (10 000 events, zoomed out): the first one speaks for it.
      const px = Math.floor(rc.x);
      if (rc.w <= 1 && px === lastPx) continue;
      lastPx = Math.floor(rc.x + rc.w);
      if (instant) {
        ctx.fillStyle = color;
        ctx.fillRect(Math.round(rc.x) - 1, top - 2, 3, bh + 4);
        continue;
      }
      const bg = withAlpha(ctx, color, b.tone === 'terminated' || b.tone === 'oom' ? 0.45 : b.tone === 'notready' ? 0.13 : 0.28);
      ctx.fillStyle = HATCHED.has(b.tone) ? this.pattern(ctx, withAlpha(ctx, color, 0.55), withAlpha(ctx, color, 0.16)) : bg;
      ctx.fillRect(rc.x, top, rc.w, bh);
      if (rc.w >= 2) {
        ctx.fillStyle = color;
        ctx.fillRect(rc.x, top, Math.min(2, rc.w), bh);
      }
      if (rc.w > 16) {
        const bold = b.tone === 'backoff';
        if (bold) ctx.font = mono ? `bold 11px ${pal.mono}` : `bold 11px ${pal.font}`;
        const label = this.fitBand(ctx, b, rc.w - 8);
        if (label) {
          if (HATCHED.has(b.tone)) {
            // Text over stripes: give it a quiet background.
            ctx.fillStyle = withAlpha(ctx, pal.bg, 0.78);
            ctx.fillRect(rc.x + 3, top + 2, this.text(ctx, label) + 4, bh - 4);
          }
          ctx.fillStyle = pal.fg;
          ctx.fillText(label, rc.x + 5, top + bh / 2 + 0.5);
        }
        if (bold) ctx.font = mono ? `11px ${pal.mono}` : `11px ${pal.font}`;
      }
    }
  }

  private drawSignal(ctx: CanvasRenderingContext2D, pal: Palette, r: Row, x: (t: number) => number, d0: number, d1: number, y: number, hh: number): void {
    const hi = y + 2;
    const lo = y + hh - 2.5;
    const on = pal.tone.true;
    let lastPx = -1;
    for (const rc of bandRects(r, x, d0, d1)) {
      const b = rc.band;
      const px = Math.floor(rc.x);
      if (rc.w <= 1 && px === lastPx) continue;
      lastPx = Math.floor(rc.x + rc.w);
      if (b.tone === 'true') {
        ctx.fillStyle = withAlpha(ctx, on, 0.35);
        ctx.fillRect(rc.x, hi, rc.w, lo - hi);
        ctx.fillStyle = on;
        ctx.fillRect(rc.x, hi, rc.w, 1.5);
        ctx.fillRect(rc.x, hi, 1.5, lo - hi);
      } else if (b.tone === 'false') {
        ctx.fillStyle = withAlpha(ctx, pal.muted, 0.7);
        ctx.fillRect(rc.x, lo, rc.w, 1);
      } else {
        ctx.strokeStyle = pal.muted;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(rc.x, (hi + lo) / 2);
        ctx.lineTo(rc.x + rc.w, (hi + lo) / 2);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
  }

  private drawProbe(ctx: CanvasRenderingContext2D, pal: Palette, r: Row, x: (t: number) => number, d0: number, d1: number, y: number, hh: number): void {
    let lastPx = -1;
    for (const rc of bandRects(r, x, d0, d1)) {
      if (rc.band.tone !== 'ok' && rc.band.tone !== 'fail') continue;
      const px = Math.floor(rc.x);
      if (rc.w <= 1 && px === lastPx) continue;
      lastPx = Math.floor(rc.x + rc.w);
      ctx.fillStyle = withAlpha(ctx, pal.tone[rc.band.tone], 0.13);
      ctx.fillRect(rc.x, y + 1, rc.w, hh - 2);
    }
    const mid = y + hh / 2;
    ctx.fillStyle = pal.grid;
    ctx.fillRect(PAD_L, Math.round(mid), this.width - PAD_L - PAD_R, 1);
    const ticksPx = tickXs(r, x, d0, d1);
    const wide = ticksPx.length < (this.width - PAD_L - PAD_R) / 6;
    const w = wide ? 2 : 1;
    // Success ticks rise above the midline, failures hang below it: readable without colour.
    ctx.fillStyle = pal.tone.ok;
    for (const k of ticksPx) if (k.ok) ctx.fillRect(k.x - w / 2, y + 2, w, mid - y - 1);
    ctx.fillStyle = pal.tone.fail;
    for (const k of ticksPx) if (!k.ok) ctx.fillRect(k.x - w / 2, mid + 1, w, hh - (mid - y) - 3);
  }

  /** Exits and kills of a container: a small triangle over the state row and a label when there is room. */
  private drawMarkers(ctx: CanvasRenderingContext2D, pal: Palette, markers: readonly Marker[], x: (t: number) => number, d0: number, d1: number, y: number, hh: number): void {
    ctx.font = `10px ${pal.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    let lastEnd = -Infinity;
    for (let i = firstAtOrAfter(markers, d0); i < markers.length; i++) {
      const m = markers[i]!;
      if (m.t > d1) break;
      const px = x(m.t);
      const color = m.tone === 'neutral' ? pal.muted : pal.tone[m.tone];
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.moveTo(px - 3.5, y + hh - 5);
      ctx.lineTo(px + 3.5, y + hh - 5);
      ctx.lineTo(px, y + hh);
      ctx.closePath();
      ctx.fill();
      const label = visibleText(m.label, 40);
      const w = this.text(ctx, label);
      const lx = px + 6;
      if (lx > lastEnd + 4 && lx + w < this.width - PAD_R) {
        ctx.fillText(label, lx, y + hh / 2 - 1);
        lastEnd = lx + w;
      }
    }
  }

  /** Kubernetes events: markers closer than 12 px share one diamond and one label ("BackOff +2"). */
  private drawEvents(ctx: CanvasRenderingContext2D, pal: Palette, markers: readonly Marker[], x: (t: number) => number, d0: number, d1: number, y: number, hh: number): void {
    const groups: { x: number; items: Marker[] }[] = [];
    for (let i = firstAtOrAfter(markers, d0); i < markers.length; i++) {
      const m = markers[i]!;
      if (m.t > d1) break;
      const px = x(m.t);
      const g = groups[groups.length - 1];
      if (g && px - g.x < 12) g.items.push(m);
      else groups.push({ x: px, items: [m] });
    }
    ctx.font = `10px ${pal.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const cy = y + hh / 2;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      const warn = g.items.find((m) => m.tone === 'fail');
      ctx.fillStyle = warn ? pal.tone.fail : pal.muted;
      ctx.beginPath();
      ctx.moveTo(g.x, cy - 4.5);
      ctx.lineTo(g.x + 4.5, cy);
      ctx.lineTo(g.x, cy + 4.5);
      ctx.lineTo(g.x - 4.5, cy);
      ctx.closePath();
      ctx.fill();
      const lead = warn ?? g.items[0]!;
      const full = `${visibleText(lead.label, 40)}${g.items.length > 1 ? ` +${g.items.length - 1}` : ''}`;
      const room = (groups[i + 1]?.x ?? this.width - PAD_R) - g.x - 12;
      const label = room >= 40 ? this.fit(ctx, full, room) : '';
      if (!label) continue;
      ctx.fillStyle = warn ? pal.fg : pal.muted;
      ctx.fillText(label, g.x + 7, cy + 0.5);
    }
  }

  private drawMilestones(ctx: CanvasRenderingContext2D, pal: Palette, sc: Scale, d0: number, d1: number): void {
    const model = this.model;
    if (!model) return;
    let lastEnd = -Infinity;
    ctx.font = `bold 11px ${pal.font}`;
    ctx.textBaseline = 'middle';
    for (const m of model.milestones) {
      if (m.kind === 'kill' || m.t < d0 || m.t > d1) continue;
      const lanes = this.laneBoxes.filter((l) => l.lane.group === m.group);
      if (!lanes.length) continue;
      const color = m.kind === 'ready' ? pal.ready : m.kind === 'crashloop' ? pal.crashloop : pal.muted;
      const px = Math.round(sc.x(m.t)) + 0.5;
      const y0 = TOP + lanes[0]!.y;
      const y1 = TOP + lanes[lanes.length - 1]!.y + lanes[lanes.length - 1]!.h;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 3]);
      ctx.beginPath();
      ctx.moveTo(px, AXIS_H + 2);
      ctx.lineTo(px, y1);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
      void y0;
      const label = `${m.group === 'live' ? 'live: ' : ''}${m.label}`;
      const w = this.text(ctx, label) + 10;
      let lx = px + 3;
      if (lx + w > this.width) lx = px - w - 3;
      if (lx < lastEnd + 4) continue;
      ctx.fillStyle = withAlpha(ctx, color, 0.18);
      ctx.fillRect(lx, AXIS_H + 1, w, FLAG_H - 3);
      ctx.fillStyle = color;
      ctx.fillRect(px - 0.75, AXIS_H + 1, 1.5, FLAG_H - 3);
      ctx.fillStyle = pal.fg;
      ctx.textAlign = 'left';
      ctx.fillText(label, lx + 5, AXIS_H + FLAG_H / 2 - 0.5);
      lastEnd = lx + w;
    }
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
    if (!ctx || !pal || !this.model) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    const sc = this.scale();
    const [d0, d1] = this.domain();
    if (this.hoverX !== undefined && !this.dragging) {
      ctx.fillStyle = withAlpha(ctx, pal.fg, 0.25);
      ctx.fillRect(Math.round(this.hoverX), AXIS_H, 1, this.height - AXIS_H);
    }
    if (this.cursor >= d0 && this.cursor <= d1) {
      const px = Math.round(sc.x(this.cursor));
      ctx.fillStyle = pal.cursor;
      ctx.fillRect(px - 1, AXIS_H, 2, this.height - AXIS_H);
      ctx.font = `bold 11px ${pal.font}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      const label = formatT(this.cursor);
      const w = ctx.measureText(label).width + 10;
      const lx = Math.min(Math.max(0, px - w / 2), this.width - w);
      ctx.fillRect(lx, 2, w, AXIS_H - 5);
      ctx.fillStyle = pal.bg;
      ctx.fillText(label, lx + 5, AXIS_H / 2 - 1);
    }
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
