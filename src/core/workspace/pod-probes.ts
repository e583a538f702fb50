// The probes of one live pod as tree rows (plain data), from the pod's spec and status, its probe
// events and what we know of our own runs, watches and port-forwards. Two trees use it: our Cluster
// view (cluster-tree.ts, one probe row) and the rows we contribute under a pod in the Kubernetes
// extension's Cluster Explorer (podProbeRows). No 'vscode', no child processes.
import type { PodObject } from '../cluster/api-types';
import type { ActiveForward } from '../cluster/port-forward';
import { humanDurationMs } from '../cluster/pod-status';
import { podHandlers } from '../cluster/pod-handlers';
import { summarizePod, type ContainerSummary, type ProbeEventSummary } from '../cluster/pod-summary';
import { PROBE_KINDS, type ProbeKind } from '../k8s';
import { describeHandler, describeTiming, escapeMarkdown } from '../lint/describe';
import type { HandlerModel } from '../manifest/model';
import { verdictText } from '../probe/locate';
import { watchText, type WatchTally } from '../probe/watch';
import { healthOf, RECENT_MS, type LastRun } from './run-status';
import { shortTarget } from './summary';
import { COLORS, numbersFirst, type IconModel, type ItemModel } from './tree-items';

/** Which probe of which live pod (the key of its runs and watches: podProbeKey). */
export interface PodProbeRef {
  context: string;
  namespace: string;
  pod: string;
  container: string;
  site: ProbeKind;
}

/** The key a pod probe's run result and watch are kept under. */
export function podProbeKey(context: string, namespace: string, pod: string, container: string, site: string): string {
  return JSON.stringify([context, namespace, pod, container, site]);
}

export function podProbeRefKey(r: PodProbeRef): string {
  return podProbeKey(r.context, r.namespace, r.pod, r.container, r.site);
}

/** What the kubelet's view of a probe is right now, from the container status. */
export function liveState(site: ProbeKind, c: ContainerSummary, failingRecently: boolean): { text: string; icon: IconModel } {
  if (c.state !== 'running') return { text: `container ${c.reason ?? c.state}`, icon: { id: 'circle-outline' } };
  switch (site) {
    case 'readinessProbe':
      return c.ready ? { text: 'ready', icon: { id: 'pass', color: COLORS.passed } } : { text: 'not ready', icon: { id: 'error', color: COLORS.failed } };
    case 'startupProbe':
      return c.started === false ? { text: 'not started yet', icon: { id: 'loading~spin' } } : { text: 'started', icon: { id: 'pass', color: COLORS.passed } };
    case 'livenessProbe':
      return failingRecently
        ? { text: 'failing', icon: { id: 'warning', color: COLORS.warning } }
        : { text: c.started === false ? 'waits for the startup probe' : 'alive', icon: c.started === false ? { id: 'circle-outline' } : { id: 'pass', color: COLORS.passed } };
  }
}

export interface ProbeRowInput {
  site: ProbeKind;
  container: string;
  /** The container's live status (undefined: not reported yet). */
  status?: ContainerSummary;
  /** The probe from the live spec. */
  handler?: HandlerModel;
  last?: LastRun;
  /** Present while we watch the probe. */
  watching?: WatchTally;
  /** The pod's probe events (any container, any probe), newest first. */
  events: readonly ProbeEventSummary[];
  now: number;
}

/** A probe row's text, tooltip and icon: our watch, our last run, the kubelet's view, recent failures, timing. */
export function probeRow(i: ProbeRowInput): Pick<ItemModel, 'label' | 'description' | 'tooltip' | 'icon'> {
  const { site, handler: h, last, watching, now } = i;
  const failures = i.events.filter((e) => e.reason === 'Unhealthy' && e.probe === site && (e.container === undefined || e.container === i.container));
  const recent = failures.filter((e) => e.lastSeen && now - Date.parse(e.lastSeen) < RECENT_MS);
  const live = i.status ? liveState(site, i.status, recent.length > 0) : undefined;
  const parts: string[] = [];
  if (watching) parts.push(`watching: ${watchText(watching)}`);
  if (last) {
    const v = verdictText(last.result);
    parts.push(`${v.icon} ${v.short}`);
  }
  if (live) parts.push(live.text);
  if (recent.length) {
    const n = recent.reduce((k, e) => k + e.count, 0);
    parts.push(`failed ${n}× (${humanDurationMs(now - Date.parse(recent[0]!.lastSeen!))} ago)`);
  }
  if (h) parts.push(numbersFirst(describeTiming(h)));

  let tooltip = `**${site}** of ${escapeMarkdown(i.container)} · ${escapeMarkdown(h ? describeHandler(h) : '')}`;
  if (h) tooltip += `\n\n${escapeMarkdown(describeTiming(h))}`;
  if (live) tooltip += `\n\nLive: ${escapeMarkdown(live.text)}`;
  if (failures[0]) tooltip += `\n\nLatest failure: ${escapeMarkdown(failures[0].message)}`;
  if (watching) tooltip += `\n\n**Watching** ${escapeMarkdown(watchText(watching))}${watching.next ? ` — ${escapeMarkdown(watching.next)}` : ''}`;
  if (last) tooltip += `\n\n**Last run** ${escapeMarkdown(verdictText(last.result).short)} against ${escapeMarkdown(last.target)} at ${new Date(last.at).toLocaleTimeString()}`;

  const health = healthOf(last || watching ? { ...(last && { last }), ...(watching && { watching }) } : undefined, now);
  const icon: IconModel = health
    ? {
        id: health === 'passing' ? 'pass' : health === 'failing' ? 'error' : health === 'warning' ? 'warning' : 'question',
        color: health === 'passing' ? COLORS.passed : health === 'failing' ? COLORS.failed : health === 'warning' ? COLORS.warning : COLORS.errored,
      }
    : (live?.icon ?? { id: 'circle-outline' });
  return { label: `${site} · ${h ? shortTarget(h) : 'no handler'}`, description: parts.join(' · '), tooltip, icon };
}

