// The workload scenario format (docs/workloads.md): a pod scenario's `until` and `containers`, plus
// what happens to the Deployment — a rollout, scaling, pod deletions — and how endpoints behave.
// Parsed and checked with messages that name the key; each revision's `containers` is checked by
// the pod scenario's own validator.
import { isMap, parseDocument } from 'yaml';
import { ScenarioError, validateScenario, DEFAULT_UNTIL } from '../lifecycle/scenario';
import type { WorkloadScenario } from './types';
import { DEFAULT_ENDPOINT_PROPAGATION_SECONDS } from './defaults';

/** Keys that make a scenario a workload scenario (the rest is the pod scenario's). */
export const WORKLOAD_KEYS = ['replicas', 'rollout', 'scale', 'deletePods', 'endpoints'] as const;
const TOP = ['until', 'containers', ...WORKLOAD_KEYS];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the parsed scenario value uses any workload key. */
export function isWorkloadScenario(value: unknown): boolean {
  return isObj(value) && WORKLOAD_KEYS.some((k) => k in value);
}

export function validateWorkloadScenario(value: unknown, source = 'scenario'): WorkloadScenario {
  const problems: string[] = [];
  const top = isObj(value) ? value : {};
  for (const k of Object.keys(top)) if (!TOP.includes(k)) problems.push(`unknown key '${k}' (expected ${TOP.join(', ')})`);
  const seconds = (v: unknown, what: string, d?: number): number | undefined => {
    if (v === undefined) return d;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      problems.push(`${what}: expected seconds ≥ 0, got ${JSON.stringify(v)}`);
      return d;
    }
    return v;
  };
  const count = (v: unknown, what: string): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 10_000) {
      problems.push(`${what}: expected a whole number of replicas from 0 to 10000, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };
  const behaviour = (containers: unknown, what: string) => {
    try {
      return validateScenario({ until: 1, containers: containers ?? {} }).containers;
    } catch (e) {
      if (e instanceof ScenarioError) problems.push(...e.problems.map((p) => `${what}: ${p}`));
      return {};
    }
  };
  const until = seconds(top.until, 'until', DEFAULT_UNTIL)!;
  const scenario: WorkloadScenario = {
    until,
    containers: behaviour(top.containers, 'containers'),
    scale: [],
    deletePods: [],
    endpoints: { propagationSeconds: DEFAULT_ENDPOINT_PROPAGATION_SECONDS, stopsListeningAfter: 0 },
  };
  const replicas = count(top.replicas, 'replicas');
  if (replicas !== undefined) scenario.replicas = replicas;
  if (top.rollout !== undefined) {
    if (!isObj(top.rollout)) problems.push('rollout: expected { at, old: { containers } }');
    else {
      for (const k of Object.keys(top.rollout)) if (!['at', 'old'].includes(k)) problems.push(`rollout: unknown key '${k}' (expected at, old)`);
      const at = seconds(top.rollout.at, 'rollout.at', 60)!;
      const old = isObj(top.rollout.old) ? top.rollout.old : {};
      scenario.rollout = { at, old: { containers: behaviour(old.containers, 'rollout.old.containers') } };
    }
  }
  const list = (v: unknown, what: string): Record<string, unknown>[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every(isObj)) {
      problems.push(`${what}: expected a list of { at, … }`);
      return [];
    }
    return v;
  };
  list(top.scale, 'scale').forEach((s, i) => {
    const at = seconds(s.at, `scale[${i}].at`);
    const n = count(s.replicas, `scale[${i}].replicas`);
    if (at === undefined || n === undefined) problems.push(`scale[${i}]: needs at and replicas`);
    else scenario.scale.push({ at, replicas: n });
  });
  list(top.deletePods, 'deletePods').forEach((d, i) => {
    const at = seconds(d.at, `deletePods[${i}].at`);
    if (at === undefined || typeof d.pod !== 'string') problems.push(`deletePods[${i}]: needs at and pod (a pod name as the result shows it, e.g. web-current-1)`);
    else scenario.deletePods.push({ at, pod: d.pod });
  });
  if (top.endpoints !== undefined) {
    if (!isObj(top.endpoints)) problems.push('endpoints: expected { propagationSeconds, stopsListeningAfter }');
    else {
      for (const k of Object.keys(top.endpoints)) if (!['propagationSeconds', 'stopsListeningAfter'].includes(k)) problems.push(`endpoints: unknown key '${k}'`);
      scenario.endpoints.propagationSeconds = seconds(top.endpoints.propagationSeconds, 'endpoints.propagationSeconds', DEFAULT_ENDPOINT_PROPAGATION_SECONDS)!;
      scenario.endpoints.stopsListeningAfter = seconds(top.endpoints.stopsListeningAfter, 'endpoints.stopsListeningAfter', 0)!;
    }
  }
  for (const x of [scenario.rollout?.at, ...scenario.scale.map((s) => s.at), ...scenario.deletePods.map((d) => d.at)]) {
    if (x !== undefined && x > until) problems.push(`an action at ${x} s is after until (${until} s) and would never happen`);
  }
  if (problems.length) throw new ScenarioError(problems, source);
  return scenario;
}

/** Parses workload scenario YAML text. */
export function parseWorkloadScenario(text: string, source = 'scenario'): WorkloadScenario {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) throw new ScenarioError(doc.errors.map((e) => e.message.split('\n')[0]), source);
  if (doc.contents !== null && !isMap(doc.contents)) throw new ScenarioError(['expected a mapping'], source);
  return validateWorkloadScenario(doc.toJS() ?? {}, source);
}
