// The state machines of the pod phase and of a container's state, and the path one run took
// through them (which transitions, how often, first when). Pure: the webview draws it as SVG.
import type { SimEvent, TimelineData } from '../core/timeline/protocol';
import { Replayer, terminationCauses, type ContainerStatusAt, type KillCause } from './pod-replay';

export interface SMNode {
  id: string;
  label: string;
  sub?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** A group box (Running, Terminated) draws behind its children. */
  group?: boolean;
  parent?: string;
}

export interface SMEdge {
  id: string;
  from: string;
  to: string;
  label: string;
  /** Perpendicular bend of the curve, px (positive bends to the left of the direction). */
  bend?: number;
  /** Not part of the drawn machine: a transition only this run took. */
  extra?: boolean;
}

export interface Machine {
  id: 'pod' | 'container';
  title: string;
  width: number;
  height: number;
  nodes: SMNode[];
  edges: SMEdge[];
}

const N = (id: string, label: string, x: number, y: number, w: number, h: number, extra: Partial<SMNode> = {}): SMNode => ({ id, label, x, y, w, h, ...extra });

export const POD_MACHINE: Machine = {
  id: 'pod',
  title: 'Pod phase',
  width: 640,
  height: 250,
  nodes: [
    N('Pending', 'Pending', 10, 103, 140, 44, { sub: 'not all containers started' }),
    N('Running', 'Running', 250, 103, 140, 44, { sub: 'bound, a container runs' }),
    N('Succeeded', 'Succeeded', 490, 30, 140, 44, { sub: 'all exited 0' }),
    N('Failed', 'Failed', 490, 176, 140, 44, { sub: 'exited, not restarted' }),
  ],
  edges: [
    { id: 'Pending>Running', from: 'Pending', to: 'Running', label: 'containers start' },
    { id: 'Running>Succeeded', from: 'Running', to: 'Succeeded', label: 'all exit 0' },
    { id: 'Running>Failed', from: 'Running', to: 'Failed', label: 'exit ≠ 0, no restart' },
    { id: 'Pending>Failed', from: 'Pending', to: 'Failed', label: 'init fails', bend: -95 },
    { id: 'Pending>Succeeded', from: 'Pending', to: 'Succeeded', label: '', bend: 95 },
  ],
};

export const CONTAINER_MACHINE: Machine = {
  id: 'container',
  title: 'Container state',
  width: 780,
  height: 330,
  nodes: [
    N('w-creating', 'Waiting', 10, 36, 160, 46, { sub: 'ContainerCreating' }),
    N('w-pull', 'Waiting', 10, 140, 160, 46, { sub: 'ErrImagePull' }),
    N('w-pullbackoff', 'Waiting', 10, 244, 160, 46, { sub: 'ImagePullBackOff' }),
    N('G:running', 'Running', 240, 10, 350, 100, { group: true }),
    N('r-notstarted', 'starting', 252, 44, 100, 52, { sub: 'started=false', parent: 'G:running' }),
    N('r-started', 'started', 366, 44, 100, 52, { sub: 'ready=false', parent: 'G:running' }),
    N('r-ready', 'ready', 480, 44, 100, 52, { sub: 'ready=true', parent: 'G:running' }),
    N('G:terminated', 'Terminated', 240, 214, 350, 100, { group: true }),
    N('t-completed', 'Completed', 252, 248, 100, 52, { sub: 'exit 0', parent: 'G:terminated' }),
    N('t-error', 'Error', 366, 248, 100, 52, { sub: 'exit ≠ 0', parent: 'G:terminated' }),
    N('t-oom', 'OOMKilled', 480, 248, 100, 52, { sub: 'exit 137', parent: 'G:terminated' }),
    N('w-crashloop', 'Waiting', 620, 138, 150, 46, { sub: 'CrashLoopBackOff' }),
    N('w-other', 'Waiting', 620, 36, 150, 46, { sub: 'other reason' }),
  ],
  edges: [
    { id: 'w-creating>G:running', from: 'w-creating', to: 'G:running', label: 'start' },
    { id: 'w-creating>w-pull', from: 'w-creating', to: 'w-pull', label: 'pull fails' },
    { id: 'w-pull>w-pullbackoff', from: 'w-pull', to: 'w-pullbackoff', label: 'back-off', bend: 14 },
    { id: 'w-pullbackoff>w-pull', from: 'w-pullbackoff', to: 'w-pull', label: 'retry', bend: 14 },
    { id: 'r-notstarted>r-started', from: 'r-notstarted', to: 'r-started', label: '' },
    { id: 'r-started>r-ready', from: 'r-started', to: 'r-ready', label: '', bend: 10 },
    { id: 'r-ready>r-started', from: 'r-ready', to: 'r-started', label: '', bend: 10 },
    // Started and ready in the same instant (the kubelet probes readiness at once after start).
    { id: 'r-notstarted>r-ready', from: 'r-notstarted', to: 'r-ready', label: '', bend: 52 },
    { id: 'G:running>G:terminated', from: 'G:running', to: 'G:terminated', label: 'exit / killed', bend: 30 },
    { id: 'G:terminated>G:running', from: 'G:terminated', to: 'G:running', label: 'restart at once', bend: 30 },
    { id: 'G:terminated>w-crashloop', from: 'G:terminated', to: 'w-crashloop', label: 'back-off' },
    { id: 'w-crashloop>G:running', from: 'w-crashloop', to: 'G:running', label: 'restart' },
  ],
};

