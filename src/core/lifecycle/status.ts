// Pod status as the kubelet computes it and kubectl prints it: container started/ready (§7.5),
// pod phase (§11, getPhase), conditions (§12, generate.go) and the STATUS / READY / RESTARTS
// columns (§13, printPod). Pure functions over API-shaped status; no 'vscode'.
// Over ~450 lines on purpose: a port of one family of kubelet/kubectl functions that call each other
// (started/ready → phase → conditions → printPod); kept together so each reads beside its callers.
import type { PodSpec } from '../k8s';
import { containerShouldRestart, isSidecar, podRestartPolicy } from './restart';
import type { CachedResult } from './worker';
import type {
  ConditionStatus, ContainerStatus, KubectlRow, PodCondition, PodPhase, PodStatus, StateTerminated, StateWaiting,
} from './types';

// ---------------------------------------------------------------------------------------------
// §7.5 Started and Ready (prober_manager.go UpdatePodStatus)

export interface ProbeView {
  running: boolean;
  /** A startup worker exists for this container, and its cached result (undefined: none yet). */
  startupWorker: boolean;
  startupResult?: CachedResult;
  readinessWorker: boolean;
  readinessResult?: CachedResult;
}

/**
 * started = running and (startup Success, or no startup worker); ready = started and (readiness
 * Success, or no readiness worker). `triggerReadiness`: a started container whose readiness worker
 * has no Success yet gets an immediate readiness probe.
 */
export function startedAndReady(v: ProbeView): { started: boolean; ready: boolean; triggerReadiness: boolean } {
  if (!v.running) return { started: false, ready: false, triggerReadiness: false };
  const started = v.startupWorker ? v.startupResult === 'Success' : true;
  if (!started) return { started, ready: false, triggerReadiness: false };
  if (!v.readinessWorker) return { started, ready: true, triggerReadiness: false };
  const ready = v.readinessResult === 'Success';
  return { started, ready, triggerReadiness: !ready };
}

/** A plain init container is ready iff it terminated with exit code 0 (§7.5). */
export function initContainerReady(s: Pick<ContainerStatus, 'state'>): boolean {
  return s.state.terminated?.exitCode === 0;
}

// ---------------------------------------------------------------------------------------------
// §10 Container status conversion (kubelet_pods.go convertToAPIContainerStatuses), one container

/** One instance of a container as the runtime reports it (kubecontainer.Status). */
export interface RuntimeContainer {
  state: 'created' | 'running' | 'exited' | 'unknown';
  id: string;
  /** The runtime's restart count of this instance. */
  restartCount: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** The runtime's reason: Completed, Error, OOMKilled. */
  reason?: string;
  message?: string;
}

export interface ConvertInput {
  name: string;
  /** This container's instances, newest first (only the two newest matter). */
  runtime: readonly RuntimeContainer[];
  /** Its status in the previous pod status. */
  previous?: ContainerStatus;
  hasInitContainers: boolean;
  isInitContainer: boolean;
  /** The pod has a deletionTimestamp. */
  deleting: boolean;
  /** ShouldContainerBeRestarted for this container (§9.1). */
  shouldRestart: boolean;
  /** The reason cache: why the last start attempt failed (CrashLoopBackOff, ErrImagePull, …). */
  startError?: { reason: string; message?: string };
}

const UNKNOWN_TERMINATED = 'The container could not be located when the pod was terminated';
const UNKNOWN_DELETED = 'The container could not be located when the pod was deleted.  The container used to be Running';

/** convertContainerStatus inside convertToAPIContainerStatuses: one runtime instance. */
function convertRuntime(name: string, cs: RuntimeContainer, prev: ContainerStatus | undefined): ContainerStatus {
  const out: ContainerStatus = { name, state: {}, lastState: {}, ready: false, restartCount: cs.restartCount, containerID: cs.id };
  if (cs.state === 'running') out.state = { running: { startedAt: cs.startedAt ?? 0 } };
  else if (cs.state === 'created') out.state = { waiting: {} };
  else if (cs.state === 'exited') {
    const t: StateTerminated = { exitCode: cs.exitCode ?? 0 };
    if (cs.reason) t.reason = cs.reason;
    if (cs.message) t.message = cs.message;
    if (cs.startedAt !== undefined) t.startedAt = cs.startedAt;
    if (cs.finishedAt !== undefined) t.finishedAt = cs.finishedAt;
    out.state = { terminated: t };
  } else if (prev?.state.running) {
    out.state = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: UNKNOWN_TERMINATED } };
    out.restartCount = prev.restartCount + 1;
  } else out.state = { waiting: {} };
  return out;
}

