// What every benchmark under bench/ shares: the median of a series and the timing of repeated calls.
// Benchmarks print figures and ratios against a baseline measured in the same run; none asserts.

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall times in ms of `runs` calls of `fn` after `warmup` untimed ones; `before` runs untimed before each call. */
export function timeRuns(runs: number, fn: (i: number) => unknown, { warmup = 1, before }: { warmup?: number; before?: () => void } = {}): number[] {
  const out: number[] = [];
  for (let i = -warmup; i < runs; i++) {
    before?.();
    const t = process.hrtime.bigint();
    fn(i);
    if (i >= 0) out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}
