// The simulator's input side: the pod spec as the kubelet could receive it, the scenario checked
// against the pod (every container it names exists), and each container's runs and hooks with the
// scenario's defaults applied. Everything here throws or warns before any time is simulated.
// Pure TypeScript; no 'vscode'. Semantics: docs/semantics/pod-lifecycle.md.
import {
  effectiveTiming, type Container, type EffectiveTiming, type LifecycleHandler, type PodSpec, type ProbeKind,
} from '../k8s';
import { isSidecar } from './restart';
import { ScenarioError, type Scenario, type ScenarioContainerInput } from './scenario';
import type { SimContainerInfo, SimContainerType, SimHookRun, SimRun } from './types';

/** A stable UUID-shaped id from a string (FNV-1a, four rounds). */
export function podUid(namespace: string, name: string): string {
  let hex = '';
  for (let round = 0; round < 4; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const ch of `${namespace}/${name}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Seconds a preStop hook takes: a sleep action, or an exec that is just `sleep N`. */
export function preStopDuration(h: LifecycleHandler | undefined): number | undefined {
  if (!h) return undefined;
  const s = h.sleep?.seconds;
  if (typeof s === 'number' && Number.isFinite(s) && s >= 0) return s;
  const cmd = h.exec?.command;
  if (Array.isArray(cmd) && cmd.every((w) => typeof w === 'string')) {
    const words = cmd.length >= 3 && /(^|\/)(ba|da|a)?sh$/.test(cmd[0]) && cmd[1] === '-c' ? cmd[2].trim().split(/\s+/) : cmd;
    if (words.length === 2 && /(^|\/)sleep$/.test(words[0]) && /^\d+(\.\d+)?$/.test(words[1])) return Number(words[1]);
  }
  return 0;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The pod spec as the kubelet could receive it: lists that are lists, named containers, probe
 * timings the API server would accept. Manifests are user input; what the API server would reject
 * is reported instead of simulated (a negative period would never end).
 */
export function checkPodSpec(input: unknown): { spec: PodSpec; problems: string[] } {
  const problems: string[] = [];
  const raw = isObject(input) ? input : {};
  const list = (key: 'containers' | 'initContainers'): Container[] => {
    const v = raw[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { problems.push(`${key}: expected a list`); return []; }
    const seen = new Set<string>();
    const out: Container[] = [];
    v.forEach((c, i) => {
      if (!isObject(c) || typeof c.name !== 'string' || !c.name) { problems.push(`${key}[${i}]: a container needs a name`); return; }
      if (seen.has(c.name)) problems.push(`${key}[${i}]: the name "${c.name}" is used twice`);
      seen.add(c.name);
      const container = { ...c } as Container;
      for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
        const probe = c[kind];
        if (probe === undefined || probe === null) { delete container[kind]; continue; }
        if (!isObject(probe)) { problems.push(`${key}[${i}].${kind}: expected a mapping`); delete container[kind]; continue; }
        const t = effectiveTiming(probe);
        for (const field of ['periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
          if (!(t[field] >= 1)) problems.push(`${key}[${i}].${kind}.${field}: must be at least 1 (the API server rejects ${t[field]})`);
        }
      }
      if (!isObject(c.lifecycle)) delete container.lifecycle;
      out.push(container);
    });
    return out;
  };
  const spec: PodSpec = { ...(raw as PodSpec), containers: list('containers'), initContainers: list('initContainers') };
  const deadline = raw.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null
    && !(typeof deadline === 'number' && Number.isInteger(deadline) && deadline >= 1 && deadline <= 2147483647)) {
    problems.push(`activeDeadlineSeconds: must be a whole number of seconds from 1 to 2147483647 (the API server rejects ${JSON.stringify(deadline)})`);
  }
  const gates = raw.readinessGates;
  spec.readinessGates = Array.isArray(gates) ? gates.filter((g): g is { conditionType: string } => isObject(g) && typeof g.conditionType === 'string') : [];
  return { spec, problems };
}

/**
 * How a postStart hook runs when the scenario says nothing (docs/semantics/pod-lifecycle.md,
 * "postStart"): a sleep action takes its seconds, an exec that is just `sleep N` takes N, other
 * exec and httpGet hooks take no time and succeed. tcpSocket is not a handler the kubelet runs
 * (handlers.go Run: "invalid handler"): it fails at once, whatever the scenario says.
 */
export function postStartDefault(h: LifecycleHandler): SimHookRun {
  if (isObject(h.sleep)) return { handler: 'sleep', seconds: preStopDuration(h) ?? 0, fails: false };
  if (isObject(h.exec)) return { handler: 'exec', seconds: preStopDuration(h) ?? 0, fails: false };
  if (isObject(h.httpGet)) return { handler: 'httpGet', seconds: 0, fails: false };
  return { handler: isObject(h.tcpSocket) ? 'tcpSocket' : 'unknown', seconds: 0, fails: true };
}

function resolveRuns(
  type: SimContainerType, input: ScenarioContainerInput | undefined, name: string, warnings: string[], postStart: LifecycleHandler | undefined,
): SimRun[] {
  const runs = input?.runs?.length ? input.runs : [{}];
  return runs.map((r, i) => {
    const where = `containers.${name}.runs[${i}]`;
    const exitAfter = r.exitAfter ?? (type === 'init' ? 0 : undefined);
    // The scenario format: exitAfter defaults to never, so these are valid and simply have no effect;
    // warn instead of rejecting a scenario the spec allows.
    if (exitAfter === undefined && r.oomKilled) warnings.push(`${where}.oomKilled: has no effect without exitAfter (when the process runs out of memory)`);
    if (exitAfter === undefined && r.exitCode !== undefined) warnings.push(`${where}.exitCode: has no effect without exitAfter`);
    const run: SimRun = {
      healthyAfter: r.healthyAfter ?? 0,
      exitCode: r.oomKilled ? 137 : (r.exitCode ?? 0),
      oomKilled: r.oomKilled ?? false,
      ignoresSigterm: r.ignoresSigterm ?? false,
    };
    if (r.unhealthyAfter !== undefined) run.unhealthyAfter = r.unhealthyAfter;
    if (exitAfter !== undefined) run.exitAfter = exitAfter;
    if (r.preStopSeconds !== undefined) run.preStopSeconds = r.preStopSeconds;
    if (postStart) {
      const hook = postStartDefault(postStart);
      if (hook.handler === 'tcpSocket' || hook.handler === 'unknown') {
        if (r.postStart) warnings.push(`${where}.postStart: ignored; the kubelet cannot run a ${hook.handler === 'tcpSocket' ? 'tcpSocket' : 'postStart'} hook and fails it at once`);
      } else {
        if (r.postStart?.seconds !== undefined) hook.seconds = r.postStart.seconds;
        if (r.postStart?.fails !== undefined) hook.fails = r.postStart.fails;
      }
      run.postStart = hook;
    } else if (r.postStart) {
      warnings.push(`${where}.postStart: has no effect; the container has no postStart hook`);
    }
    return run;
  });
}

/** The postStart hook the kubelet would run; plain init containers cannot have one (validation.go). */
function hookOf(c: Container, type: SimContainerType, warnings: string[]): LifecycleHandler | undefined {
  const h = c.lifecycle?.postStart;
  if (!isObject(h)) return undefined;
  if (type === 'init') {
    warnings.push(`initContainers: "${c.name ?? ''}" has lifecycle.postStart, which the API server rejects on an init container without restartPolicy: Always; not simulated`);
    return undefined;
  }
  return h;
}

/** A container as the engine needs it: what it is, its probe timings (AddPod order) and its runs. */
export interface PreparedContainer {
  spec: Container;
  type: SimContainerType;
  info: SimContainerInfo;
  /** Probe timings in the order AddPod starts the workers: startup, readiness, liveness (§6.3). */
  workers: { kind: ProbeKind; timing: EffectiveTiming }[];
}

export interface PreparedPod {
  spec: PodSpec;
  inits: PreparedContainer[];
  regular: PreparedContainer[];
  /** Valid but probably unintended scenario settings (simulated anyway). */
  warnings: string[];
}

/**
 * Checks the pod spec and the scenario against each other and applies the scenario's defaults.
 * Throws ScenarioError: 'pod spec' problems first, then the scenario's (named `scenarioName`).
 */
export function preparePod(rawSpec: PodSpec, scenario: Scenario, scenarioName?: string): PreparedPod {
  const checked = checkPodSpec(rawSpec);
  if (checked.problems.length) throw new ScenarioError(checked.problems, 'pod spec');
  const spec = checked.spec;
  const warnings: string[] = [];
  const make = (c: Container, type: SimContainerType): PreparedContainer => {
    const name = c.name ?? '';
    const sc = scenario.containers[name];
    const probes: SimContainerInfo['probes'] = {};
    const workers: PreparedContainer['workers'] = [];
    if (type !== 'init') {
      for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
        const p = c[kind];
        if (!p || typeof p !== 'object') continue;
        const timing = effectiveTiming(p);
        probes[kind] = p.terminationGracePeriodSeconds !== undefined && kind !== 'readinessProbe'
          ? { ...timing, terminationGracePeriodSeconds: p.terminationGracePeriodSeconds }
          : timing;
        workers.push({ kind, timing });
      }
    }
    const info: SimContainerInfo = {
      name, type, probes,
      pullSeconds: sc?.pullSeconds ?? 0,
      pullFails: sc?.pullFails ?? false,
      runs: resolveRuns(type, sc, name, warnings, hookOf(c, type, warnings)),
    };
    if (c.image) info.image = c.image;
    const preStop = preStopDuration(c.lifecycle?.preStop);
    if (preStop !== undefined) info.preStopSeconds = preStop;
    return { spec: c, type, info, workers };
  };
  const inits = (spec.initContainers ?? []).map((c) => make(c, isSidecar(c) ? 'sidecar' : 'init'));
  const regular = (spec.containers ?? []).map((c) => make(c, 'container'));

  const problems: string[] = [];
  const known = new Set([...inits, ...regular].map((c) => c.info.name));
  for (const name of Object.keys(scenario.containers)) {
    if (!known.has(name)) {
      problems.push(`containers.${name}: the pod has no container named "${name}" (it has: ${[...known].join(', ') || 'none'})`);
    }
  }
  if (scenario.deleteAfter !== undefined && scenario.deleteAfter < scenario.scheduleAfter) {
    problems.push(`deleteAfter (${scenario.deleteAfter}) is before scheduleAfter (${scenario.scheduleAfter})`);
  }
  if (!regular.length) throw new ScenarioError(['the pod has no containers to simulate'], 'pod spec');
  if (problems.length) throw new ScenarioError(problems, scenarioName);
  return { spec, inits, regular, warnings };
}