/** The API status of one container (ready/started are left false; see startedAndReady). */
export function convertContainerStatus(i: ConvertInput): ContainerStatus {
  const defaultReason = i.hasInitContainers ? 'PodInitializing' : 'ContainerCreating';
  const prev = i.previous;
  let status: ContainerStatus = { name: i.name, state: { waiting: { reason: defaultReason } }, lastState: {}, ready: false, restartCount: 0 };
  if (prev) {
    if (prev.state.terminated) status = { ...prev, ready: false };
    else {
      status.restartCount = prev.restartCount;
      status.lastState = prev.lastState;
    }
  }
  if (!i.runtime.length && prev && !prev.state.terminated && prev.state.running
    && status.state.waiting?.reason === defaultReason && !status.lastState.terminated) {
    status = {
      ...status,
      lastState: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: UNKNOWN_DELETED } },
      restartCount: status.restartCount + (i.deleting ? 0 : 1),
    };
  }
  if (i.runtime.length) {
    status = convertRuntime(i.name, i.runtime[0], prev);
    if (i.runtime.length > 1) status.lastState = convertRuntime(i.name, i.runtime[1], prev).state;
  }
  const newest = i.runtime[0];
  const doneInit = i.isInitContainer && newest?.state === 'exited' && (newest.exitCode ?? 0) === 0;
  if (!doneInit && i.shouldRestart && i.startError) {
    if (status.state.terminated) status.lastState = status.state;
    const waiting: StateWaiting = { reason: i.startError.reason };
    if (i.startError.message) waiting.message = i.startError.message;
    status.state = { waiting };
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// §11 getPhase

export interface PhaseOptions {
  /** The kubelet decided the pod is done (terminating / terminated). */
  podIsTerminal?: boolean;
  /** Some regular container has started in this sandbox (HasAnyActiveRegularContainerStarted). */
  podHasInitialized?: boolean;
  /** Gate ContainerRestartRules (default on, as in 1.35). */
  containerRestartRules?: boolean;
  staticPod?: boolean;
}

function findStatus(statuses: readonly ContainerStatus[], name: string | undefined): ContainerStatus | undefined {
  return statuses.find((s) => s.name === (name ?? ''));
}

/** getPhase(pod, allStatuses, podIsTerminal, podHasInitialized). Never returns Unknown. */
export function getPhase(spec: PodSpec, statuses: readonly ContainerStatus[], opts: PhaseOptions = {}): PodPhase {
  const gate = opts.containerRestartRules ?? true;
  const inits = spec.initContainers ?? [];
  let pendingInit = 0;
  let failedInit = 0;
  let failedInitNotRestartable = 0;
  for (const c of inits) {
    if (isSidecar(c)) continue;
    const s = findStatus(statuses, c.name);
    if (!s) { pendingInit++; continue; }
    let failedWith: number | undefined;
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedWith = s.state.terminated.exitCode;
    } else if (s.state.waiting) {
      const last = s.lastState.terminated;
      if (last) { if (last.exitCode !== 0) failedWith = last.exitCode; }
      else pendingInit++;
    } else pendingInit++;
    if (failedWith !== undefined) {
      failedInit++;
      if (gate && !containerShouldRestart(c, spec, failedWith)) failedInitNotRestartable++;
    }
  }

  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0, pendingSidecar = 0;
  let stoppedRestartable = 0;
  for (const c of inits) {
    if (!isSidecar(c)) continue;
    const s = findStatus(statuses, c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) {
      if (s.started !== true) pendingSidecar++;
      running++;
    } else if (s.state.terminated) {
      // terminated sidecars are ignored for the phase
    } else if (s.state.waiting) {
      if (!s.lastState.terminated) { pendingSidecar++; waiting++; }
    } else { pendingSidecar++; unknown++; }
  }
  for (const c of spec.containers ?? []) {
    const s = findStatus(statuses, c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
      if (containerShouldRestart(c, spec, s.state.terminated.exitCode)) stoppedRestartable++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) {
        stopped++;
        if (containerShouldRestart(c, spec, s.lastState.terminated.exitCode)) stoppedRestartable++;
      } else waiting++;
    } else unknown++;
  }

  if (gate ? failedInitNotRestartable > 0 : failedInit > 0 && podRestartPolicy(spec) === 'Never') return 'Failed';
  if (pendingInit > 0 || (pendingSidecar > 0 && !opts.podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (opts.podIsTerminal && !opts.staticPod) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (gate) {
      if (stoppedRestartable > 0) return 'Running';
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    const policy = podRestartPolicy(spec);
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

// ---------------------------------------------------------------------------------------------
// §12 Conditions (pkg/kubelet/status/generate.go)

/** Go's fmt %s of a []string: [a b c]. */
function goList(names: string[]): string {
  return `[${names.join(' ')}]`;
}

/** HasAnyRegularContainerStarted: a regular container's status is running or terminated. */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: readonly ContainerStatus[]): boolean {
  const containers = spec.containers ?? [];
  for (const s of statuses) {
    if ((s.state.running || s.state.terminated) && containers.some((c) => (c.name ?? '') === s.name)) return true;
  }
  return false;
}

function terminalPhaseCondition(type: string, phase: PodPhase): PodCondition {
  return phase === 'Succeeded'
    ? { type, status: type === 'Initialized' ? 'True' : 'False', reason: 'PodCompleted' }
    : { type, status: 'False', reason: 'PodFailed' };
}

/** GeneratePodInitializedCondition. `statuses` undefined = the pod has no statuses at all. */
export function initializedCondition(spec: PodSpec, statuses: readonly ContainerStatus[] | undefined, phase: PodPhase): PodCondition {
  const inits = spec.initContainers ?? [];
  if (statuses === undefined && inits.length > 0) {
    return { type: 'Initialized', status: 'False', reason: 'UnknownContainerStatuses' };
  }
  const all = statuses ?? [];
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = findStatus(all, c.name);
    if (!s) { unknown.push(c.name ?? ''); continue; }
    if (isSidecar(c) ? s.started !== true : !s.ready) incomplete.push(c.name ?? '');
  }
  if (phase === 'Succeeded' && unknown.length === 0) return terminalPhaseCondition('Initialized', phase);
  if (hasAnyRegularContainerStarted(spec, all)) return { type: 'Initialized', status: 'True' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (msgs.length) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: msgs.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

/** GenerateContainersReadyCondition: regular containers and sidecars. */
export function containersReadyCondition(spec: PodSpec, statuses: readonly ContainerStatus[] | undefined, phase: PodPhase): PodCondition {
  if (statuses === undefined) return { type: 'ContainersReady', status: 'False', reason: 'UnknownContainerStatuses' };
  const unknown: string[] = [];
  const unready: string[] = [];
  const considered = [...(spec.initContainers ?? []).filter(isSidecar), ...(spec.containers ?? [])];
  for (const c of considered) {
    const s = findStatus(statuses, c.name);
    if (!s) unknown.push(c.name ?? '');
    else if (!s.ready) unready.push(c.name ?? '');
  }
  if (phase === 'Succeeded' && unknown.length === 0) return terminalPhaseCondition('ContainersReady', phase);
  if (phase === 'Failed') return terminalPhaseCondition('ContainersReady', phase);
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

/** GeneratePodReadyCondition: ContainersReady, then every readiness gate. */
export function readyCondition(spec: PodSpec, containersReady: PodCondition, conditions: readonly PodCondition[]): PodCondition {
  if (containersReady.status !== 'True') {
    return { type: 'Ready', status: containersReady.status, reason: containersReady.reason, message: containersReady.message };
  }
  const msgs: string[] = [];
  for (const g of spec.readinessGates ?? []) {
    const type = g.conditionType ?? '';
    const c = conditions.find((x) => x.type === type);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${type}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${type}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') };
  return { type: 'Ready', status: 'True' };
}

export interface ConditionInput {
  /** Bound to a node (the kubelet only runs bound pods; before that the scheduler says False). */
  scheduled: boolean;
  /** The sandbox exists and its network is configured. */
  sandboxReady: boolean;
  /** Conditions owned by others (readiness gates); preserved and listed first. */
  other?: readonly PodCondition[];
}

/**
 * All pod conditions in the kubelet's order: preserved ones, PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady, PodScheduled. Before scheduling: only PodScheduled False.
 */
export function podConditions(
  spec: PodSpec,
  statuses: readonly ContainerStatus[] | undefined,
  phase: PodPhase,
  input: ConditionInput,
): PodCondition[] {
  if (!input.scheduled) return [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }];
  const other = input.other ?? [];
  const containersReady = containersReadyCondition(spec, statuses, phase);
  return [
    ...other,
    { type: 'PodReadyToStartContainers', status: input.sandboxReady ? 'True' : 'False' },
    initializedCondition(spec, statuses, phase),
    readyCondition(spec, containersReady, other),
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
}

// ---------------------------------------------------------------------------------------------
// §13 kubectl get pod (printPod)

/** apimachinery duration.HumanDuration, as kubectl prints ages. */
export function humanDuration(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const rest = s % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

export interface PrintPodInput {
  spec: PodSpec;
  status: PodStatus;
  /** deletionTimestamp is set. */
  deleting?: boolean;
  /** Seconds since pod creation at which the row is printed (for "(5m ago)"). */
  now: number;
}

function terminatedText(prefix: string, t: { reason?: string; signal?: number; exitCode: number }): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode}`;
}

/** The READY, STATUS and RESTARTS columns of `kubectl get pod`. */
export function printPod({ spec, status, deleting, now }: PrintPodInput): KubectlRow {
  const inits = spec.initContainers ?? [];
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = (spec.containers ?? []).length;
  let ready = 0;
  let lastRestart = -Infinity;
  let lastSidecarRestart = -Infinity;
  let reason: string = status.reason || status.phase;
  for (const c of status.conditions) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initSpec = new Map(inits.map((c) => [c.name ?? '', c]));
  total += inits.filter(isSidecar).length;

  let initializing = false;
  for (let i = 0; i < status.initContainerStatuses.length; i++) {
    const s = status.initContainerStatuses[i];
    const sidecar = isSidecar(initSpec.get(s.name) ?? {});
    restarts += s.restartCount;
    const fin = s.lastState.terminated?.finishedAt;
    if (fin !== undefined && fin > lastRestart) lastRestart = fin;
    if (sidecar) {
      sidecarRestarts += s.restartCount;
      if (fin !== undefined && fin > lastSidecarRestart) lastSidecarRestart = fin;
    }
    if (s.state.terminated && s.state.terminated.exitCode === 0) continue;
    if (sidecar && s.started === true) {
      if (s.ready) ready++;
      continue;
    }
    if (s.state.terminated) reason = terminatedText('Init:', s.state.terminated);
    else if (s.state.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }

  const initializedTrue = status.conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (let i = status.containerStatuses.length - 1; i >= 0; i--) {
      const s = status.containerStatuses[i];
      restarts += s.restartCount;
      const fin = s.lastState.terminated?.finishedAt;
      if (fin !== undefined && fin > lastRestart) lastRestart = fin;
      if (s.state.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state.terminated) reason = terminatedText('', s.state.terminated);
      else if (s.ready && s.state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== -Infinity) restartsText += ` (${humanDuration(now - lastRestart)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

/** Condition type → status, in list order. */
export function conditionMap(conditions: readonly PodCondition[]): Record<string, ConditionStatus> {
  const out: Record<string, ConditionStatus> = {};
  for (const c of conditions) out[c.type] = c.status;
  return out;
}
