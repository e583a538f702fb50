// Paints the Workload Timeline's chart on one canvas: the time axis, the workload's counts as step
// charts, its conditions and value rows, and one lane per pod grouped as the kind is read (by
// revision; a DaemonSet's by node), with traffic-loss windows
// shaded. Drawing only: the model (rows, segments, series) is the core's
// (src/core/workload-timeline/model.ts); the row layout is shared with the DOM labels beside the
// canvas (workload-main.ts) through rowsOf().
import type { LaneState, WorkloadModel } from '../core/workload-timeline/model';

export interface WlPalette {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  cursor: string;
  loss: string;
  series: string[];
  state: Record<LaneState, string>;
  condTrue: string;
  condFalse: string;
  condNeutral: string;
  font: string;
}

const STATES: LaneState[] = ['pending', 'starting', 'ready', 'backoff', 'exited', 'terminating', 'succeeded', 'failed'];

/** Colours from CSS custom properties (media/workload-timeline.css maps them to the theme's). */
export function readWlPalette(el: Element = document.body): WlPalette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const state = {} as Record<LaneState, string>;
  for (const s of STATES) state[s] = v(`--wl-${s}`, '#888888');
  return {
    fg: v('--kp-fg', '#cccccc'),
    muted: v('--kp-muted', '#9d9d9d'),
    grid: v('--kp-grid', 'rgba(128,128,128,0.25)'),
    bg: v('--kp-bg', '#1e1e1e'),
    cursor: v('--kp-cursor', '#007fd4'),
    loss: v('--wl-loss', '#f14c4c'),
    series: [1, 2, 3, 4, 5, 6, 7].map((i) => v(`--wl-series-${i}`, '#3794ff')),
    state,
    condTrue: v('--wl-cond-true', '#3794ff'),
    condFalse: v('--wl-cond-false', '#f14c4c'),
    condNeutral: v('--wl-cond-neutral', '#9d9d9d'),
    font: v('--kp-font', 'system-ui, sans-serif'),
  };
}

export type Row =
  | { kind: 'axis'; h: number }
  | { kind: 'series'; h: number; index: number }
  | { kind: 'condition'; h: number; index: number }
  | { kind: 'group'; h: number; revision: string; label: string; note?: string; count: number }
  | { kind: 'lane'; h: number; group: number; lane: number };

export const ROW_H = { axis: 24, series: 30, condition: 20, group: 22, lane: 16 } as const;

/** The rows top to bottom (the DOM labels use the same list and heights). */
export function rowsOf(m: WorkloadModel): Row[] {
  const rows: Row[] = [{ kind: 'axis', h: ROW_H.axis }];
  m.series.forEach((_, index) => rows.push({ kind: 'series', h: ROW_H.series, index }));
  m.conditions.forEach((_, index) => rows.push({ kind: 'condition', h: ROW_H.condition, index }));
  m.groups.forEach((g, group) => {
    rows.push({ kind: 'group', h: ROW_H.group, revision: g.revision, label: g.label, ...(g.note && { note: g.note }), count: g.lanes.length });
    g.lanes.forEach((_, lane) => rows.push({ kind: 'lane', h: ROW_H.lane, group, lane }));
  });
  return rows;
}

export interface View { t0: number; t1: number }

/** A round tick step for `span` seconds over `px` pixels (about one tick per 90 px). */
function tickStep(span: number, px: number): number {
  const raw = span / Math.max(1, px / 90);
  for (const s of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]) if (s >= raw) return s;
  return 14400;
}

function tickLabel(t: number): string {
  if (t >= 120 && t % 60 === 0) return `${t / 60} min`;
  return `${t} s`;
}

/**
 * Draws the chart into `canvas` (sized here to `width` CSS pixels and the rows' height).
 * Returns the x of a time, for hit-testing.
 */
