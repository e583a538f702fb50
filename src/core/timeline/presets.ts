// Scenario presets of the Pod Timeline: typical app behaviours, applied to every regular
// container of the pod (init containers just complete). Pure; the webview applies them and sends
// the scenario, the host completes a scenario with an entry for every container.
import type { PodSpec } from '../k8s';
import type { ScenarioContainerInput, ScenarioRunInput } from '../lifecycle/scenario';
import type { ScenarioInput } from './protocol';

export type PresetId = 'healthy' | 'slow-start' | 'crash-on-boot' | 'dies-after-2-min' | 'hangs' | 'oom';

export interface Preset {
  id: PresetId;
  label: string;
  /** What the app does, in words. */
  description: string;
  run: ScenarioRunInput;
}

export const PRESETS: readonly Preset[] = [
  { id: 'healthy', label: 'Healthy', description: 'Answers probes 5 s after start and never fails.', run: { healthyAfter: 5 } },
  // The slow start of examples/ (manifests/slow-start, scenarios/slow-start.yaml, the demo app's --start-delay 60).
  { id: 'slow-start', label: 'Slow start', description: 'Needs 60 s before its endpoints answer, then stays healthy.', run: { healthyAfter: 60 } },
  { id: 'crash-on-boot', label: 'Crash on boot', description: 'Exits with code 1 two seconds after every start.', run: { exitAfter: 2, exitCode: 1 } },
  { id: 'dies-after-2-min', label: 'Dies after 2 min', description: 'Healthy after 5 s, exits with code 1 after 120 s.', run: { healthyAfter: 5, exitAfter: 120, exitCode: 1 } },
  { id: 'hangs', label: 'Hangs', description: 'Healthy after 5 s, stops answering at 60 s but keeps running.', run: { healthyAfter: 5, unhealthyAfter: 60 } },
  { id: 'oom', label: 'OOM', description: 'Healthy after 5 s, killed for memory (OOMKilled, 137) at 45 s.', run: { healthyAfter: 5, exitAfter: 45, oomKilled: true } },
];

export function presetById(id: string | undefined): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

function names(spec: PodSpec | undefined): { init: string[]; regular: string[]; sidecars: string[] } {
  const init: string[] = [];
  const sidecars: string[] = [];
  const regular: string[] = [];
  (Array.isArray(spec?.initContainers) ? spec!.initContainers : []).forEach((c, i) => {
    const n = typeof c?.name === 'string' && c.name ? c.name : `init-${i}`;
    (c?.restartPolicy === 'Always' ? sidecars : init).push(n);
  });
  (Array.isArray(spec?.containers) ? spec!.containers : []).forEach((c, i) => {
    regular.push(typeof c?.name === 'string' && c.name ? c.name : `container-${i}`);
  });
  return { init, regular, sidecars };
}

/** The scenario of a preset for this pod spec (keeps the pod-level keys of `base`: until, scheduleAfter, deleteAfter, readinessGates). */
export function presetScenario(id: PresetId, spec: PodSpec | undefined, base?: ScenarioInput): ScenarioInput {
  const p = presetById(id) ?? PRESETS[0]!;
  const n = names(spec);
  const containers: Record<string, ScenarioContainerInput> = {};
  for (const c of n.init) containers[c] = { runs: [{ exitAfter: 3, exitCode: 0 }] };
  for (const c of n.sidecars) containers[c] = { runs: [{ healthyAfter: 2 }] };
  for (const c of n.regular) containers[c] = { runs: [{ ...p.run }] };
  return { ...podLevel(base), containers };
}

/** The pod-level keys of a scenario; absent ones keep the core's defaults (validateScenario). */
function podLevel(s: ScenarioInput | undefined): ScenarioInput {
  const out: ScenarioInput = {};
  if (s?.until !== undefined) out.until = s.until;
  if (s?.scheduleAfter !== undefined) out.scheduleAfter = s.scheduleAfter;
  if (s?.deleteAfter !== undefined) out.deleteAfter = s.deleteAfter;
  if (s?.readinessGates !== undefined) out.readinessGates = { ...s.readinessGates };
  return out;
}

/** A scenario with an entry for every container of the spec (missing ones get the defaults). */
export function completeScenario(s: ScenarioInput | undefined, spec: PodSpec | undefined): ScenarioInput {
  const n = names(spec);
  const out: ScenarioInput = { ...podLevel(s), containers: { ...(s?.containers ?? {}) } };
  for (const c of [...n.init, ...n.sidecars, ...n.regular]) {
    const cur = out.containers![c];
    if (!cur || !Array.isArray(cur.runs) || !cur.runs.length) out.containers![c] = { ...(cur ?? {}), runs: [{}] };
  }
  return out;
}

/**
 * The pod spec with a startup probe on one container (what-if for a startup-fix verdict): the
 * existing startupProbe gets the new period and threshold; else one is made from the liveness
 * (or readiness) probe's handler. undefined when there is no handler to copy.
 */
export function withStartupProbe(spec: PodSpec, container: string, s: { periodSeconds: number; failureThreshold: number }): PodSpec | undefined {
  const copy = JSON.parse(JSON.stringify(spec ?? {})) as PodSpec;
  const all = [...(copy.initContainers ?? []), ...(copy.containers ?? [])];
  const c = all.find((x) => x?.name === container);
  if (!c) return undefined;
  if (c.startupProbe) {
    c.startupProbe = { ...c.startupProbe, periodSeconds: s.periodSeconds, failureThreshold: s.failureThreshold };
    return copy;
  }
  const from = c.livenessProbe ?? c.readinessProbe;
  if (!from) return undefined;
  const handler = from.exec ? { exec: from.exec } : from.httpGet ? { httpGet: from.httpGet } : from.tcpSocket ? { tcpSocket: from.tcpSocket } : from.grpc ? { grpc: from.grpc } : undefined;
  if (!handler) return undefined;
  c.startupProbe = { ...handler, periodSeconds: s.periodSeconds, failureThreshold: s.failureThreshold };
  return copy;
}
