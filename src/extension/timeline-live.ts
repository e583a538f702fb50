// A live source for the timeline panel: the workload's real pod (status watch + its Events) where
// a cluster is reachable, and the watch-mode probe runs of the workload's probes. No 'vscode' here:
// the cluster layer and the probe-run events are passed in (the lead wires them from the lazily
// loaded runner bundle and ProbeRuns.onWatchEvent), so this is unit-tested with stand-ins.
import type { EventObject, PodObject } from '../core/cluster/api-types';
import type { HandlerSite } from '../core/k8s';
import type { WatchEvent } from '../core/probe/watch';
import { k8sEventToTimeline, podStatusEvents, probeWatchToTimeline } from '../core/timeline/live-events';
import type { LiveSink, LiveSource, TimelineShowArgs } from './timeline-panel';

interface Disposable { dispose(): void }

/** The parts of src/core/cluster's Kubectl the live source uses. */
export interface LiveKubectl {
  checkCluster(opts?: { timeoutMs?: number }): Promise<unknown>;
  listPods(namespace: string, opts?: { labelSelector?: string; timeoutMs?: number }): Promise<PodObject[]>;
  getPod(namespace: string, name: string, opts?: { timeoutMs?: number }): Promise<PodObject>;
}

/** The parts of src/core/cluster the live source uses (method syntax: the real functions take a Kubectl). */
export interface LiveCluster {
  /** Throws when there is no kubectl. */
  kubectl(): LiveKubectl | Promise<LiveKubectl>;
  watchPod(kubectl: LiveKubectl, namespace: string, name: string, handlers: { onChange?(pod: PodObject | undefined): void; onState?(s: { state: string; error?: { message: string } }): void }): Disposable;
  watchPodEvents(kubectl: LiveKubectl, namespace: string, name: string, handlers: { onEvent?(e: { type: string; object: EventObject }): void }): Disposable;
  /** A short message for an error of the cluster layer (userMessage). */
  userMessage?(e: unknown): string;
}

export interface ProbeWatchNotice {
  locator: { workload: string; documentIndex?: number; container: string; site: HandlerSite };
  event: WatchEvent;
}

export interface TimelineLiveDeps {
  /** The cluster layer, loaded on first use; undefined or a throw: no cluster part. */
  cluster?: () => LiveCluster | undefined | Promise<LiveCluster | undefined>;
  /** Subscribes to watch-mode probe runs (ProbeRuns.onWatchEvent.event). */
  onProbeWatchEvent?: (listener: (e: ProbeWatchNotice) => void) => Disposable;
  /** Picks the pod when several match (default: the newest). */
  pickPod?(pods: PodObject[], args: Readonly<TimelineShowArgs>): PodObject | undefined | Promise<PodObject | undefined>;
  now?: () => number;
  log?: (message: string) => void;
}

/** ClusterError kinds that say what is missing on this machine, not that a cluster is unreachable. */
const CONFIG_KINDS = new Set(['no-config', 'context-missing', 'kubeconfig-missing', 'kubectl-not-found', 'spawn-failed']);

function selector(labels: Record<string, string> | undefined): string | undefined {
  const parts = Object.entries(labels ?? {}).filter(([k, v]) => k && typeof v === 'string').map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : undefined;
}

function newest(pods: PodObject[]): PodObject | undefined {
  return [...pods].sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '')).at(-1);
}

