// Paints the swimlane timeline on its two canvases: the axis, the lanes (bands, signals, probe
// ticks, exit/kill markers, Kubernetes events), the milestone lines (Ready, CrashLoopBackOff), and
// the cursor on the overlay. Drawing only: what is where comes from lanes.ts and lane-geometry.ts,
// the state and the input live in timeline-view.ts.
import { visibleText } from './escape';
import { formatT } from '../core/util/duration';
import { bandRects, firstAtOrAfter, tickXs, LANE_HEADER, type LaneBox, type RowBox } from './lane-geometry';
import type { Band, Marker, Row, TimelineModel } from './lanes';
import { formatTick, ticks, type Scale } from './scale';
import { withAlpha, type Palette } from './theme';
import type { Tone } from './tones';

export const AXIS_H = 22;
export const FLAG_H = 18;
export const TOP = AXIS_H + FLAG_H;
export const PAD_L = 8;
/** Room right of the last second: an axis label centred on it stays whole. */
export const PAD_R = 22;

const HATCHED: ReadonlySet<Tone> = new Set<Tone>(['backoff', 'pull']);

/** What one paint needs: the size, the layout and the visible time range. */
export interface Frame {
  width: number;
  height: number;
  model: TimelineModel;
  rows: readonly RowBox[];
  laneBoxes: readonly LaneBox[];
  sc: Scale;
  d0: number;
  d1: number;
}

export class TimelinePainter {
  private readonly widths = new Map<string, number>();
  private patterns = new Map<string, CanvasPattern>();
  private f!: Frame;

  private get width(): number {
    return this.f.width;
  }

  private get height(): number {
    return this.f.height;
  }

  /** Forget cached text widths and stripe patterns (the theme or its font changed). */
  reset(): void {
    this.patterns.clear();
    this.widths.clear();
  }

  /** The plot canvas: axis, lanes (clipped to the plot area), milestone lines. */
  paint(ctx: CanvasRenderingContext2D, pal: Palette, f: Frame): void {
    this.f = f;
    const { sc, d0, d1 } = f;
    this.drawAxis(ctx, pal, sc, d0, d1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD_L - 2, TOP, this.width - PAD_L - PAD_R + 4, this.height - TOP);
    ctx.clip();
    this.drawLanes(ctx, pal, sc, d0, d1);
    ctx.restore();
    this.drawMilestones(ctx, pal, sc, d0, d1);
  }

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
    for (const lb of this.f.laneBoxes) {
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
    for (const rb of this.f.rows) {
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
    const model = this.f.model;
    let lastEnd = -Infinity;
    ctx.font = `bold 11px ${pal.font}`;
    ctx.textBaseline = 'middle';
    for (const m of model.milestones) {
      if (m.kind === 'kill' || m.t < d0 || m.t > d1) continue;
      const lanes = this.f.laneBoxes.filter((l) => l.lane.group === m.group);
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

  /** The cursor (and the hover line) on the overlay canvas: redrawn alone when the cursor moves. */
  paintOverlay(ctx: CanvasRenderingContext2D, pal: Palette, f: Frame, cursor: number, hoverX: number | undefined): void {
    this.f = f;
    const { sc, d0, d1 } = f;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    if (hoverX !== undefined) {
      ctx.fillStyle = withAlpha(ctx, pal.fg, 0.25);
      ctx.fillRect(Math.round(hoverX), AXIS_H, 1, this.height - AXIS_H);
    }
    if (cursor >= d0 && cursor <= d1) {
      const px = Math.round(sc.x(cursor));
      ctx.fillStyle = pal.cursor;
      ctx.fillRect(px - 1, AXIS_H, 2, this.height - AXIS_H);
      ctx.font = `bold 11px ${pal.font}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      const label = formatT(cursor);
      const w = ctx.measureText(label).width + 10;
      const lx = Math.min(Math.max(0, px - w / 2), this.width - w);
      ctx.fillRect(lx, 2, w, AXIS_H - 5);
      ctx.fillStyle = pal.bg;
      ctx.fillText(label, lx + 5, AXIS_H / 2 - 1);
    }
  }
}
