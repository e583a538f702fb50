// "The pod at the cursor": the `kubectl get pod` line, the status YAML and the changes around the
// cursor (the pod's own changes and its Kubernetes events, merged in time order), for the
// simulated or the live pod. DOM only; the status comes from pod-replay.ts / status-text.ts.
import type { PodMeta, TimelineData } from '../core/timeline/protocol';
import { formatT } from '../core/util/duration';
import { fill, h } from './dom';
import { visibleText } from './escape';
import { lastIndexAtOrBefore, type PodStatusAt } from './pod-replay';
import { kubectlText, statusYaml, type KubectlLine } from './status-text';

/** The pod at one instant of one data set (memoised by main.ts). */
export interface StatusView {
  status: PodStatusAt;
  line: KubectlLine;
  data: TimelineData;
  name: string;
  /** events.length when computed (live lists grow in place). */
  count: number;
}

export interface ReadoutElements {
  readoutTitle: HTMLElement;
  kubectl: HTMLElement;
  yaml: HTMLElement;
  events: HTMLElement;
}

/** One row of "Changes around the cursor". */
interface Change { t: number; of: string; field: string; change: string; why: string }

/** The changes of both lists (each sorted by t) around t: six before, five after. */
function changesAround(data: TimelineData, t: number): { rows: Change[]; current: number } {
  const all: Change[] = [];
  const ev = data.events;
  const ke = data.kubeletEvents;
  // A window of each list is enough: 12 of each around t cover the merged window.
  const ei = lastIndexAtOrBefore(ev, t);
  const ki = lastIndexAtOrBefore(ke, t);
  for (let i = Math.max(0, ei - 11); i < Math.min(ev.length, ei + 12); i++) {
    const e = ev[i]!;
    all.push({ t: e.t, of: e.subject, field: e.field, change: `${visibleText(e.from, 60)} → ${visibleText(e.to, 100)}`, why: [e.reason, e.message].filter(Boolean).map((x) => visibleText(x, 300)).join(': ') });
  }
  for (let i = Math.max(0, ki - 11); i < Math.min(ke.length, ki + 12); i++) {
    const k = ke[i]!;
    all.push({ t: k.t, of: k.object, field: 'event', change: `${k.type} ${visibleText(k.reason, 100)}`, why: visibleText(k.message, 300) });
  }
  // Stable: at one instant the pod's changes come before the events (the kubelet's order).
  const sorted = all.map((c, i) => [c, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((x) => x[0]);
  const at = lastIndexAtOrBefore(sorted, t);
  const from = Math.max(0, at - 6);
  return { rows: sorted.slice(from, Math.min(sorted.length, at + 5)), current: at - from };
}

export function renderReadout(
  el: ReadoutElements,
  t: number,
  live: boolean,
  view: { s: StatusView; meta: PodMeta; origin: string | undefined } | undefined,
  jump: (t: number) => void,
): void {
  el.readoutTitle.textContent = `The ${live ? 'live ' : ''}pod at t = ${formatT(t)}`;
  if (!view) {
    el.kubectl.textContent = '';
    el.yaml.textContent = '';
    fill(el.events);
    return;
  }
  const { s, meta, origin } = view;
  el.kubectl.textContent = kubectlText(s.line);
  const note = `${live ? 'live' : 'simulated'} status at t = ${formatT(t)} after creation`;
  el.yaml.textContent = visibleText(statusYaml(s.status, { ...meta, name: s.name, ...(origin ? { creationTimestamp: origin } : {}) }, note), 200_000);
  const { rows, current } = changesAround(s.data, t);
  const trs = rows.map((c, i) => {
    const link = h('button', { type: 'button', class: 'link', title: 'Move the cursor here' }, formatT(c.t));
    link.addEventListener('click', () => jump(c.t));
    return h('tr', { class: i === current ? 'current' : i > current ? 'future' : '' }, h('td', {}, link), h('td', {}, visibleText(c.of, 80)), h('td', {}, visibleText(c.field, 60)), h('td', {}, c.change), h('td', {}, c.why));
  });
  fill(el.events, ...(trs.length ? trs : [h('tr', {}, h('td', { colspan: 5 }, 'No changes.'))]));
}
