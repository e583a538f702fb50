// Runs a manifest's first workload through the workload simulator, with the file's
// PodDisruptionBudgets, as the CLI does.
import { parseDocument } from 'yaml';
import { parseManifest } from '../../../src/core/manifest';
import { pdbsOf, simulateWorkload, validateWorkloadScenario, type WorkloadResult } from '../../../src/core/workload';

export function runWorkload(manifest: string, scenario: unknown): WorkloadResult {
  const file = parseManifest(manifest, 'workload.yaml');
  const w = file.workloads[0];
  const docs = manifest.split(/^---$/m).map((d) => parseDocument(d).toJS());
  return simulateWorkload({
    kind: w.kind,
    name: w.name!,
    namespace: w.namespace,
    spec: (w.object as { spec: Record<string, unknown> }).spec,
    podSpec: w.podSpec,
    podLabels: w.podLabels,
    pdbs: pdbsOf(docs),
    scenario: validateWorkloadScenario(scenario),
  });
}

/** `t field to` lines of one subject's events (e.g. 'statefulset', 'job'). */
export const changes = (r: WorkloadResult, subject: string, field: string) => r.events.filter((e) => e.subject === subject && e.field === field).map((e) => `${e.t} ${e.to}${e.reason ? ` ${e.reason}` : ''}`);

/** `t name` of pod creations and deletions, in time order. */
export const podLog = (r: WorkloadResult) => r.events.filter((e) => e.subject.startsWith('pod:') && (e.field === 'created' || e.field === 'deleted')).map((e) => `${e.t} ${e.field} ${e.subject.slice(4)}`);
