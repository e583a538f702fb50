// Draws a state machine (state-machines.ts) as SVG: nodes, transitions, and what this run did —
// taken transitions thick with their counts, visited states filled, the state at the cursor ringed.
import { h, s } from './dom';
import { formatT } from '../core/util/duration';
import { describeTraversal, nodeAt, withObserved, type Machine, type SMEdge, type SMNode, type Traversal } from './state-machines';

interface Pt { x: number; y: number }

function center(n: SMNode): Pt {
  return { x: n.x + n.w / 2, y: n.y + n.h / 2 };
}

/** Where the segment from the centre of n towards p leaves n's rectangle. */
function exitPoint(n: SMNode, p: Pt): Pt {
  const c = center(n);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (!dx && !dy) return c;
  const sx = dx ? n.w / 2 / Math.abs(dx) : Infinity;
  const sy = dy ? n.h / 2 / Math.abs(dy) : Infinity;
  const k = Math.min(sx, sy);
  return { x: c.x + dx * k, y: c.y + dy * k };
}

function edgePath(a: SMNode, b: SMNode, bend: number): { d: string; mid: Pt; side: number } {
  const ca = center(a);
  const cb = center(b);
  const mx = (ca.x + cb.x) / 2;
  const my = (ca.y + cb.y) / 2;
  const len = Math.hypot(cb.x - ca.x, cb.y - ca.y) || 1;
  // Control point off the midline, to the left of the direction of travel.
  const ctrl = { x: mx + ((cb.y - ca.y) / len) * bend, y: my - ((cb.x - ca.x) / len) * bend };
  const p0 = exitPoint(a, ctrl);
  const p1 = exitPoint(b, ctrl);
  const mid = { x: 0.25 * p0.x + 0.5 * ctrl.x + 0.25 * p1.x, y: 0.25 * p0.y + 0.5 * ctrl.y + 0.25 * p1.y };
  // Labels sit on the outer side of a bent edge, so that the two edges of a pair do not collide.
  const side = Math.abs(bend) < 1 ? 0 : Math.sign(ctrl.x - mx) || 0;
  return { d: `M${p0.x.toFixed(1)},${p0.y.toFixed(1)} Q${ctrl.x.toFixed(1)},${ctrl.y.toFixed(1)} ${p1.x.toFixed(1)},${p1.y.toFixed(1)}`, mid, side };
}

function tone(id: string): string {
  if (id.startsWith('r-') || id === 'G:running' || id === 'Running') return 'running';
  if (id === 'w-crashloop' || id === 'w-pullbackoff') return 'backoff';
  if (id === 't-completed' || id === 'Succeeded') return 'completed';
  if (id === 't-oom') return 'oom';
  if (id.startsWith('t-') || id === 'G:terminated' || id === 'Failed' || id === 'w-pull' || id === 'w-other') return 'terminated';
  return 'waiting';
}

let uid = 0;

/** An <svg> for the machine and the run's traversal, and the transitions in words. */
export function renderMachine(base: Machine, tr: Traversal, cursor: number, label: string): HTMLElement {
  const m = withObserved(base, tr);
  const id = `sm${++uid}`;
  const current = nodeAt(tr, cursor);
  const currentParent = m.nodes.find((n) => n.id === current)?.parent;
  const svg = s('svg', { viewBox: `0 0 ${m.width} ${m.height}`, class: 'sm-svg', role: 'img', 'aria-labelledby': `${id}-t`, 'aria-describedby': `${id}-d`, preserveAspectRatio: 'xMinYMin meet' });
  const title = s('title', { id: `${id}-t` }, label);
  const defs = s(
    'defs',
    {},
    s('marker', { id: `${id}-a`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'sm-arrow' })),
    s('marker', { id: `${id}-b`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'sm-arrow taken' })),
  );
  svg.append(title, defs);
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  // Group boxes first, then edges, then nodes on top.
  for (const n of m.nodes.filter((x) => x.group)) {
    const visited = tr.nodes.has(n.id);
    const g = s('g', { class: `sm-group t-${tone(n.id)}${visited ? ' visited' : ''}${currentParent === n.id ? ' current' : ''}` });
    g.append(s('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 10 }), s('text', { x: n.x + 12, y: n.y + 20, class: 'sm-group-label' }, n.label));
    svg.append(g);
  }
  const labels: SVGElement[] = [];
  const drawEdge = (e: SMEdge) => {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) return;
    const use = tr.edges.get(e.id);
    const { d, mid, side } = edgePath(a, b, e.bend ?? 0);
    const taken = !!use;
    svg.append(s('path', { d, class: `sm-edge${taken ? ' taken' : ''}${e.extra ? ' extra' : ''}`, 'marker-end': `url(#${id}-${taken ? 'b' : 'a'})` }));
    const words: string[] = [];
    if (e.label) words.push(e.label);
    if (use) {
      const notes = [...use.notes.entries()].map(([k, v]) => (v > 1 ? `${k} ×${v}` : k));
      words.push(`×${use.count}${notes.length ? ` (${notes.join(', ')})` : ''}`);
    }
    if (!words.length) return;
    const lx = (mid.x + side * 6).toFixed(1);
    const anchor = side > 0 ? 'start' : side < 0 ? 'end' : 'middle';
    const ly = side ? mid.y - (words.length - 1) * 6 + 4 : mid.y - 4;
    const text = s('text', { x: lx, y: ly.toFixed(1), class: `sm-edge-label${taken ? ' taken' : ''}`, 'text-anchor': anchor });
    words.forEach((w, i) => text.append(s('tspan', { x: lx, dy: i ? 13 : 0, class: i && use ? 'sm-count' : '' }, w)));
    labels.push(text);
  };
  for (const e of m.edges) drawEdge(e);
  for (const n of m.nodes.filter((x) => !x.group)) {
    const visited = tr.nodes.get(n.id);
    const g = s('g', { class: `sm-node t-${tone(n.id)}${visited ? ' visited' : ''}${current === n.id ? ' current' : ''}` });
    g.append(s('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 6 }));
    g.append(s('text', { x: n.x + n.w / 2, y: n.y + (n.sub ? n.h / 2 - 3 : n.h / 2 + 4), 'text-anchor': 'middle', class: 'sm-label' }, n.label));
    if (n.sub) g.append(s('text', { x: n.x + n.w / 2, y: n.y + n.h / 2 + 12, 'text-anchor': 'middle', class: 'sm-sub' }, n.sub));
    if (visited) g.append(s('title', {}, `${n.sub ? `${n.label} (${n.sub})` : n.label}: entered ${visited.count}×, first at ${formatT(visited.first)}`));
    svg.append(g);
  }
  // Labels last, with a halo, so that no line crosses their text.
  for (const l of labels) svg.append(l);
  const lines = describeTraversal(m, tr);
  const desc = h('ul', { id: `${id}-d`, class: 'sm-desc' }, ...(lines.length ? lines.map((l) => h('li', {}, l)) : [h('li', {}, 'No transitions.')]));
  return h('figure', { class: 'sm' }, h('figcaption', {}, label), svg, h('details', { class: 'sm-words' }, h('summary', {}, 'Transitions in words'), desc));
}
