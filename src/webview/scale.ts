// Time scale and axis ticks for the timeline.
//
// Hand-written on purpose: the timeline needs one linear scale (seconds → pixels) and "nice" tick
// steps in seconds. d3-scale would bring d3-array, d3-interpolate, d3-format and d3-time (~40 kB
// minified) for those ~40 lines, and d3-axis draws SVG, while the plot is a canvas.
export interface Scale {
  readonly d0: number;
  readonly d1: number;
  readonly r0: number;
  readonly r1: number;
  /** seconds → pixels */
  x(t: number): number;
  /** pixels → seconds */
  t(x: number): number;
}

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  const k = (r1 - r0) / span;
  return {
    d0,
    d1,
    r0,
    r1,
    x: (t) => r0 + (t - d0) * k,
    t: (x) => d0 + (x - r0) / k,
  };
}

/** Steps in seconds that read well on a seconds axis. */
const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];

/** The smallest nice step that keeps labels at least minSpacing px apart. */
export function tickStep(d0: number, d1: number, widthPx: number, minSpacing = 64): number {
  const span = Math.max(1e-9, d1 - d0);
  const want = (span * minSpacing) / Math.max(1, widthPx);
  for (const s of STEPS) if (s >= want) return s;
  return Math.ceil(want / 86400) * 86400;
}

/** Tick positions (seconds) within [d0, d1]. */
export function ticks(d0: number, d1: number, widthPx: number, minSpacing = 64): { step: number; values: number[] } {
  const step = tickStep(d0, d1, widthPx, minSpacing);
  const values: number[] = [];
  const first = Math.ceil(d0 / step - 1e-9) * step;
  for (let v = first, i = 0; v <= d1 + 1e-9 && i < 1000; i++, v = first + i * step) values.push(Math.round(v * 1000) / 1000 + 0);
  return { step, values };
}

/** An axis label in seconds ("90 s", "12.5 s"). */
export function formatTick(v: number, step: number): string {
  const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  return `${v.toFixed(digits)} s`;
}
