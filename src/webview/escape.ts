// Text hygiene for strings that come from a manifest or a cluster, in the webview (which only
// ever sets textContent, see dom.ts). Pure.

// C0/C1 controls (except tab and newline) and the Unicode bidi controls, which can make a
// name read differently from what it is ("Trojan Source"): shown as visible escapes instead.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A string as it should be shown as text: controls and bidi overrides made visible. */
export function visibleText(s: unknown, max = 2000): string {
  let out = String(s ?? '').replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  return out;
}
