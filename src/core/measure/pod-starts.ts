// Cold starts of a live pod (docs/measure.md, "A live pod"): each start read from the pod's status —
// the container's state.running.startedAt to the pod's Ready condition turning True — never from a
// clock of ours. Without a restart: the current start, then the restarts observed through a watch
// (a container that restarts before it is Ready is a start with a problem). With a restart — only
// after the caller has had the user confirm it (restartConfirmation) — the pod is deleted for each
// further start and its controller's replacement is watched until Ready.
import { ClusterError } from '../cluster/errors';
import type { PodObject } from '../cluster/api-types';
import { KubeWatch, type WatchState } from '../cluster/kube-watch';
import type { Kubectl } from '../cluster/kubectl';
import { MeasureError } from './errors';
import { startFromPodStatus } from './record';
import type { StartRecord } from './stats';

export interface PodRef {
  namespace: string;
  pod: string;
  /** The container whose start is timed. */
  container: string;
  /** The kubeconfig context (undefined: kubectl's current one), for the words of the confirmation. */
  context?: string;
}

export interface PodStartsOptions {
  starts: number;
  /** Delete the pod for each further start (its controller makes a new one). Only after the user confirmed. */
  restart?: boolean;
  /** How long to wait for a replacement to turn Ready (with restart), or to observe restarts (without), seconds. */
  maxWaitSeconds: number;
  signal?: AbortSignal;
  onStart?(r: StartRecord, pod: string): void;
  onNotice?(text: string): void;
}

/** Who brings a deleted pod back (its controller ownerReference); undefined for a bare pod. */
export function podController(pod: PodObject): { kind: string; name: string } | undefined {
  const o = pod.metadata?.ownerReferences?.find((r) => r.controller);
  return o?.kind && o.name ? { kind: o.kind, name: o.name } : undefined;
}

/** The question put to the user before any restart: which pod, namespace and context, how often, and what happens. */
export function restartConfirmation(ref: PodRef, pod: PodObject, restarts: number): string {
  const c = podController(pod);
  const ctx = ref.context ? `context "${ref.context}"` : 'kubectl\'s current context';
  return `Delete pod ${ref.pod} in namespace ${ref.namespace} (${ctx}) to time its cold start${restarts === 1 ? '' : `, ${restarts} times (each replacement in turn)`}? ${c ? `Its ${c.kind} ${c.name} creates a new pod each time; ` : ''}the pod's work is interrupted while it restarts.`;
}

/**
 * Watches pods (kubectl get --watch, through KubeWatch) until `pick` returns something, `ms` pass
 * (undefined) or the signal aborts (undefined). A watch that cannot start (no cluster) throws.
 */
async function watchUntil<T>(kubectl: Kubectl, namespace: string, sel: { labelSelector?: string; fieldSelector?: string }, pick: (pods: PodObject[]) => T | undefined, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  const w = new KubeWatch<PodObject>(kubectl, { resource: 'pods', namespace, ...sel }, { debounceMs: 0, maxRetries: 5 });
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const finish = (v: T | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        resolve(v);
      };
      const abort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), ms);
      signal?.addEventListener('abort', abort, { once: true });
      // Every event, not the debounced list: a container's short-lived states (a restart before Ready) count.
      const pods = new Map<string, PodObject>();
      w.onDidReceive((e) => {
        const key = e.object.metadata?.uid ?? e.object.metadata?.name ?? '';
        if (e.type === 'DELETED') pods.delete(key);
        else if (e.type === 'ADDED' || e.type === 'MODIFIED') pods.set(key, e.object);
        else return;
        const v = pick([...pods.values()]);
        if (v !== undefined) finish(v);
      });
      w.onDidChangeState((s: WatchState) => {
        if (s.state === 'failed') {
          clearTimeout(timer);
          reject(new MeasureError(`cannot watch pods in ${namespace}: ${s.error.message}`));
        }
      });
      w.start();
    });
  } finally {
    w.dispose();
  }
}

const runningSince = (pod: PodObject, container: string) => pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running?.startedAt;

function waitingWords(pod: PodObject | undefined, container: string): string {
  if (!pod) return 'no replacement pod appeared';
  const cs = pod.status?.containerStatuses?.find((c) => c.name === container);
  const w = cs?.state?.waiting?.reason ?? (cs?.state?.running ? 'running, not Ready' : pod.status?.phase ?? 'unknown');
  return `pod ${pod.metadata?.name} is ${w}${cs?.restartCount ? ` (${cs.restartCount} restarts)` : ''}`;
}

function asMeasureError(e: unknown): unknown {
  return e instanceof ClusterError ? new MeasureError(e.hint && !e.message.includes(e.hint) ? `${e.message} ${e.hint}` : e.message) : e;
}