// ---- the rows under a pod of the Kubernetes extension's Cluster Explorer ------------------------------

/** A port-forward we keep open: the fields of the port-forward manager's ActiveForward that are shown. */
export type ForwardInfo = Pick<ActiveForward, 'id' | 'pod' | 'namespace' | 'context' | 'remotePort' | 'localPort' | 'localAddress' | 'state' | 'users'>;

export type PodProbeRow =
  | { kind: 'probe'; ref: PodProbeRef; item: ItemModel }
  | { kind: 'forward'; forwardId: string; item: ItemModel }
  | { kind: 'message'; item: ItemModel };

export interface PodProbeRowsInput {
  /** The context the pod was read from (part of the run keys and row ids). */
  context: string;
  pod: PodObject;
  events?: readonly ProbeEventSummary[];
  lastRun?(key: string): LastRun | undefined;
  watching?(key: string): WatchTally | undefined;
  /** Forwards we keep open (any pod: the ones to this pod are picked here). */
  forwards?: readonly ForwardInfo[];
  now?: number;
}

/** contextValue prefix of the rows (package.json menus match on it). */
export const EXPLORER_CONTEXT = 'kubeProbes.explorer';

/**
 * The rows under a pod: one per probe of each container (live result, our last run or watch,
 * timing), then one per port-forward we keep open to it; a single message row when the pod has
 * no probes. Context values: `kubeProbes.explorer.probe.<site>[.watching]`, `kubeProbes.explorer.forward`.
 */
export function podProbeRows(i: PodProbeRowsInput): PodProbeRow[] {
  const now = i.now ?? Date.now();
  const name = i.pod.metadata?.name ?? '';
  const namespace = i.pod.metadata?.namespace ?? 'default';
  const idBase = `kubeProbes:${i.context}/${namespace}/${name}`;
  const summary = summarizePod(i.pod, new Date(now));
  const handlers = podHandlers(i.pod).filter((h) => h.isProbe);
  const withProbes = summary.containers.filter((c) => PROBE_KINDS.some((k) => c.probes[k]));
  const rows: PodProbeRow[] = [];
  for (const c of withProbes) {
    for (const site of PROBE_KINDS.filter((k) => c.probes[k])) {
      const ref: PodProbeRef = { context: i.context, namespace, pod: name, container: c.name, site };
      const key = podProbeRefKey(ref);
      const watching = i.watching?.(key);
      const r = probeRow({
        site,
        container: c.name,
        status: c,
        handler: handlers.find((h) => h.container.name === c.name && h.site === site),
        last: i.lastRun?.(key),
        ...(watching && { watching }),
        events: i.events ?? [],
        now,
      });
      rows.push({
        kind: 'probe',
        ref,
        item: {
          id: `${idBase}#${c.name}#${site}`,
          // Several containers with probes: say whose.
          label: withProbes.length > 1 ? `${c.name} › ${r.label}` : r.label,
          description: r.description,
          tooltip: r.tooltip,
          icon: r.icon,
          contextValue: `${EXPLORER_CONTEXT}.probe.${site}${watching ? '.watching' : ''}`,
          collapsible: 'none',
        },
      });
    }
  }
  if (!rows.length) {
    rows.push({
      kind: 'message',
      item: {
        id: `${idBase}#no-probes`,
        label: 'No probes',
        description: 'Kubernetes Probes',
        tooltip: `Pod ${escapeMarkdown(name)} has no liveness, readiness or startup probe.`,
        icon: { id: 'info' },
        contextValue: `${EXPLORER_CONTEXT}.message`,
        collapsible: 'none',
      },
    });
  }
  for (const f of i.forwards ?? []) {
    if (f.pod !== name || f.namespace !== namespace || (f.context ?? i.context) !== i.context) continue;
    const local = f.localPort ? `${f.localAddress}:${f.localPort}` : 'starting…';
    rows.push({
      kind: 'forward',
      forwardId: f.id,
      item: {
        id: `${idBase}#forward:${f.id}`,
        label: `port-forward ${local} → ${f.remotePort}`,
        description: `Kubernetes Probes${f.state === 'ready' ? '' : ` · ${f.state}`} · ${f.users === 1 ? '1 user' : `${f.users} users`}`,
        tooltip: `**kubectl port-forward** pod/${escapeMarkdown(name)} ${f.localPort || '?'}:${f.remotePort} -n ${escapeMarkdown(namespace)}\n\nStarted by Kubernetes Probes to run this pod's probes; stopped when no longer used (also listed in its Port Forwards view).`,
        icon: f.state === 'ready' ? { id: 'plug', color: COLORS.passed } : { id: 'sync~spin', color: COLORS.warning },
        contextValue: `${EXPLORER_CONTEXT}.forward`,
        collapsible: 'none',
      },
    });
  }
  return rows;
}

/** A row saying why the probes cannot be shown (kubectl failed, the pod is gone). */
export function podProbeMessage(context: string, namespace: string, pod: string, message: string): PodProbeRow {
  return {
    kind: 'message',
    item: {
      id: `kubeProbes:${context}/${namespace}/${pod}#error`,
      label: message.split('\n', 1)[0]!,
      description: 'Kubernetes Probes',
      tooltip: escapeMarkdown(message),
      icon: { id: 'error', color: COLORS.error },
      contextValue: `${EXPLORER_CONTEXT}.message`,
      collapsible: 'none',
    },
  };
}
