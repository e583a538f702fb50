// The pod status at the cursor printed the way a Kubernetes user reads it: the `kubectl get pod`
// line (the lifecycle core's printPod, docs/semantics §13, so the timeline, the CLI and the
// simulator print the same thing) and the status YAML of `kubectl get pod -o yaml`. Pure: no DOM.
import type { PodSpec } from '../core/k8s';
import { humanDuration, printPod } from '../core/lifecycle/status';
import type { ContainerStatus, PodCondition, PodStatus, StateTerminated } from '../core/lifecycle/types';
import type { PodMeta } from '../core/timeline/protocol';
import type { ConditionAt, ContainerStatusAt, PodStatusAt, Termination } from './pod-replay';

export interface KubectlLine {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
}

function coreTermination(t: Termination | undefined, c?: ContainerStatusAt): StateTerminated | undefined {
  if (t) {
    const out: StateTerminated = { exitCode: t.exitCode ?? 0, finishedAt: t.finishedAt };
    if (t.reason) out.reason = t.reason;
    if (t.message) out.message = t.message;
    if (t.startedAt !== undefined) out.startedAt = t.startedAt;
    return out;
  }
  if (c?.state !== 'Terminated') return undefined;
  const out: StateTerminated = { exitCode: c.exitCode ?? 0, finishedAt: c.since ?? 0 };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  if (c.runningSince !== undefined) out.startedAt = c.runningSince;
  return out;
}

function coreContainer(c: ContainerStatusAt): ContainerStatus {
  // Plain assignments, no object spreads: this runs for every instant of a 10 000-event run.
  const state: ContainerStatus['state'] = {};
  if (c.state === 'Running') state.running = { startedAt: c.since ?? 0 };
  else if (c.state === 'Terminated') state.terminated = coreTermination(undefined, c)!;
  else if (c.state === 'Waiting') {
    const w: { reason?: string; message?: string } = {};
    if (c.reason) w.reason = c.reason;
    if (c.message) w.message = c.message;
    state.waiting = w;
  }
  const last = coreTermination(c.lastState);
  return { name: c.name, state, lastState: last ? { terminated: last } : {}, ready: c.ready, started: c.started, restartCount: c.restartCount };
}

function coreCondition(c: ConditionAt): PodCondition {
  const out: PodCondition = { type: c.type, status: c.status as PodCondition['status'] };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  return out;
}

/** The status in the API's shape (core lifecycle types), for printPod. */
export function toPodStatus(s: PodStatusAt): PodStatus {
  const init: ContainerStatus[] = [];
  for (const c of s.initContainers) if (c.state !== undefined) init.push(coreContainer(c));
  const regular: ContainerStatus[] = [];
  for (const c of s.containers) if (c.state !== undefined) regular.push(coreContainer(c));
  const out: PodStatus = { phase: s.phase as PodStatus['phase'], conditions: s.conditions.map(coreCondition), initContainerStatuses: init, containerStatuses: regular };
  if (s.phaseReason) out.reason = s.phaseReason;
  return out;
}

/** A pod spec with just the container names and kinds the status knows (what printPod reads). */
function specOf(s: PodStatusAt): PodSpec {
  return {
    initContainers: s.initContainers.map((c) => (c.sidecar ? { name: c.name, restartPolicy: 'Always' } : { name: c.name })),
    containers: s.containers.map((c) => ({ name: c.name })),
  };
}

/** printPod (docs/semantics §13): READY, STATUS, RESTARTS, AGE at s.t. */
export function kubectlLine(s: PodStatusAt, podName: string): KubectlLine {
  const r = printPod({ spec: specOf(s), status: toPodStatus(s), now: s.t });
  return { name: podName, ready: r.ready, status: r.status, restarts: r.restarts, age: humanDuration(s.t) };
}

/** The row as `kubectl get pod` prints it, header included (tabwriter, 3 spaces of padding). */
export function kubectlText(row: KubectlLine): string {
  const cols: [string, string][] = [
    ['NAME', row.name],
    ['READY', row.ready],
    ['STATUS', row.status],
    ['RESTARTS', row.restarts],
    ['AGE', row.age],
  ];
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const widths = cols.map(([h, v]) => Math.max(h.length, v.length) + 3);
  const line = (pick: 0 | 1) => cols.map((c, i) => (i === cols.length - 1 ? c[pick] : pad(c[pick], widths[i]!))).join('');
  return `${line(0)}\n${line(1)}`;
}

// ---- status YAML --------------------------------------------------------------------------------

/** t = 0 when the caller gives no creationTimestamp: obviously synthetic. */
export const DEFAULT_ORIGIN = '2025-01-01T00:00:00Z';

