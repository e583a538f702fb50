// Where the lanes go on screen: the vertical layout of lanes and rows, and the visible part of a
// row's bands and ticks as pixel positions for a time scale. Pure: no DOM (the painter,
// timeline-paint.ts, and the hit test of timeline-view.ts use it).
import type { Band, Lane, Row, RowKind, TimelineModel } from './lanes';

/** Row heights in px: tall enough for an 11 px label (condition and signal rows included). */
export const ROW_HEIGHT: Record<RowKind, number> = {
  phase: 22,
  kubectl: 22,
  condition: 17,
  state: 26,
  signal: 17,
  probe: 20,
  events: 18,
};
export const LANE_HEADER = 22;
/** Space below a lane's last row. */
export const LANE_GAP = 6;

export interface RowBox { lane: Lane; row: Row; y: number; h: number }
export interface LaneBox { lane: Lane; y: number; h: number }

/** Vertical layout: a header per lane, then its rows. */
export function layoutRows(model: TimelineModel, top = 0): { rows: RowBox[]; lanes: LaneBox[]; height: number } {
  const rows: RowBox[] = [];
  const lanes: LaneBox[] = [];
  let y = top;
  for (const lane of model.lanes) {
    const y0 = y;
    y += LANE_HEADER;
    for (const r of lane.rows) {
      rows.push({ lane, row: r, y, h: r.height });
      y += r.height;
    }
    y += LANE_GAP;
    lanes.push({ lane, y: y0, h: y - y0 });
  }
  return { rows, lanes, height: y };
}

/** First index i with items[i].t1 >= t (bands are sorted and do not overlap). */
export function firstBandEndingAfter(bands: readonly Band[], t: number): number {
  let lo = 0;
  let hi = bands.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bands[mid]!.t1 < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with items[i].t >= t. */
export function firstAtOrAfter(items: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The band of a row covering t (the later one when t is a boundary), if any. */
export function bandAt(r: Row, t: number): Band | undefined {
  let found: Band | undefined;
  for (let i = firstBandEndingAfter(r.bands, t); i < r.bands.length; i++) {
    const b = r.bands[i]!;
    if (b.t0 > t) break;
    found = b;
  }
  return found;
}

export interface Rect { x: number; w: number; band: Band }

/**
 * The bands of a row as pixel rectangles for a scale, visible part only. Instant bands (zero
 * length) get 1 px; neighbours thinner than a pixel are kept (the canvas merges them by colour).
 */
export function bandRects(r: Row, x: (t: number) => number, t0: number, t1: number): Rect[] {
  const out: Rect[] = [];
  for (let i = firstBandEndingAfter(r.bands, t0); i < r.bands.length; i++) {
    const b = r.bands[i]!;
    if (b.t0 > t1) break;
    const x0 = x(Math.max(b.t0, t0));
    const x1 = x(Math.min(b.t1, t1));
    out.push({ x: x0, w: Math.max(1, x1 - x0), band: b });
  }
  return out;
}

/** Tick x positions for a row, one per device pixel column at most (dense runs collapse). */
export function tickXs(r: Row, x: (t: number) => number, t0: number, t1: number): { x: number; ok: boolean }[] {
  const out: { x: number; ok: boolean }[] = [];
  let lastOk = -Infinity;
  let lastFail = -Infinity;
  for (let i = firstAtOrAfter(r.ticks, t0); i < r.ticks.length; i++) {
    const k = r.ticks[i]!;
    if (k.t > t1) break;
    const px = Math.round(x(k.t));
    if (k.ok) {
      if (px === lastOk) continue;
      lastOk = px;
    } else {
      if (px === lastFail) continue;
      lastFail = px;
    }
    out.push({ x: px, ok: k.ok });
  }
  return out;
}
