// The Workload Timeline's live source: a real Deployment's pods (by the template's labels) and the
// Deployment itself, followed through kubectl watches (src/core/cluster's one kubectl owner:
// `kubectl get pods -l … --watch -o json --output-watch-events`, spawned without a shell), folded
// by the core's LiveWorkload into the simulation's shape and sent to the panel as snapshots.
// No 'vscode' here: the cluster layer is passed in, so this is unit-tested against the stand-in
// API server with the real kubectl.
import type { PodObject, WatchEvent } from '../core/cluster/api-types';
import type { WatchState, WatchTarget } from '../core/cluster/kube-watch';
import { LiveWorkload, type LiveWorkloadObject } from '../core/workload-timeline/live';
import type { WorkloadLiveSink, WorkloadLiveSource, WorkloadShowArgs } from './workload-panel';

interface Disposable { dispose(): void }

/** The parts of src/core/cluster the live source uses. */
export interface WorkloadLiveCluster<K> {
  /** Throws when there is no kubectl (or no usable context). */
  kubectl(): K | Promise<K>;
  checkCluster(kubectl: K): Promise<unknown>;
  listPods(kubectl: K, namespace: string, labelSelector: string): Promise<PodObject[]>;
  /** A list+watch of one resource (KubeWatch): every raw watch event, and its state. */
  watch(kubectl: K, target: WatchTarget, on: { event(e: WatchEvent<unknown>): void; state(s: WatchState): void }): Disposable;
  userMessage?(e: unknown): string;
}

export interface WorkloadLiveDeps<K> {
  cluster?: () => WorkloadLiveCluster<K> | undefined | Promise<WorkloadLiveCluster<K> | undefined>;
  now?: () => number;
  /** Snapshots are sent at most this often (ms; default 300) and at least every `tickMs` (default 2000) while live. */
  throttleMs?: number;
  tickMs?: number;
  log?: (m: string) => void;
}

/** ClusterError kinds that say what is missing on this machine, not that a cluster is unreachable. */
const CONFIG_KINDS = new Set(['no-config', 'context-missing', 'kubeconfig-missing', 'kubectl-not-found', 'spawn-failed']);

export function labelSelector(labels: Record<string, string> | undefined): string | undefined {
  const parts = Object.entries(labels ?? {}).filter(([k, v]) => k && typeof v === 'string').map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : undefined;
}

/** Plural resource of a workload kind for `kubectl get`. */
function resourceOf(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

export function createWorkloadLiveSource<K>(deps: WorkloadLiveDeps<K>): WorkloadLiveSource {
  const now = deps.now ?? Date.now;
  return {
    unavailableReason: () => (deps.cluster ? undefined : 'Live mode is not wired in this build.'),
    async start(args: Readonly<WorkloadShowArgs>, sink: WorkloadLiveSink): Promise<Disposable> {
      const subs: Disposable[] = [];
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let ticker: ReturnType<typeof setInterval> | undefined;
      const handle: Disposable = {
        dispose: () => {
          stopped = true;
          if (timer) clearTimeout(timer);
          if (ticker) clearInterval(ticker);
          for (const d of subs.splice(0)) {
            try {
              d.dispose();
            } catch (e) {
              deps.log?.(`workload live: ${e instanceof Error ? e.message : String(e)}`);
            }
          }
        },
      };
      const ref = args.workloadRef;
      const kind = ref?.kind ?? 'Deployment';
      const name = ref?.name ?? args.meta?.workloadName ?? '';
      const namespace = ref?.namespace ?? args.meta?.namespace ?? 'default';
      const labels = labelSelector(args.podSelector);
      sink.status('connecting', `Looking for the pods of ${kind} ${name}…`);
      let cluster: WorkloadLiveCluster<K> | undefined;
      try {
        cluster = deps.cluster ? await deps.cluster() : undefined;
        if (!cluster) throw new Error('the cluster layer is not available');
        if (!labels) throw new Error(`${kind} ${name} has no pod template labels to find its pods by`);
        const kubectl = await cluster.kubectl();
        await cluster.checkCluster(kubectl);
        const pods = await cluster.listPods(kubectl, namespace, labels);
        if (stopped) return handle;
        // t = 0: the oldest pod's creation (or now, when there is none yet).
        const created = pods.map((p) => Date.parse(p.metadata?.creationTimestamp ?? '')).filter(Number.isFinite);
        const origin = created.length ? Math.min(now(), ...created) : now();
        const live = new LiveWorkload(origin, { kind, name, ...(namespace && { namespace }) });
        const originIso = new Date(origin).toISOString();
        let dirty = false;
        const send = () => {
          timer = undefined;
          if (stopped || sink.disposed) return;
          dirty = false;
          sink.result(originIso, live.snapshot(now()));
        };
        const schedule = () => {
          dirty = true;
          if (!timer) timer = setTimeout(send, deps.throttleMs ?? 300);
        };
        const onState = (what: string) => (s: WatchState) => {
          if (stopped) return;
          if (s.state === 'watching') sink.status('live', `watching ${kind} ${name} and its pods (${labels}) in ${namespace}`);
          else if (s.state === 'failed' || (s.state === 'retrying' && s.error)) sink.status(s.state === 'failed' ? 'error' : 'live', `${what}: ${s.state === 'failed' || s.error ? (s as { error?: { message: string } }).error?.message ?? 'the watch ended' : ''}`);
        };
        subs.push(
          cluster.watch(kubectl, { resource: 'pods', namespace, labelSelector: labels }, {
            event: (e) => {
              if (stopped || !e.object || (e.type !== 'ADDED' && e.type !== 'MODIFIED' && e.type !== 'DELETED')) return;
              live.pod(e.type, e.object as PodObject, now());
              schedule();
            },
            state: onState(`watching the pods of ${kind} ${name}`),
          }),
          cluster.watch(kubectl, { resource: resourceOf(kind), namespace, fieldSelector: `metadata.name=${name}` }, {
            event: (e) => {
              if (stopped || !e.object || (e.type !== 'ADDED' && e.type !== 'MODIFIED')) return;
              live.object(e.object as LiveWorkloadObject, now());
              schedule();
            },
            state: onState(`watching ${kind} ${name}`),
          }),
        );
        ticker = setInterval(() => {
          if (!dirty) schedule(); // time moves on: the lanes grow to now
        }, deps.tickMs ?? 2000);
        sink.status('live', `watching ${kind} ${name} and its pods (${labels}) in ${namespace}`);
        schedule();
      } catch (e) {
        let msg: string;
        try {
          msg = cluster?.userMessage?.(e) ?? (e instanceof Error ? e.message : String(e));
        } catch {
          msg = 'unknown error';
        }
        const k = (e as { kind?: unknown } | undefined)?.kind;
        sink.status('unavailable', typeof k === 'string' && CONFIG_KINDS.has(k) ? msg : `No cluster reachable: ${msg}`);
      }
      return handle;
    },
  };
}
