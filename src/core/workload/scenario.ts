// The workload scenario format (docs/workloads.md): a pod scenario's `until` and `containers`, plus
// what happens to the workload — a rollout, scaling, pod deletions, node drains — the nodes, per-pod
// behaviour, and how endpoints behave.
// Parsed and checked with messages that name the key; each revision's `containers` is checked by
// the pod scenario's own validator.
import { isMap, parseDocument } from 'yaml';
import { ScenarioError, validateScenario, DEFAULT_UNTIL } from '../lifecycle/scenario';
import type { WorkloadScenario } from './types';
import { DEFAULT_ENDPOINT_PROPAGATION_SECONDS } from './defaults';

/** Keys that make a scenario a workload scenario (the rest is the pod scenario's). */
export const WORKLOAD_KEYS = ['replicas', 'rollout', 'scale', 'deletePods', 'endpoints', 'nodes', 'drain', 'pods', 'featureGates'] as const;
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
    if (at === undefined || typeof d.pod !== 'string') problems.push(`deletePods[${i}]: needs at and pod (a pod name as the result shows it, e.g. web-current-1 or db-0)`);
    else scenario.deletePods.push({ at, pod: d.pod });
  });
  if (top.nodes !== undefined) {
    if (typeof top.nodes !== 'number' || !Number.isInteger(top.nodes) || top.nodes < 1 || top.nodes > 1000) problems.push(`nodes: expected a whole number of nodes from 1 to 1000, got ${JSON.stringify(top.nodes)}`);
    else scenario.nodes = top.nodes;
  }
  const nodeCount = scenario.nodes ?? 3;
  list(top.drain, 'drain').forEach((d, i) => {
    const at = seconds(d.at, `drain[${i}].at`);
    for (const k of Object.keys(d)) if (!['at', 'node'].includes(k)) problems.push(`drain[${i}]: unknown key '${k}' (expected at, node)`);
    const m = typeof d.node === 'string' ? /^node-(\d+)$/.exec(d.node) : null;
    if (at === undefined || !m) problems.push(`drain[${i}]: needs at and node (one of node-1 … node-${nodeCount})`);
    else if (Number(m[1]) < 1 || Number(m[1]) > nodeCount) problems.push(`drain[${i}].node: ${d.node} does not exist (nodes: node-1 … node-${nodeCount}; set 'nodes' for more)`);
    else (scenario.drain ??= []).push({ at, node: d.node as string });
  });
  if (top.pods !== undefined) {
    if (!Array.isArray(top.pods)) problems.push('pods: expected a list of { containers } (the n-th pod created behaves as the n-th entry)');
    else scenario.pods = top.pods.map((p, i) => ({ containers: behaviour(isObj(p) ? p.containers : undefined, `pods[${i}].containers`) }));
  }
  if (top.featureGates !== undefined) {
    if (!isObj(top.featureGates)) problems.push('featureGates: expected { MaxUnavailableStatefulSet: true|false }');
    else {
      for (const [k, v] of Object.entries(top.featureGates)) {
        if (k !== 'MaxUnavailableStatefulSet') problems.push(`featureGates: unknown gate '${k}' (simulated: MaxUnavailableStatefulSet)`);
        else if (typeof v !== 'boolean') problems.push(`featureGates.${k}: expected true or false`);
        else scenario.featureGates = { MaxUnavailableStatefulSet: v };
      }
    }
  }
  if (top.endpoints !== undefined) {
    if (!isObj(top.endpoints)) problems.push('endpoints: expected { propagationSeconds, stopsListeningAfter }');
    else {
      for (const k of Object.keys(top.endpoints)) if (!['propagationSeconds', 'stopsListeningAfter'].includes(k)) problems.push(`endpoints: unknown key '${k}'`);
      scenario.endpoints.propagationSeconds = seconds(top.endpoints.propagationSeconds, 'endpoints.propagationSeconds', DEFAULT_ENDPOINT_PROPAGATION_SECONDS)!;
      scenario.endpoints.stopsListeningAfter = seconds(top.endpoints.stopsListeningAfter, 'endpoints.stopsListeningAfter', 0)!;
    }
  }
  for (const x of [scenario.rollout?.at, ...scenario.scale.map((s) => s.at), ...scenario.deletePods.map((d) => d.at), ...(scenario.drain ?? []).map((d) => d.at)]) {
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