export function isoAt(origin: string | undefined, t: number): string {
  let base = Date.parse(origin ?? DEFAULT_ORIGIN);
  if (!Number.isFinite(base)) base = Date.parse(DEFAULT_ORIGIN);
  return new Date(base + Math.floor(t) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBERISH = /^[-+]?(?:\.?\d|0[xo])|^[-+]?\.(?:inf|nan)$/i;
const PLAIN = /^[A-Za-z0-9_./(][A-Za-z0-9_ ./()\-+,=:@[\]]*$/;

/** A YAML scalar for a string: plain when unambiguous, else double-quoted (JSON is valid YAML). */
export function yamlString(s: string): string {
  if (s === '' || !PLAIN.test(s) || RESERVED.test(s) || NUMBERISH.test(s) || / $/.test(s) || /: |:$/.test(s)) return JSON.stringify(s);
  return s;
}

type YamlValue = string | number | boolean | undefined | YamlMap | YamlValue[];
interface YamlMap { [k: string]: YamlValue }

function emit(v: YamlValue, indent: string, out: string[], key: string): void {
  if (v === undefined) return;
  if (Array.isArray(v)) {
    if (!v.length) return; // kubectl omits empty lists (omitempty)
    out.push(`${indent}${key}:`);
    for (const item of v) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const inner: string[] = [];
        for (const [k, x] of Object.entries(item)) emit(x, indent + '  ', inner, k);
        if (inner.length) inner[0] = `${indent}- ${inner[0]!.slice(indent.length + 2)}`;
        out.push(...inner);
      } else out.push(`${indent}- ${scalar(item)}`);
    }
    return;
  }
  if (typeof v === 'object') {
    const inner: string[] = [];
    for (const [k, x] of Object.entries(v)) emit(x, indent + '  ', inner, k);
    if (!inner.length) out.push(`${indent}${key}: {}`);
    else out.push(`${indent}${key}:`, ...inner);
    return;
  }
  out.push(`${indent}${key}: ${scalar(v)}`);
}

function scalar(v: YamlValue): string {
  if (typeof v === 'string') return yamlString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '""';
}

function stateYaml(c: ContainerStatusAt, origin: string | undefined): YamlMap {
  if (c.state === 'Running') return { running: { startedAt: isoAt(origin, c.since ?? 0) } };
  if (c.state === 'Terminated') {
    return {
      terminated: {
        exitCode: c.exitCode ?? 0,
        finishedAt: isoAt(origin, c.since ?? 0),
        message: c.message,
        reason: c.reason,
        startedAt: c.runningSince !== undefined ? isoAt(origin, c.runningSince) : undefined,
      },
    };
  }
  if (c.state === 'Waiting') return { waiting: { message: c.message, reason: c.reason } };
  return {};
}

function containerYaml(c: ContainerStatusAt, origin: string | undefined): YamlMap {
  const last: YamlMap = c.lastState
    ? {
        terminated: {
          exitCode: c.lastState.exitCode ?? 0,
          finishedAt: isoAt(origin, c.lastState.finishedAt),
          message: c.lastState.message,
          reason: c.lastState.reason,
          startedAt: c.lastState.startedAt !== undefined ? isoAt(origin, c.lastState.startedAt) : undefined,
        },
      }
    : {};
  // Keys in the order `kubectl get -o yaml` prints them (alphabetical).
  return {
    image: c.image,
    lastState: last,
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.state === undefined ? undefined : c.started,
    state: stateYaml(c, origin),
  };
}

/** The pod's `status:` (with a little metadata) as `kubectl get pod -o yaml` would show it. */
export function statusYaml(s: PodStatusAt, meta: PodMeta, note?: string): string {
  const origin = meta.creationTimestamp;
  const out: string[] = [];
  if (note) for (const l of note.split('\n')) out.push(`# ${l}`);
  const metadata: YamlMap = { creationTimestamp: isoAt(origin, 0), name: meta.name || 'pod', namespace: meta.namespace || 'default' };
  emit(metadata, '', out, 'metadata');
  const scheduled = s.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  const status: YamlMap = {
    conditions: s.conditions.map((c) => ({
      lastProbeTime: undefined,
      lastTransitionTime: isoAt(origin, c.since),
      message: c.message,
      reason: c.reason,
      status: c.status,
      type: c.type,
    })),
    containerStatuses: s.containers.filter((c) => c.state !== undefined).map((c) => containerYaml(c, origin)),
    initContainerStatuses: s.initContainers.some((c) => c.state !== undefined) ? s.initContainers.filter((c) => c.state !== undefined).map((c) => containerYaml(c, origin)) : undefined,
    phase: s.phase,
    reason: s.phaseReason,
    startTime: scheduled ? isoAt(origin, scheduled.since) : undefined,
  };
  if (!s.conditions.length) delete status.conditions;
  emit(status, '', out, 'status');
  return out.join('\n');
}
