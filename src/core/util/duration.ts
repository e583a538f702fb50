// Every way the product writes a length of time, in one place. All take SECONDS.
// - goDuration: Go's time.Duration.String(), as the kubelet prints durations in its messages
//   ("back-off 1m20s", "timed out after 1s", "in 500ms").
// - formatDuration / formatT: prose for people ("2 min 5 s"; "t = 12.5 s" on the timeline).
// Pure; used by the core, the CLI, the extension and the webview bundle.

/** Go's time.Duration.String() for a number of seconds: 10s, 1m20s, 5m0s, 1h0m0s, 1.5s, 500ms, 0s. */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const neg = seconds < 0;
  let ns = Math.round(Math.abs(seconds) * 1e9);
  const sign = neg ? '-' : '';
  if (ns < 1e9) {
    if (ns < 1e3) return `${sign}${ns}ns`;
    if (ns < 1e6) return `${sign}${trimFrac(ns / 1e3)}µs`;
    return `${sign}${trimFrac(ns / 1e6)}ms`;
  }
  const h = Math.floor(ns / 3.6e12);
  ns -= h * 3.6e12;
  const m = Math.floor(ns / 6e10);
  ns -= m * 6e10;
  const s = trimFrac(ns / 1e9);
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

function trimFrac(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** A duration for prose: "45 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  const neg = seconds < 0;
  let s = Math.abs(seconds);
  let out: string;
  if (s < 120) out = `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  else if (s < 3600) {
    s = Math.round(s);
    const m = Math.floor(s / 60);
    out = s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  } else {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    out = m ? `${h} h ${m} min` : `${h} h`;
  }
  return neg ? `-${out}` : out;
}

/** A moment on the timeline: "125 s", with a tenth of a second only when needed ("12.5 s"). */
export function formatT(t: number): string {
  const r = Math.round(t * 10) / 10;
  return `${Number.isInteger(r) ? r : r.toFixed(1)} s`;
}