export function paintWorkload(canvas: HTMLCanvasElement, m: WorkloadModel, rows: Row[], view: View, width: number, cursor: number | undefined, p: WlPalette): (t: number) => number {
  const dpr = window.devicePixelRatio || 1;
  const height = rows.reduce((s, r) => s + r.h, 0);
  const w = Math.max(100, Math.floor(width));
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.setAttribute('width', String(canvas.width));
    canvas.setAttribute('height', String(canvas.height));
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, height);
  const pad = 6;
  const span = Math.max(1e-6, view.t1 - view.t0);
  const x = (t: number) => pad + ((t - view.t0) / span) * (w - 2 * pad);
  const clampX = (t: number) => Math.max(pad, Math.min(w - pad, x(t)));
  ctx.font = `11px ${p.font}`;
  ctx.textBaseline = 'middle';

  // Grid and axis.
  const step = tickStep(span, w);
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = p.muted;
  for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
    const xx = Math.round(x(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(xx, ROW_H.axis - 4);
    ctx.lineTo(xx, height);
    ctx.stroke();
    ctx.fillText(tickLabel(t), Math.min(xx + 3, w - 40), ROW_H.axis / 2);
  }

  // Traffic lost with no endpoint at all: a band over everything.
  ctx.globalAlpha = 0.18;
  ctx.fillStyle = p.loss;
  for (const l of m.loss) {
    if (l.kind !== 'no-endpoints' || l.to < view.t0 || l.from > view.t1) continue;
    const x0 = clampX(l.from);
    ctx.fillRect(x0, ROW_H.axis, Math.max(2, clampX(l.to) - x0), height - ROW_H.axis);
  }
  ctx.globalAlpha = 1;

  let y = 0;
  // A pod's lanes by name (a StatefulSet's recreated pod keeps its name): the loss goes on the one alive then.
  const laneY = new Map<string, { y: number; h: number; from: number; to: number }[]>();
  let seriesTop = 0;
  let seriesBottom = 0;
  for (const r of rows) {
    if (r.kind === 'series') {
      if (!seriesTop) seriesTop = y;
      seriesBottom = y + r.h;
      const s = m.series[r.index]!;
      const colour = p.series[r.index % p.series.length]!;
      const top = y + 4;
      const bottom = y + r.h - 4;
      const max = Math.max(1, ...m.series.filter((x) => x.key !== 'endpoints' || s.key === 'endpoints').map((x) => x.max));
      const yv = (v: number) => bottom - (v / max) * (bottom - top);
      ctx.strokeStyle = p.grid;
      ctx.beginPath();
      ctx.moveTo(pad, bottom + 0.5);
      ctx.lineTo(w - pad, bottom + 0.5);
      ctx.stroke();
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      let prev: number | undefined;
      for (let i = 0; i < s.points.length; i++) {
        const pt = s.points[i]!;
        const next = s.points[i + 1]?.t ?? m.until;
        if (next < view.t0 || pt.t > view.t1) {
          prev = pt.v;
          continue;
        }
        const x0 = clampX(pt.t);
        const x1 = clampX(next);
        if (prev !== undefined) ctx.lineTo(x0, yv(pt.v));
        else ctx.moveTo(x0, yv(pt.v));
        ctx.lineTo(x1, yv(pt.v));
        prev = pt.v;
      }
      ctx.stroke();
      ctx.lineWidth = 1;
    } else if (r.kind === 'condition') {
      const c = m.conditions[r.index]!;
      for (const seg of c.segments) {
        if (seg.to < view.t0 || seg.from > view.t1) continue;
        const x0 = clampX(seg.from);
        const x1 = clampX(seg.to);
        ctx.fillStyle = seg.tone === 'good' ? p.condTrue : seg.tone === 'bad' ? p.condFalse : p.condNeutral;
        ctx.globalAlpha = seg.tone === 'good' ? 0.55 : seg.tone === 'bad' ? 0.8 : 0.35;
        ctx.fillRect(x0, y + 3, Math.max(1, x1 - x0 - 1), r.h - 6);
        ctx.globalAlpha = 1;
        if (x1 - x0 > 40) {
          ctx.fillStyle = p.fg;
          // A condition says its reason; a value row (a revision) its value.
          ctx.fillText(c.kind === 'value' ? seg.status : seg.reason || seg.status, x0 + 4, y + r.h / 2, x1 - x0 - 8);
        }
      }
    } else if (r.kind === 'group') {
      ctx.strokeStyle = p.grid;
      ctx.beginPath();
      ctx.moveTo(pad, y + 0.5);
      ctx.lineTo(w - pad, y + 0.5);
      ctx.stroke();
      // The group's fact (a StatefulSet's ordinal order, a node's revisions, a Job's outcomes) where there is room for it.
      if (r.note) {
        ctx.fillStyle = p.muted;
        ctx.fillText(r.note, pad + 4, y + r.h / 2, w - 2 * pad - 8);
      }
    } else if (r.kind === 'lane') {
      const lane = m.groups[r.group]!.lanes[r.lane]!;
      laneY.set(lane.pod, [...(laneY.get(lane.pod) ?? []), { y, h: r.h, from: lane.createdAt, to: lane.end }]);
      for (const seg of lane.segments) {
        if (seg.to < view.t0 || seg.from > view.t1) continue;
        const x0 = clampX(seg.from);
        const x1 = clampX(seg.to);
        ctx.fillStyle = p.state[seg.state];
        // A finished pod (a Job's) is drawn paler than a running one: what happened stands out from what stays.
        ctx.globalAlpha = seg.state === 'starting' ? 0.45 : seg.state === 'terminating' ? 0.7 : seg.state === 'succeeded' || seg.state === 'failed' ? 0.5 : 0.9;
        ctx.fillRect(x0, y + 3, Math.max(1, x1 - x0), r.h - 6);
      }
      ctx.globalAlpha = 1;
      ctx.fillStyle = p.fg;
      for (const mk of lane.marks) {
        if (mk.t < view.t0 || mk.t > view.t1) continue;
        const xx = x(mk.t);
        if (mk.kind === 'restart') {
          ctx.beginPath();
          ctx.moveTo(xx, y + 2);
          ctx.lineTo(xx + 3, y + 6);
          ctx.lineTo(xx - 3, y + 6);
          ctx.fill();
        } else if (mk.kind === 'deleted') {
          ctx.fillRect(Math.round(xx), y + 1, 2, r.h - 2);
        }
      }
    }
    y += r.h;
  }

  // Traffic lost at one pod: hatched over its lane and a band on the endpoint chart.
  ctx.strokeStyle = p.loss;
  ctx.fillStyle = p.loss;
  for (const l of m.loss) {
    if (l.kind !== 'not-accepting' || l.to < view.t0 || l.from > view.t1) continue;
    const x0 = clampX(l.from);
    const x1 = Math.max(x0 + 3, clampX(l.to));
    if (seriesBottom > seriesTop) {
      ctx.globalAlpha = 0.22;
      ctx.fillRect(x0, seriesTop, x1 - x0, seriesBottom - seriesTop);
      ctx.globalAlpha = 1;
    }
    const ly = l.pod ? laneY.get(l.pod)?.find((c) => l.from >= c.from && l.from <= c.to) ?? laneY.get(l.pod)?.[0] : undefined;
    if (ly) {
      ctx.fillRect(x0, ly.y + 1, x1 - x0, 2);
      ctx.fillRect(x0, ly.y + ly.h - 3, x1 - x0, 2);
      ctx.globalAlpha = 0.5;
      ctx.fillRect(x0, ly.y + 3, x1 - x0, ly.h - 6);
      ctx.globalAlpha = 1;
    }
  }

  if (cursor !== undefined && cursor >= view.t0 && cursor <= view.t1) {
    ctx.strokeStyle = p.cursor;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(Math.round(x(cursor)) + 0.5, 0);
    ctx.lineTo(Math.round(x(cursor)) + 0.5, height);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
  return x;
}
