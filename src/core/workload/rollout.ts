// The Deployment controller's arithmetic (docs/workloads.md, "Rolling update"): how far a
// rolling update may surge and how many pods may be unavailable, how many new pods to add and how
// many old ones to take away at each step. Pure functions over counts; no time, no pods.
// Source: pkg/controller/deployment/rolling.go (reconcileNewReplicaSet, reconcileOldReplicaSets,
// cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate) and
// pkg/controller/deployment/util/deployment_util.go (ResolveFenceposts, MaxUnavailable, NewRSNewReplicas).

/** An int-or-percent value as written in the manifest (`1`, `"25%"`). */
export type IntOrPercent = number | string | undefined;

/**
 * intstr.GetScaledValueFromIntOrPercent: a number as is; "N%" of `total`, rounded up (surge) or
 * down (unavailable). Throws on anything else (the API server rejects it).
 */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean, fallback: string): number {
  const raw = v ?? fallback;
  if (typeof raw === 'number') return raw;
  const m = /^(\d+)%$/.exec(raw.trim());
  if (!m) {
    if (/^\d+$/.test(raw.trim())) return Number(raw);
    throw new Error(`invalid value "${raw}": must be an integer or a percentage`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export interface Fenceposts {
  maxSurge: number;
  maxUnavailable: number;
}

/** ResolveFenceposts: surge rounded up, unavailable rounded down (defaults 25 %); both 0 → unavailable 1. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: number): Fenceposts {
  const surge = scaledValue(maxSurge, replicas, true, '25%');
  let unavailable = scaledValue(maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1; // otherwise the rollout could never move
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/** MaxUnavailable(deployment): never more than the replicas; 0 for 0 replicas. */
export function maxUnavailableOf(f: Fenceposts, replicas: number): number {
  return replicas === 0 ? 0 : Math.min(f.maxUnavailable, replicas);
}

/** NewRSNewReplicas (RollingUpdate): the new ReplicaSet's replicas after one scale-up step. */
export function newRSNewReplicas(replicas: number, f: Fenceposts, currentPodCount: number, newRSReplicas: number): number {
  const maxTotalPods = replicas + f.maxSurge;
  if (currentPodCount >= maxTotalPods) return newRSReplicas;
  const scaleUp = Math.min(maxTotalPods - currentPodCount, replicas - newRSReplicas);
  return newRSReplicas + Math.max(0, scaleUp);
}

export interface RSCounts {
  /** spec.replicas of the ReplicaSet. */
  replicas: number;
  /** status.availableReplicas. */
  available: number;
}

/**
 * reconcileOldReplicaSets: how many of the old ReplicaSets' replicas to take away now, first the
 * unhealthy ones (they do not lower availability), then available ones down to minAvailable.
 * `old` is ordered oldest first; returns the new spec.replicas of each.
 */
export function scaleDownOld(replicas: number, f: Fenceposts, old: readonly RSCounts[], newRS: RSCounts): number[] {
  const out = old.map((r) => r.replicas);
  const oldPods = out.reduce((s, n) => s + n, 0);
  if (oldPods === 0) return out;
  const maxUnavailable = maxUnavailableOf(f, replicas);
  const minAvailable = replicas - maxUnavailable;
  const allPods = oldPods + newRS.replicas;
  const newUnavailable = newRS.replicas - newRS.available;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return out;
  // cleanupUnhealthyReplicas
  let cleaned = 0;
  for (let i = 0; i < old.length && cleaned < maxScaledDown; i++) {
    if (out[i] === 0 || out[i] === old[i].available) continue;
    const n = Math.min(maxScaledDown - cleaned, out[i] - old[i].available);
    out[i] -= n;
    cleaned += n;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: available pods of all ReplicaSets above minAvailable.
  const available = old.reduce((s, r, i) => s + Math.min(r.available, out[i]), 0) + newRS.available;
  if (available <= minAvailable) return out;
  let todo = available - minAvailable;
  for (let i = 0; i < old.length && todo > 0; i++) {
    if (out[i] === 0) continue;
    const n = Math.min(out[i], todo);
    out[i] -= n;
    todo -= n;
  }
  return out;
}
