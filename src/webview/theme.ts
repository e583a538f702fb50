// Colours for the canvas, read from CSS custom properties (media/timeline.css maps them to VS Code's
// theme variables with fallbacks), re-read when VS Code switches theme.
import type { Tone } from './tones';

export interface Palette {
  tone: Record<Tone, string>;
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  cursor: string;
  ready: string;
  crashloop: string;
  font: string;
  mono: string;
}

const TONES: Tone[] = ['running', 'notready', 'waiting', 'backoff', 'pull', 'terminated', 'completed', 'oom', 'pending', 'succeeded', 'failed', 'unknown', 'true', 'false', 'ok', 'fail', 'neutral'];

export function readPalette(el: Element = document.body): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const tone = {} as Record<Tone, string>;
  for (const t of TONES) tone[t] = v(`--kp-${t}`, '#888888');
  return {
    tone,
    fg: v('--kp-fg', '#cccccc'),
    muted: v('--kp-muted', '#9d9d9d'),
    grid: v('--kp-grid', 'rgba(128,128,128,0.25)'),
    bg: v('--kp-bg', '#1e1e1e'),
    cursor: v('--kp-cursor', '#007fd4'),
    ready: v('--kp-ready-line', '#3794ff'),
    crashloop: v('--kp-crashloop-line', '#f14c4c'),
    font: v('--kp-font', 'system-ui, sans-serif'),
    mono: v('--kp-mono', 'monospace'),
  };
}

/** Calls back when VS Code changes the theme (it rewrites <body class> and <html style>). */
export function onThemeChange(cb: () => void): MutationObserver {
  const mo = new MutationObserver(() => cb());
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return mo;
}

/** `color` with an alpha, for any CSS colour the browser understands. */
export function withAlpha(ctx: CanvasRenderingContext2D, color: string, alpha: number): string {
  const key = `${color}|${alpha}`;
  const hit = alphaCache.get(key);
  if (hit) return hit;
  ctx.save();
  ctx.fillStyle = '#000';
  ctx.fillStyle = color;
  const norm = String(ctx.fillStyle); // #rrggbb or rgba(...)
  ctx.restore();
  let out = norm;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(norm);
  if (m) out = `rgba(${parseInt(m[1]!, 16)},${parseInt(m[2]!, 16)},${parseInt(m[3]!, 16)},${alpha})`;
  else {
    const r = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)$/.exec(norm.replace(/\s/g, ''));
    if (r) out = `rgba(${r[1]},${r[2]},${r[3]},${(r[4] ? Number(r[4]) : 1) * alpha})`;
  }
  alphaCache.set(key, out);
  return out;
}
const alphaCache = new Map<string, string>();
export function clearAlphaCache(): void {
  alphaCache.clear();
}