export function createTimelineLiveSource(deps: TimelineLiveDeps): LiveSource {
  const now = deps.now ?? Date.now;
  return {
    unavailableReason: () => (deps.cluster || deps.onProbeWatchEvent ? undefined : 'Live mode is not wired in this build.'),
    async start(args, sink): Promise<Disposable> {
      const subs: Disposable[] = [];
      let stopped = false;
      const handle: Disposable = {
        dispose: () => {
          stopped = true;
          for (const d of subs.splice(0)) {
            try {
              d.dispose();
            } catch (e) {
              deps.log?.(`timeline live: ${e instanceof Error ? e.message : String(e)}`);
            }
          }
        },
      };
      const ref = args.workloadRef;
      const namespace = ref?.namespace ?? args.meta?.namespace ?? 'default';
      let originMs = now();
      let clusterNote = '';
      let podName: string | undefined;

      sink.status('connecting', 'Looking for the pod…');
      let cluster: LiveCluster | undefined;
      try {
        cluster = deps.cluster ? await deps.cluster() : undefined;
        if (!cluster) throw new Error('the cluster layer is not available');
        const kubectl = await cluster.kubectl();
        await kubectl.checkCluster({ timeoutMs: 8000 });
        let pod: PodObject | undefined;
        const labels = selector(args.podSelector);
        if (ref?.kind === 'Pod' && ref.name) pod = await kubectl.getPod(namespace, ref.name, { timeoutMs: 8000 }).catch(() => undefined);
        else if (labels) {
          const pods = await kubectl.listPods(namespace, { labelSelector: labels, timeoutMs: 8000 });
          pod = deps.pickPod ? await deps.pickPod(pods, args) : newest(pods);
        }
        if (stopped) return handle;
        if (!pod?.metadata?.name) {
          clusterNote = `no pod of ${ref?.kind ?? 'the workload'} ${ref?.name ?? ''} in namespace ${namespace}${labels ? ` (selector ${labels})` : ''}`.replace(/\s+/g, ' ');
        } else {
          podName = pod.metadata.name;
          const created = Date.parse(pod.metadata.creationTimestamp ?? '');
          if (Number.isFinite(created)) originMs = created;
          sink.reset(new Date(originMs).toISOString(), podName);
          let prev: PodObject | undefined;
          subs.push(
            cluster.watchPod(kubectl, namespace, podName, {
              onChange: (p) => {
                if (!p || stopped) return;
                const events = podStatusEvents(prev, p, originMs, now());
                prev = p;
                if (events.length) sink.append({ events });
              },
              onState: (s) => {
                if (s.state === 'failed' || (s.state === 'retrying' && s.error)) sink.status(s.state === 'failed' ? 'error' : 'live', `watching pod ${podName}: ${s.error?.message ?? 'the watch ended'}`);
              },
            }),
            cluster.watchPodEvents(kubectl, namespace, podName, {
              onEvent: (e) => {
                if (stopped || (e.type !== 'ADDED' && e.type !== 'MODIFIED')) return;
                const ev = k8sEventToTimeline(e.object, originMs);
                if (ev) sink.append({ kubeletEvents: [ev] });
              },
            }),
          );
        }
      } catch (e) {
        let msg: string;
        try {
          msg = cluster?.userMessage?.(e) ?? (e instanceof Error ? e.message : String(e));
        } catch {
          msg = 'unknown error';
        }
        // A configuration problem (no context, no kubectl) is said as it is; anything else means the cluster did not answer.
        const kind = (e as { kind?: unknown } | undefined)?.kind;
        clusterNote = typeof kind === 'string' && CONFIG_KINDS.has(kind) ? msg : `No cluster reachable: ${msg}`;
      }
      if (stopped) return handle;

      // Watch-mode probe runs of this workload's probes (started from the CodeLens / tree).
      const workload = ref?.kind && ref.name ? `${ref.kind}/${ref.name}` : undefined;
      if (deps.onProbeWatchEvent && workload) {
        subs.push(
          deps.onProbeWatchEvent((n) => {
            if (stopped || n.locator.workload !== workload) return;
            if (ref?.documentIndex !== undefined && n.locator.documentIndex !== undefined && n.locator.documentIndex !== ref.documentIndex) return;
            const t = Math.max(0, Math.round((now() - originMs) / 100) / 10);
            const { events, attempts } = probeWatchToTimeline(n.event, n.locator.container, n.locator.site, t);
            if (events.length || attempts.length) sink.append({ events, attempts });
          }),
        );
      }
      const probeNote = deps.onProbeWatchEvent && workload ? 'watch-mode probe runs of this workload appear as they happen (⟳ Watch on a probe)' : '';
      if (podName) sink.status('live', [`watching pod ${podName} in ${namespace}`, probeNote].filter(Boolean).join('; '), { podName });
      else if (probeNote) sink.status('live', [clusterNote, probeNote].filter(Boolean).join(' — '));
      else sink.status('unavailable', clusterNote || 'Nothing to watch.');
      return handle;
    },
  };
}

export type { LiveSink };