/** The starts of a live pod (see the top of this file). `pod` in the result: the newest pod (after restarts, a new name). */
export async function measurePodStarts(kubectl: Kubectl, ref: PodRef, o: PodStartsOptions): Promise<{ records: StartRecord[]; pod: string }> {
  const { namespace, container } = ref;
  const records: StartRecord[] = [];
  const add = (r: StartRecord, pod: string) => {
    const n = { ...r, start: records.length + 1 };
    records.push(n);
    o.onStart?.(n, pod);
  };
  let cur: PodObject;
  try {
    cur = await kubectl.getPod(namespace, ref.pod, { signal: o.signal });
  } catch (e) {
    throw asMeasureError(e);
  }
  const first = startFromPodStatus(cur, container);
  if (!o.restart) {
    add(first, ref.pod);
    if (o.starts > 1) await observeRestarts(kubectl, ref, runningSince(cur, container), o, add);
    return { records, pod: ref.pod };
  }
  const ctl = podController(cur);
  if (!ctl) throw new MeasureError(`pod ${namespace}/${ref.pod} has no controller (no ownerReference): deleting it would not bring it back. Restart it yourself and measure without restarting.`);
  if (first.firstSuccessSeconds !== undefined) add(first, ref.pod);
  const known = new Set<string>();
  while (records.length < o.starts && !o.signal?.aborted) {
    const name = cur.metadata?.name ?? ref.pod;
    known.add(cur.metadata?.uid ?? name);
    const labels = Object.entries(cur.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    try {
      // The pods there are before the delete (other replicas too) are not its replacement.
      for (const p of await kubectl.listPods(namespace, { labelSelector: labels || undefined, signal: o.signal })) known.add(p.metadata?.uid ?? p.metadata?.name ?? '');
      await kubectl.deletePod(namespace, name, { signal: o.signal });
    } catch (e) {
      throw asMeasureError(e);
    }
    o.onNotice?.(`deleted pod ${namespace}/${name}; waiting for its ${ctl.kind} ${ctl.name} to replace it`);
    let latest: PodObject | undefined;
    const got = await watchUntil(kubectl, namespace, labels ? { labelSelector: labels } : {}, (pods) => {
      const fresh = pods
        .filter((p) => !known.has(p.metadata?.uid ?? p.metadata?.name ?? '') && !p.metadata?.deletionTimestamp && podController(p)?.name === ctl.name)
        .sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
      latest = fresh[fresh.length - 1] ?? latest;
      if (!latest) return undefined;
      const r = startFromPodStatus(latest, container);
      return r.firstSuccessSeconds !== undefined ? { pod: latest, r } : undefined;
    }, o.maxWaitSeconds * 1000, o.signal).catch((e) => {
      throw asMeasureError(e);
    });
    if (o.signal?.aborted) break;
    if (!got) {
      add({ start: 0, attempts: 0, problem: `not Ready within ${o.maxWaitSeconds} s of deleting ${name}: ${waitingWords(latest, container)}` }, latest?.metadata?.name ?? name);
      if (latest) cur = latest;
      break;
    }
    cur = got.pod;
    add(got.r, got.pod.metadata?.name ?? '');
  }
  return { records, pod: cur.metadata?.name ?? ref.pod };
}

/**
 * Without restarting anything: the container's further starts as the watch sees them, until
 * `o.starts` starts are known, the wait is over or the signal aborts. A start that ends in a
 * restart before Ready is recorded with that problem (a crash loop says so).
 */
async function observeRestarts(kubectl: Kubectl, ref: PodRef, since: string | undefined, o: PodStartsOptions, add: (r: StartRecord, pod: string) => void): Promise<void> {
  let seen = since;
  let pending: string | undefined;
  let count = 1;
  await watchUntil(kubectl, ref.namespace, { fieldSelector: `metadata.name=${ref.pod}` }, (pods) => {
    const pod = pods[pods.length - 1];
    if (!pod) return undefined;
    const startedAt = runningSince(pod, ref.container);
    if (pending && startedAt && startedAt !== pending) {
      const cs = pod.status?.containerStatuses?.find((c) => c.name === ref.container);
      const ended = cs?.lastState?.terminated?.finishedAt;
      const after = ended ? Math.round((Date.parse(ended) - Date.parse(pending)) / 100) / 10 : undefined;
      add({ start: 0, attempts: 0, problem: `container ${ref.container} restarted${cs?.lastState?.terminated?.reason ? ` (${cs.lastState.terminated.reason}, exit code ${cs.lastState.terminated.exitCode})` : ''}${after !== undefined && after >= 0 ? ` ${after} s after its start` : ''}, before the pod became Ready` }, ref.pod);
      count++;
      pending = undefined;
    }
    if (startedAt && startedAt !== seen && !pending) pending = startedAt;
    if (pending) {
      const r = startFromPodStatus(pod, ref.container);
      if (r.firstSuccessSeconds !== undefined) {
        add(r, ref.pod);
        count++;
        seen = pending;
        pending = undefined;
      }
    }
    return count >= o.starts ? true : undefined;
  }, o.maxWaitSeconds * 1000, o.signal).catch((e) => {
    throw asMeasureError(e);
  });
  if (count < o.starts && !o.signal?.aborted) o.onNotice?.(`observed ${count - 1} restart${count === 2 ? '' : 's'} of pod ${ref.namespace}/${ref.pod} in ${o.maxWaitSeconds} s (nothing was restarted)`);
}

