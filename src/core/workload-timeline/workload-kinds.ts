// What the Workload Timeline draws differently per workload kind (docs/workloads.md): how pod lanes
// are grouped and headed (a Deployment's and a StatefulSet's by revision — the StatefulSet's with
// the ordinal order its pods were made in —, a DaemonSet's by node, a Job's as one list of
// attempts with their outcomes), what the workload's status counts are called on the charts, and
// the line under the title. Pure; model.ts builds the drawing from it.
import type { WorkloadResult } from '../workload/types';
import type { LaneGroup, PodLane } from './model';

/** Lanes grouped by `key`, the groups in the order their first lane appeared. */
export function groupLanes(lanes: PodLane[], key: (l: PodLane) => string): { key: string; lanes: PodLane[] }[] {
  const groups = new Map<string, PodLane[]>();
  for (const l of lanes) {
    const k = key(l);
    const list = groups.get(k) ?? [];
    list.push(l);
    groups.set(k, list);
  }
  return [...groups].map(([k, ls]) => ({ key: k, lanes: ls }));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The lanes (creation order) grouped as the kind is best read. */
export function laneGroupsOf(r: WorkloadResult, lanes: PodLane[]): LaneGroup[] {
  switch (r.workload.kind) {
    case 'DaemonSet': {
      // One group per node (the nodes in their own order): its old pod, then its new one.
      const order = new Map((r.workload.nodes ?? []).map((n, i) => [n, i]));
      const groups = groupLanes(lanes, (l) => l.node ?? 'no node');
      groups.sort((a, b) => (order.get(a.key) ?? Infinity) - (order.get(b.key) ?? Infinity));
      return groups.map((g) => {
        const revs = [...new Set(g.lanes.map((l) => l.revision))];
        return { revision: g.key, label: g.key === 'no node' ? 'no schedulable node' : g.key, note: revs.join(' → '), lanes: g.lanes };
      });
    }
    case 'Job': {
      const pods = r.pods;
      const count = (phase: string) => pods.filter((p) => p.phase === phase && p.deletedAt === undefined).length;
      const deleted = pods.filter((p) => p.deletedAt !== undefined && p.phase !== 'Succeeded').length;
      const parts = [`${count('Succeeded')} succeeded`, `${count('Failed')} failed`];
      if (deleted) parts.push(`${deleted} deleted`);
      return lanes.length ? [{ revision: 'current', label: 'pods, in creation order', note: parts.join(', '), lanes }] : [];
    }
    case 'StatefulSet':
      return groupLanes(lanes, (l) => l.revision).map((g) => {
        const ordinals = g.lanes.map((l) => ordinalOf(r, l));
        const known = ordinals.every((o) => o !== undefined);
        return { revision: g.key, label: `revision ${g.key}`, ...(known && g.lanes.length > 1 && { note: `ordinals created ${ordinals.join(', ')}` }), lanes: g.lanes };
      });
    default:
      return groupLanes(lanes, (l) => l.revision).map((g) => ({ revision: g.key, label: `revision ${g.key}`, lanes: g.lanes }));
  }
}

function ordinalOf(r: WorkloadResult, l: PodLane): number | undefined {
  return r.pods[l.index]?.ordinal;
}

export interface SeriesLook {
  /** Field → label, drawn first in this order. */
  names: Record<string, string>;
  /** Fields not drawn (another series already says them). */
  skip: Set<string>;
  /** Whether a constant "desired" series is drawn from the workload's replicas. */
  desired: boolean;
  /** Whether the ready endpoints are drawn. */
  endpoints: boolean;
}

/** How the kind's status counts are named on the charts. */
export function seriesLook(r: WorkloadResult): SeriesLook {
  const w = r.workload;
  switch (w.kind) {
    case 'StatefulSet':
      return {
        names: { 'spec.replicas': 'desired', replicas: 'pods', updatedReplicas: 'updated', currentReplicas: 'current revision', readyReplicas: 'ready', availableReplicas: 'available' },
        skip: new Set(),
        desired: true,
        endpoints: true,
      };
    case 'DaemonSet':
      return {
        names: { desiredNumberScheduled: 'nodes (desired)', currentNumberScheduled: 'scheduled', updatedNumberScheduled: 'updated', numberReady: 'ready', numberAvailable: 'available' },
        skip: new Set(['numberUnavailable']),
        desired: false,
        endpoints: true,
      };
    case 'Job':
      return {
        names: {
          active: `active (parallelism ${w.parallelism ?? 1})`,
          ready: 'ready',
          succeeded: w.completions === null || w.completions === undefined ? 'succeeded' : `succeeded (of ${w.completions})`,
          failed: `failed (backoffLimit ${w.backoffLimit ?? 6})`,
          terminating: 'terminating',
        },
        skip: new Set(),
        desired: false,
        endpoints: false,
      };
    default:
      return {
        names: { 'spec.replicas': 'desired', replicas: 'pods', updatedReplicas: 'updated', readyReplicas: 'ready', availableReplicas: 'available' },
        skip: new Set(['unavailableReplicas']),
        desired: true,
        endpoints: true,
      };
  }
}

/** The line under the title: what was simulated, with the fields that matter for the kind. */
export function headlineOf(r: WorkloadResult): string {
  const w = r.workload;
  const nodes = w.nodes?.length;
  const on = nodes ? `; ${plural(nodes, 'node')}` : '';
  switch (w.kind) {
    case 'StatefulSet':
      return `StatefulSet/${w.name}: ${plural(w.replicas, 'replica')}, ${w.podManagementPolicy ?? 'OrderedReady'}, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (partition ${w.partition ?? 0}, maxUnavailable ${w.maxUnavailable})` : ''}${w.minReadySeconds ? `, minReadySeconds ${w.minReadySeconds}` : ''}${on}`;
    case 'DaemonSet':
      return `DaemonSet/${w.name}: one pod on each of ${plural(nodes ?? w.replicas, 'node')}, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (maxSurge ${w.maxSurge}, maxUnavailable ${w.maxUnavailable})` : ''}${w.minReadySeconds ? `, minReadySeconds ${w.minReadySeconds}` : ''}`;
    case 'Job':
      return `Job/${w.name}: completions ${w.completions ?? 'unset (a work queue)'}, parallelism ${w.parallelism ?? 1}, backoffLimit ${w.backoffLimit ?? 6}${w.activeDeadlineSeconds !== undefined ? `, activeDeadlineSeconds ${w.activeDeadlineSeconds}` : ''}, restartPolicy ${w.restartPolicy ?? 'Never'}`;
    default:
      return `${w.kind}/${w.name}: ${plural(w.replicas, 'replica')}, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (maxSurge ${w.maxSurge}, maxUnavailable ${w.maxUnavailable})` : ''}${w.minReadySeconds ? `, minReadySeconds ${w.minReadySeconds}` : ''}, progressDeadlineSeconds ${w.progressDeadlineSeconds}`;
  }
}
