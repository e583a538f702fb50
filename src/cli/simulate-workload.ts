// `kube-probes simulate FILE --scenario S` when S is a workload scenario (rollout, scale,
// deletePods, drain, nodes, pods, endpoints, replicas): the workload's transitions (a Deployment,
// StatefulSet, DaemonSet or Job), each pod's, drains, the Service endpoints and the traffic-loss
// windows (docs/workloads.md).
import { parse as parseYaml } from 'yaml';
import type { Workload } from '../core/manifest';
import { isSimulatedKind, isWorkloadScenario, pdbsOf, simulateWorkload, validateWorkloadScenario, WORKLOAD_KINDS, type WorkloadResult } from '../core/workload';
import type { CliIO } from './io';

/** The scenario text as a workload scenario, or undefined when it is a pod scenario. */
export function workloadScenarioOf(text: string): unknown {
  try {
    const v = parseYaml(text);
    return isWorkloadScenario(v) ? v : undefined;
  } catch {
    return undefined; // the pod scenario parser reports the YAML error with its line
  }
}

const fmt = (t: number) => `${t.toFixed(1)}s`.padStart(8);

function header(r: WorkloadResult): string {
  const w = r.workload;
  const tail = `; ${r.until} s simulated on ${w.nodes?.length ?? 0} node${w.nodes?.length === 1 ? '' : 's'}`;
  switch (w.kind) {
    case 'StatefulSet':
      return `StatefulSet/${w.name}: ${w.replicas} replicas, ${w.podManagementPolicy}, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (partition ${w.partition}, maxUnavailable ${w.maxUnavailable})` : ''}, minReadySeconds ${w.minReadySeconds}${tail}`;
    case 'DaemonSet':
      return `DaemonSet/${w.name}: one pod per node, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (maxSurge ${w.maxSurge}, maxUnavailable ${w.maxUnavailable})` : ''}, minReadySeconds ${w.minReadySeconds}${tail}`;
    case 'Job':
      return `Job/${w.name}: completions ${w.completions ?? 'unset (work queue)'}, parallelism ${w.parallelism}, backoffLimit ${w.backoffLimit}${w.activeDeadlineSeconds !== undefined ? `, activeDeadlineSeconds ${w.activeDeadlineSeconds}` : ''}, restartPolicy ${w.restartPolicy}${tail}`;
    default:
      return `${w.kind}/${w.name}: ${w.replicas} replicas, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (maxSurge ${w.maxSurge}, maxUnavailable ${w.maxUnavailable})` : ''}, minReadySeconds ${w.minReadySeconds}, progressDeadlineSeconds ${w.progressDeadlineSeconds}${tail}`;
  }
}

function text(r: WorkloadResult): string {
  const lines = [header(r), ''];
  const width = Math.max(16, ...r.events.filter((e) => !e.subject.startsWith('pod:') || e.field === 'evicted' || e.field === 'eviction').map((e) => e.subject.length));
  for (const e of r.events) {
    // Pod creations and deletions are in the pod list below; evictions are shown where they happen.
    if (e.subject.startsWith('pod:') && e.field !== 'evicted' && e.field !== 'eviction') continue;
    lines.push(`${fmt(e.t)}  ${e.subject.padEnd(width)}  ${e.field.padEnd(24)}  ${e.from === '' ? '' : `${e.from} → `}${e.to}${e.reason ? `  (${e.reason})` : ''}`);
  }
  lines.push('', 'pods:');
  const nameWidth = Math.max(20, ...r.pods.map((p) => p.name.length));
  for (const p of r.pods) {
    const parts = [`created ${p.createdAt} s${p.node ? ` on ${p.node}` : ', no schedulable node (Pending)'}`];
    parts.push(p.readyAt !== undefined ? `Ready ${p.readyAt} s` : 'never Ready');
    if (p.restarts) parts.push(`${p.restarts} restarts`);
    if (p.finishedAt !== undefined) parts.push(`${p.phase} ${p.finishedAt} s`);
    if (p.deletedAt !== undefined) parts.push(`${p.evictedAt !== undefined ? 'evicted' : 'deleted'} ${p.deletedAt} s${p.goneAt !== undefined ? `, gone ${p.goneAt} s` : ''}`);
    lines.push(`  ${p.name.padEnd(nameWidth)} ${parts.join(', ')}`);
  }
  for (const d of r.drains ?? []) {
    lines.push('', `drain of ${d.node} at ${d.at} s${d.completedAt !== undefined ? `, complete at ${d.completedAt} s` : ', not complete'}:`);
    for (const e of d.evictions) lines.push(`  ${e.pod.padEnd(nameWidth)} ${e.error ? `error: ${e.error}` : e.evictedAt !== undefined ? `evicted at ${e.evictedAt} s` : 'still refused at the end'}${e.refused ? ` (${e.refused} attempt${e.refused === 1 ? '' : 's'} refused by PodDisruptionBudget ${e.pdb})` : ''}`);
    for (const x of d.skipped) lines.push(`  ${x.pod.padEnd(nameWidth)} left alone: ${x.why}`);
  }
  if (r.endpoints.length) lines.push('', `ready endpoints: ${r.endpoints.map((e) => `${e.ready} at ${e.t} s`).join(', ')}`);
  if (r.trafficLoss.length) {
    lines.push('', 'traffic loss:');
    for (const l of r.trafficLoss) lines.push(`  ${l.from}–${l.to} s  ${l.why}`);
  }
  lines.push('', 'verdicts:');
  for (const v of r.verdicts) lines.push(`  - ${v.text}`);
  return lines.join('\n') + '\n';
}

/** Runs a workload scenario; returns the exit code (1 with failOnUnhealthy when a verdict is an error). */
export function runWorkloadScenario(workload: Workload, scenarioValue: unknown, source: string, format: 'text' | 'json', failOnUnhealthy: boolean, io: CliIO, documents: readonly unknown[] = []): number {
  const scenario = validateWorkloadScenario(scenarioValue, source);
  if (!isSimulatedKind(workload.kind)) {
    io.stderr(`kube-probes simulate: ${source}: a workload scenario (rollout, scale, deletePods, drain, nodes, pods, endpoints, replicas) is simulated for ${WORKLOAD_KINDS.join(', ')}; ${workload.kind}/${workload.name ?? '?'} is a ${workload.kind} (use a pod scenario for it)\n`);
    return 2;
  }
  const result = simulateWorkload({
    kind: workload.kind,
    name: workload.name ?? workload.kind.toLowerCase(),
    namespace: workload.namespace,
    spec: ((workload.object as { spec?: Record<string, unknown> }).spec ?? {}) as Record<string, unknown>,
    podSpec: workload.podSpec,
    podLabels: workload.podLabels,
    pdbs: pdbsOf(documents),
    scenario,
  });
  io.stdout(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : text(result));
  const bad = result.verdicts.some((v) => v.level === 'error');
  return failOnUnhealthy && bad ? 1 : 0;
}
