// `kube-probes simulate FILE --scenario S` when S is a workload scenario (rollout, scale,
// deletePods, endpoints, replicas): the Deployment's transitions, each pod's, the Service endpoints
// and the traffic-loss windows (docs/workloads.md).
import { parse as parseYaml } from 'yaml';
import type { Workload } from '../core/manifest';
import { isWorkloadScenario, simulateDeployment, validateWorkloadScenario, type WorkloadResult } from '../core/workload';
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

function text(r: WorkloadResult): string {
  const w = r.workload;
  const lines = [
    `${w.kind}/${w.name}: ${w.replicas} replicas, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (maxSurge ${w.maxSurge}, maxUnavailable ${w.maxUnavailable})` : ''}, minReadySeconds ${w.minReadySeconds}, progressDeadlineSeconds ${w.progressDeadlineSeconds}; ${r.until} s simulated`,
    '',
  ];
  for (const e of r.events) {
    if (e.subject.startsWith('pod:')) continue;
    lines.push(`${fmt(e.t)}  ${e.subject.padEnd(16)}  ${e.field.padEnd(24)}  ${e.from === '' ? '' : `${e.from} → `}${e.to}${e.reason ? `  (${e.reason})` : ''}`);
  }
  lines.push('', 'pods:');
  for (const p of r.pods) {
    lines.push(`  ${p.name.padEnd(20)} created ${p.createdAt} s${p.readyAt !== undefined ? `, Ready ${p.readyAt} s` : ', never Ready'}${p.restarts ? `, ${p.restarts} restarts` : ''}${p.deletedAt !== undefined ? `, deleted ${p.deletedAt} s${p.goneAt !== undefined ? `, gone ${p.goneAt} s` : ''}` : ''}`);
  }
  lines.push('', `ready endpoints: ${r.endpoints.map((e) => `${e.ready} at ${e.t} s`).join(', ')}`);
  if (r.trafficLoss.length) {
    lines.push('', 'traffic loss:');
    for (const l of r.trafficLoss) lines.push(`  ${l.from}–${l.to} s  ${l.why}`);
  }
  lines.push('', 'verdicts:');
  for (const v of r.verdicts) lines.push(`  - ${v.text}`);
  return lines.join('\n') + '\n';
}

/** Runs a workload scenario; returns the exit code (1 with failOnUnhealthy when the rollout does not complete or traffic is lost). */
export function runWorkloadScenario(workload: Workload, scenarioValue: unknown, source: string, format: 'text' | 'json', failOnUnhealthy: boolean, io: CliIO): number {
  const scenario = validateWorkloadScenario(scenarioValue, source);
  if (workload.kind !== 'Deployment') {
    io.stderr(`kube-probes simulate: ${source}: rollout, scale, deletePods, endpoints and replicas are simulated for Deployments; ${workload.kind}/${workload.name ?? '?'} is a ${workload.kind} (use a pod scenario for it)\n`);
    return 2;
  }
  const result = simulateDeployment({
    kind: workload.kind,
    name: workload.name ?? 'deployment',
    namespace: workload.namespace,
    spec: ((workload.object as { spec?: Record<string, unknown> }).spec ?? {}) as Record<string, unknown>,
    podSpec: workload.podSpec,
    scenario,
  });
  io.stdout(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : text(result));
  const bad = result.verdicts.some((v) => v.level === 'error');
  return failOnUnhealthy && bad ? 1 : 0;
}