/** The container-machine node of a container status. */
export function containerNode(c: Pick<ContainerStatusAt, 'state' | 'reason' | 'started' | 'ready' | 'exitCode'> | undefined): string | undefined {
  if (!c?.state) return undefined;
  if (c.state === 'Running') return c.ready ? 'r-ready' : c.started ? 'r-started' : 'r-notstarted';
  if (c.state === 'Terminated') {
    if (c.reason === 'OOMKilled') return 't-oom';
    if (c.reason === 'Completed' || (!c.reason && c.exitCode === 0) || (c.exitCode === 0 && c.reason !== 'Error')) return 't-completed';
    return 't-error';
  }
  switch (c.reason ?? '') {
    case 'CrashLoopBackOff': return 'w-crashloop';
    case 'ErrImagePull': return 'w-pull';
    case 'ImagePullBackOff': return 'w-pullbackoff';
    case '':
    case 'ContainerCreating':
    case 'PodInitializing': return 'w-creating';
    default: return 'w-other';
  }
}

export interface EdgeUse { count: number; first: number; notes: Map<string, number> }
export interface Traversal {
  nodes: Map<string, { count: number; first: number }>;
  edges: Map<string, EdgeUse>;
  /** Node after each instant, in time order: where the machine was at any t. */
  path: { t: number; node: string }[];
}

function newTraversal(): Traversal {
  return { nodes: new Map(), edges: new Map(), path: [] };
}

/** Edge endpoint: a node inside a group box connects through the box when it leaves the group. */
function endpoints(m: Machine, a: string, b: string): [string, string] {
  const pa = m.nodes.find((n) => n.id === a)?.parent;
  const pb = m.nodes.find((n) => n.id === b)?.parent;
  if (pa && pa === pb) return [a, b];
  return [pa ?? a, pb ?? b];
}

function visit(tr: Traversal, m: Machine, from: string | undefined, to: string, t: number, note?: string): void {
  const n = tr.nodes.get(to);
  if (n) n.count++;
  else tr.nodes.set(to, { count: 1, first: t });
  const parent = m.nodes.find((x) => x.id === to)?.parent;
  if (parent && !tr.nodes.has(parent)) tr.nodes.set(parent, { count: 1, first: t });
  tr.path.push({ t, node: to });
  if (!from) return;
  const [a, b] = endpoints(m, from, to);
  if (a === b) return;
  const id = `${a}>${b}`;
  let e = tr.edges.get(id);
  if (!e) tr.edges.set(id, (e = { count: 0, first: t, notes: new Map() }));
  e.count++;
  if (note) e.notes.set(note, (e.notes.get(note) ?? 0) + 1);
}

function terminationNote(c: Readonly<ContainerStatusAt>, cause: KillCause | undefined): string {
  if (cause === 'liveness' || cause === 'startup') return `${cause} kill`;
  if (cause === 'deleted') return 'deleted';
  if (c.reason === 'OOMKilled') return 'OOMKilled';
  return c.exitCode !== undefined ? `exit ${c.exitCode}` : 'exit';
}

