// What a `--set` with a list index does to the values the mapping reads (docs/charts.md): helm
// applies `--set` to the values the user gave (the --values files), and a list index there builds a
// new list unless a --values file already holds that list — the new list then replaces the chart's
// own list whole. The chart's list is then not rendered at all: its leaves feed nothing, and a
// sentinel values file must not bring it back (it would make helm edit that list in place instead).
import type { PathSegment } from '../manifest/model';
import { holderOf, type ValuesModel } from './helm-values';

/** Splits helm's `--set` argument (`a=1,b[0].c=2`, `\,` escapes a comma) into its keys' paths. */
export function setKeyPaths(arg: string): PathSegment[][] {
  const out: PathSegment[][] = [];
  let i = 0;
  while (i < arg.length) {
    // One `key=value` item: the key up to its unescaped `=`, then the value up to an unescaped `,`.
    const path: PathSegment[] = [];
    let seg = '';
    let ok = true;
    for (; i < arg.length && arg[i] !== '='; i++) {
      const c = arg[i];
      if (c === '\\' && i + 1 < arg.length) seg += arg[++i];
      else if (c === '.') {
        if (seg) path.push(seg);
        seg = '';
      } else if (c === '[') {
        const close = arg.indexOf(']', i);
        const n = close > i ? Number(arg.slice(i + 1, close)) : NaN;
        if (!Number.isInteger(n) || n < 0) ok = false;
        if (seg) path.push(seg);
        seg = '';
        path.push(n);
        i = close > i ? close : arg.length;
      } else if (c === ',') {
        ok = false; // a key with no value: helm rejects it and says why
        break;
      } else seg += c;
    }
    if (seg) path.push(seg);
    if (ok && path.length) out.push(path);
    for (; i < arg.length && arg[i] !== ','; i++) if (arg[i] === '\\') i++;
    i++;
  }
  return out;
}

/**
 * The merged paths of lists that the `--set` arguments replace (a list index into a list no
 * --values file holds): the leaves under them are not what renders.
 */
export function listsReplacedBySet(model: ValuesModel, set: readonly string[] | undefined, userFiles: readonly string[]): PathSegment[][] {
  const out: PathSegment[][] = [];
  const user = new Set(userFiles);
  for (const arg of set ?? []) {
    for (const p of setKeyPaths(arg)) {
      const i = p.findIndex((s) => typeof s === 'number');
      if (i <= 0) continue;
      const list = p.slice(0, i);
      const hit = holderOf(model, list);
      if (hit && !user.has(hit.source.file)) out.push(list);
    }
  }
  return out;
}

/** True when `p` lies under one of `prefixes`. */
export function under(p: readonly PathSegment[], prefixes: readonly PathSegment[][]): boolean {
  return prefixes.some((q) => q.length <= p.length && q.every((s, i) => s === p[i]));
}