/**
 * The path of one container through CONTAINER_MACHINE. Changes at the same instant collapse into
 * one step (Running + started=true is one move), except that a second state change at the same
 * instant is its own step (Terminated → Running when a container restarts at once).
 */
export function containerTraversal(data: Pick<TimelineData, 'events' | 'kubeletEvents'>, name: string): Traversal {
  const { events } = data;
  const tr = newTraversal();
  const rep = new Replayer([]);
  let cur: string | undefined;
  let pendingState = false;
  let cause: KillCause | undefined;
  const causes = terminationCauses(events, data.kubeletEvents);
  const flush = (t: number) => {
    pendingState = false;
    const c = rep.peek(name);
    const n = containerNode(c);
    if (!n || n === cur) return;
    let note: string | undefined;
    if (n.startsWith('t-') && c) note = terminationNote(c, cause);
    visit(tr, CONTAINER_MACHINE, cur, n, t, note);
    cur = n;
  };
  const mine = events.filter((e) => e.subject === name);
  for (let i = 0; i < mine.length; i++) {
    const e = mine[i]!;
    if (e.field === 'state' && pendingState) flush(e.t);
    rep.apply(e);
    if (e.field === 'state') {
      pendingState = true;
      cause = causes.get(e);
    }
    const next = mine[i + 1];
    if (!next || next.t !== e.t) flush(e.t);
  }
  return tr;
}

export function podTraversal(events: readonly SimEvent[]): Traversal {
  const tr = newTraversal();
  // Every pod is created Pending (the API server sets it), even when the first phase the
  // producer reports is already Running.
  let cur: string | undefined;
  for (const e of events) {
    if (e.subject !== 'pod' || e.field !== 'phase') continue;
    const to = e.to;
    if (!to || to === cur) continue;
    if (!cur) {
      const first = e.from || 'Pending';
      visit(tr, POD_MACHINE, undefined, first, 0);
      cur = first;
      if (to === cur) continue;
    }
    visit(tr, POD_MACHINE, cur, to, e.t);
    cur = to;
  }
  if (!tr.path.length) visit(tr, POD_MACHINE, undefined, 'Pending', 0);
  return tr;
}

/** Where the machine is at t. */
export function nodeAt(tr: Traversal, t: number): string | undefined {
  let found: string | undefined;
  for (const p of tr.path) {
    if (p.t > t) break;
    found = p.node;
  }
  return found;
}

/** The machine plus any node / transition this run took that the drawing does not have. */
export function withObserved(m: Machine, tr: Traversal): Machine {
  const edges = [...m.edges];
  const nodes = [...m.nodes];
  for (const id of tr.nodes.keys()) {
    if (!nodes.some((n) => n.id === id)) nodes.push(N(id, id, 20 + (nodes.length % 4) * 150, m.height + 10, 130, 40));
  }
  for (const id of tr.edges.keys()) {
    if (edges.some((e) => e.id === id)) continue;
    const [from, to] = id.split('>') as [string, string];
    edges.push({ id, from, to, label: '', bend: 24, extra: true });
  }
  const height = Math.max(m.height, ...nodes.map((n) => n.y + n.h + 10));
  return { ...m, nodes, edges, height };
}

/** Words for the transitions taken (the accessible text of the drawing). */
export function describeTraversal(m: Machine, tr: Traversal): string[] {
  const name = (id: string) => {
    const n = m.nodes.find((x) => x.id === id);
    if (!n) return id;
    if (n.group) return n.label;
    const parent = n.parent ? m.nodes.find((x) => x.id === n.parent) : undefined;
    return parent ? `${parent.label} (${n.label})` : n.sub ? `${n.label} (${n.sub})` : n.label;
  };
  const out: string[] = [];
  const list = [...tr.edges.entries()].sort((a, b) => a[1].first - b[1].first);
  for (const [id, use] of list) {
    const [a, b] = id.split('>') as [string, string];
    const notes = [...use.notes.entries()].map(([k, v]) => (v > 1 ? `${k} ×${v}` : k)).join(', ');
    out.push(`${name(a)} → ${name(b)}: ${use.count}× (first at ${Math.round(use.first * 10) / 10} s)${notes ? `; ${notes}` : ''}`);
  }
  return out;
}
