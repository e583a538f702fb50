// Plays the kubelet forward in simulated time for one pod and one scenario (simulation.md).
// Event-driven: a priority queue of the next moments something can happen (probe ticks, process
// exits, pulls, back-off expiries); nothing steps second by second. Deterministic; no real timers.
//
// Model of the kubelet (kubelet-semantics.md; [D] = derived, see the notes in the code):
// * Probe workers (worker.ts) for regular containers and sidecars start when the pod is admitted
//   (after scheduleAfter), run doProbe at once and then every periodSeconds aligned to that moment.
//   A worker learns of a new container when it starts (the kubelet: at its next doProbe — the
//   cached results are the same). A worker on hold is not ticked until a new container appears
//   (its doProbe would only skip); it then rejoins its tick grid.
// * A pod sync (SyncPod) runs whenever the runtime reports a change (PLEG: a container started or
//   exited), a probe result changes (readiness, startup, liveness → Failure), a back-off expires,
//   and 10 s after a sync that failed with ErrImagePull (the pod worker's back-off period, no jitter).
//   Each sync first regenerates the status, which triggers an immediate readiness probe for every
//   started container whose readiness has no Success yet (§7.5), then computes the actions:
//   kills (synchronous: the sync waits for the container to exit), then starts in order (each
//   checked against the crash-loop back-off against the newest exited instance as it was when the
//   sync began; image pulls block the sync).
// * Probes take no time; an attempt succeeds when healthyAfter ≤ seconds since start < unhealthyAfter.
import {
  effectiveTiming, PROBE_LABEL,
  type Container, type PodSpec, type ProbeKind, type LifecycleHandler,
} from '../k8s';
import { BackOff, crashLoopBackOff, goDuration, imagePullBackOff } from './backoff';
import { StepQueue } from './heap';
import {
  MINIMUM_GRACE_PERIOD, containerShouldRestart, isSidecar, killGracePeriod, podGracePeriod,
  podRestartPolicy, probeKillDecision, shouldContainerBeRestarted, stopSignalNumber, type RuntimeRecord,
} from './restart';
import { ScenarioError, type Scenario, type ScenarioContainerInput } from './scenario';
import {
  conditionMap, convertContainerStatus, getPhase, initContainerReady, podConditions, printPod, startedAndReady,
  type RuntimeContainer,
} from './status';
import {
  DEFAULT_KUBELET_OPTIONS, MAX_RECORDED_ATTEMPTS,
  type ContainerState, type ContainerStatus, type KubeletEvent, type KubeletOptions, type KubectlRow,
  type PodCondition, type PodPhase, type PodStatus, type SimAttempt, type SimContainerInfo,
  type SimContainerType, type SimEvent, type SimField, type SimFinal, type SimFinalContainer,
  type SimResult, type SimRun,
} from './types';
import { ProbeWorker, type CachedResult } from './worker';

export interface SimulateInput {
  spec: PodSpec;
  name?: string;
  namespace?: string;
  /** Pod UID used in back-off messages; default: derived from namespace/name. */
  uid?: string;
  scenario: Scenario;
  /** Names the scenario in error messages (e.g. its file name). Default "scenario". */
  scenarioName?: string;
  options?: Partial<KubeletOptions>;
}

/** Runs the scenario. Throws ScenarioError when the scenario does not fit the pod. */
export function simulate(input: SimulateInput): SimResult {
  return new Simulation(input).run();
}

// Order of steps at the same instant: runtime (exits, pulls), then probe ticks, then syncs.
const PRIO_POD = 0;
const PRIO_RUNTIME = 1;
const PRIO_PROBE = 2;
const PRIO_SYNC = 3;
/** kubelet backOffPeriod: the pod worker retries a sync that returned an error after this long. */
const POD_WORKER_BACKOFF = 10;

interface Instance {
  n: number;
  run: SimRun;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  killing?: boolean;
}

interface WorkerSlot {
  kind: ProbeKind;
  worker: ProbeWorker;
  /** Bumped when the ticker is reset by a manual trigger; stale ticks are dropped. */
  gen: number;
  /** When this worker last ran a probe: a trigger at the same instant does not probe twice. */
  lastAttemptAt: number;
  /** The ticker's origin (admission, or the last manual trigger): ticks fall on base + k × period. */
  base: number;
  /** On hold: nothing but a new container can wake it, so its ticks are not scheduled meanwhile. */
  parked: boolean;
}

interface Ctr {
  name: string;
  spec: Container;
  type: SimContainerType;
  info: SimContainerInfo;
  cur?: Instance;
  prev?: Instance;
  starts: number;
  imagePresent: boolean;
  /** The kubelet's reason cache: why the last start attempt failed. */
  waiting?: { reason: string; message?: string };
  slots: WorkerSlot[];
  byKind: Partial<Record<ProbeKind, WorkerSlot>>;
  last?: ContainerStatus;
}

interface StartOp { c: Ctr; ref?: number }
interface KillOp { c: Ctr; grace: number; message: string }
interface Job { kills: KillOp[]; starts: StartOp[]; next: number; waiting: Set<Ctr>; again: boolean; failed: boolean; refused: Ctr[] }

function runtimeOf(name: string, i: Instance): RuntimeContainer {
  const r: RuntimeContainer = {
    state: i.finishedAt === undefined ? 'running' : 'exited', id: `sim://${name}/${i.n}`, restartCount: i.n - 1, startedAt: i.startedAt,
  };
  if (i.finishedAt !== undefined) {
    r.finishedAt = i.finishedAt;
    r.exitCode = i.exitCode;
    r.reason = i.reason;
  }
  return r;
}

/** The RESTARTS column without its "(5m ago)" part. */
function restartsCount(r: KubectlRow): string {
  const i = r.restarts.indexOf(' ');
  return i < 0 ? r.restarts : r.restarts.slice(0, i);
}

function isRunning(c: Ctr): boolean {
  return !!c.cur && c.cur.finishedAt === undefined;
}

/** finishedAt of the newest exited instance (the back-off reference). */
function newestExit(c: Ctr): number | undefined {
  return c.cur?.finishedAt !== undefined ? c.cur.finishedAt : c.prev?.finishedAt;
}

function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}

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
  const gates = raw.readinessGates;
  spec.readinessGates = Array.isArray(gates) ? gates.filter((g): g is { conditionType: string } => isObject(g) && typeof g.conditionType === 'string') : [];
  return { spec, problems };
}

function resolveRuns(type: SimContainerType, input: ScenarioContainerInput | undefined, name: string, warnings: string[]): SimRun[] {
  const runs = input?.runs?.length ? input.runs : [{}];
  return runs.map((r, i) => {
    const where = `containers.${name}.runs[${i}]`;
    const exitAfter = r.exitAfter ?? (type === 'init' ? 0 : undefined);
    // simulation.md: exitAfter defaults to never, so these are valid and simply have no effect;
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
    return run;
  });
}

class Simulation {
  private readonly spec: PodSpec;
  private readonly scenario: Scenario;
  private readonly opts: KubeletOptions;
  private readonly name: string;
  private readonly namespace: string;
  private readonly uid: string;
  private readonly q = new StepQueue();
  private readonly ctrs: Ctr[] = [];
  private readonly inits: Ctr[] = [];
  private readonly regular: Ctr[] = [];
  private readonly crashBackOff: BackOff;
  private readonly imageBackOff = imagePullBackOff();

  private t = 0;
  /** Priority of the step being run (which steps of this instant have already happened). */
  private prio = PRIO_POD;
  private scheduled = false;
  private admitted = false;
  private sandboxReady = false;
  private deleting = false;
  private everStartedRegular = false;
  /** Set when the kubelet kills the whole pod (completion, deletion, failure). */
  private killingPod?: { reason: 'completion' | 'deletion' | 'failed'; deadline: number };
  private terminal = false;
  private phase: PodPhase = 'Pending';
  private job?: Job;
  private readonly syncAt = new Set<number>();

  private readonly events: SimEvent[] = [];
  private readonly attempts: SimAttempt[] = [];
  private attemptsDropped = 0;
  private readonly warnings: string[] = [];
  private readonly kubeletEvents: KubeletEvent[] = [];
  private readonly watch: SimResult['watch'] = [];
  private lastConditions = new Map<string, PodCondition>();
  private lastPhase = '';
  private lastRow?: KubectlRow;
  private status?: PodStatus;

  constructor(input: SimulateInput) {
    const checked = checkPodSpec(input.spec);
    if (checked.problems.length) throw new ScenarioError(checked.problems, 'pod spec');
    this.spec = checked.spec;
    this.scenario = input.scenario;
    this.opts = { ...DEFAULT_KUBELET_OPTIONS, ...input.options };
    this.name = input.name ?? 'pod';
    this.namespace = input.namespace ?? 'default';
    this.uid = input.uid ?? podUid(this.namespace, this.name);
    this.crashBackOff = crashLoopBackOff(this.opts.crashLoopBackOff.initial, this.opts.crashLoopBackOff.max);

    const problems: string[] = [];
    const make = (spec: Container, type: SimContainerType): Ctr => {
      const name = spec.name ?? '';
      const sc = this.scenario.containers[name];
      const probes: SimContainerInfo['probes'] = {};
      const slots: WorkerSlot[] = [];
      const byKind: Ctr['byKind'] = {};
      if (type !== 'init') {
        // AddPod starts workers in the order startup, readiness, liveness (§6.3).
        for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
          const p = spec[kind];
          if (!p || typeof p !== 'object') continue;
          const timing = effectiveTiming(p);
          probes[kind] = p.terminationGracePeriodSeconds !== undefined && kind !== 'readinessProbe'
            ? { ...timing, terminationGracePeriodSeconds: p.terminationGracePeriodSeconds }
            : timing;
          const slot: WorkerSlot = { kind, worker: new ProbeWorker(kind, timing), gen: 0, lastAttemptAt: -Infinity, base: 0, parked: false };
          slots.push(slot);
          byKind[kind] = slot;
        }
      }
      const info: SimContainerInfo = {
        name, type, probes,
        pullSeconds: sc?.pullSeconds ?? 0,
        pullFails: sc?.pullFails ?? false,
        runs: resolveRuns(type, sc, name, this.warnings),
      };
      if (spec.image) info.image = spec.image;
      const preStop = preStopDuration(spec.lifecycle?.preStop);
      if (preStop !== undefined) info.preStopSeconds = preStop;
      return { name, spec, type, info, starts: 0, imagePresent: false, slots, byKind };
    };
    for (const c of this.spec.initContainers ?? []) this.inits.push(make(c, isSidecar(c) ? 'sidecar' : 'init'));
    for (const c of this.spec.containers ?? []) this.regular.push(make(c, 'container'));
    this.ctrs.push(...this.inits, ...this.regular);

    const known = new Set(this.ctrs.map((c) => c.name));
    for (const name of Object.keys(this.scenario.containers)) {
      if (!known.has(name)) {
        problems.push(`containers.${name}: the pod has no container named "${name}" (it has: ${[...known].join(', ') || 'none'})`);
      }
    }
    if (this.scenario.deleteAfter !== undefined && this.scenario.deleteAfter < this.scenario.scheduleAfter) {
      problems.push(`deleteAfter (${this.scenario.deleteAfter}) is before scheduleAfter (${this.scenario.scheduleAfter})`);
    }
    if (!this.regular.length) throw new ScenarioError(['the pod has no containers to simulate'], 'pod spec');
    if (problems.length) throw new ScenarioError(problems, input.scenarioName);
  }

  run(): SimResult {
    const until = this.scenario.until;
    const admitAt = this.scenario.scheduleAfter;
    if (admitAt > 0) this.q.push(0, PRIO_POD, () => this.flush());
    this.q.push(admitAt, PRIO_POD, () => this.admit());
    if (this.scenario.deleteAfter !== undefined) this.q.push(this.scenario.deleteAfter, PRIO_POD, () => this.delete());
    for (let step = this.q.pop(); step; step = this.q.pop()) {
      if (step.t > until) break;
      this.t = step.t;
      this.prio = step.prio;
      step.run();
    }
    this.t = until;
    this.flush();
    return this.result();
  }

  // ------------------------------------------------------------------ pod-level steps

  private admit(): void {
    this.scheduled = true;
    this.admitted = true;
    this.sandboxReady = true;
    this.kevent('Normal', 'Scheduled', 'pod', `Successfully assigned ${this.namespace}/${this.name} to node-1`);
    // Workers start with the pod; their first doProbe runs now and finds no container yet.
    for (const c of this.ctrs) {
      for (const slot of c.slots) {
        slot.base = this.t;
        this.q.push(this.t, PRIO_PROBE, () => this.tick(c, slot, 0));
      }
    }
    this.flush();
    this.requestSync();
  }

  private delete(): void {
    if (this.terminal) return;
    this.deleting = true;
    this.killingPod = { reason: 'deletion', deadline: this.t + podGracePeriod(this.spec) };
    this.flush();
    this.requestSync();
  }

  // ------------------------------------------------------------------ probes

  private tick(c: Ctr, slot: WorkerSlot, gen: number): void {
    if (gen !== slot.gen || slot.worker.stopped) return;
    this.doProbe(c, slot);
    if (slot.worker.onHold) slot.parked = true;
    else this.scheduleTick(c, slot, round(this.t + slot.worker.timing.periodSeconds));
  }

  private scheduleTick(c: Ctr, slot: WorkerSlot, at: number): void {
    if (slot.worker.stopped) return;
    const g = slot.gen;
    this.q.push(at, PRIO_PROBE, () => this.tick(c, slot, g));
  }

  /** A new container: a parked worker rejoins its ticker at the next tick that has not happened yet. */
  private unpark(c: Ctr, slot: WorkerSlot): void {
    if (!slot.parked) return;
    slot.parked = false;
    const p = slot.worker.timing.periodSeconds;
    let at = round(slot.base + Math.ceil((this.t - slot.base) / p - 1e-9) * p);
    if (at < this.t || (at === this.t && this.prio >= PRIO_PROBE)) at = round(at + p);
    this.scheduleTick(c, slot, at);
  }

  /** The manager's manualTriggerCh: probe now and restart the ticker from now. */
  private trigger(c: Ctr, slot: WorkerSlot): void {
    if (slot.worker.stopped || slot.lastAttemptAt === this.t) return;
    slot.gen++;
    slot.base = this.t;
    slot.parked = false;
    this.doProbe(c, slot);
    if (slot.worker.onHold) slot.parked = true;
    else this.scheduleTick(c, slot, round(this.t + slot.worker.timing.periodSeconds));
  }

  private doProbe(c: Ctr, slot: WorkerSlot): void {
    if (slot.lastAttemptAt === this.t) return;
    const w = slot.worker;
    const inst = c.cur;
    const running = !!inst && inst.finishedAt === undefined;
    const before = w.result;
    const gate = w.shouldProbe({
      hasStatus: !!inst,
      running,
      secondsSinceStart: inst ? this.t - inst.startedAt : 0,
      started: this.startedOf(c),
      deleting: this.deleting,
      podTerminal: this.terminal,
      willRestart: this.workerKeepsGoing(c),
    });
    if (w.result !== before) this.resultChanged(c, slot, before, w.result, gate.probe ? '' : gate.reason);
    if (!gate.probe || !inst) return;
    slot.lastAttemptAt = this.t;
    const s = this.t - inst.startedAt;
    const ok = s >= inst.run.healthyAfter && (inst.run.unhealthyAfter === undefined || s < inst.run.unhealthyAfter);
    if (this.attempts.length < MAX_RECORDED_ATTEMPTS) {
      this.attempts.push({ t: this.t, container: c.name, kind: slot.kind, ok });
      if (!ok) {
        this.kevent('Warning', 'Unhealthy', c.name, `${PROBE_LABEL[slot.kind]} probe failed: the simulated app does not answer (${fmtSeconds(s)} after start)`);
      }
    } else this.attemptsDropped++;
    const r = w.record(ok ? 'success' : 'failure');
    if (r.changed) {
      const n = slot.worker.lastResult === 'Failure' ? w.timing.failureThreshold : w.timing.successThreshold;
      const why = `${n} consecutive ${r.to === 'Success' ? 'success' : 'failure'}${n === 1 ? '' : r.to === 'Success' ? 'es' : 's'}`;
      this.resultChanged(c, slot, r.from, r.to, why);
    }
  }

  /** doProbe step 6: false only when the container is terminated and will never run again. */
  private workerKeepsGoing(c: Ctr): boolean {
    const s = c.last ?? this.containerStatus(c);
    const term = s.state.terminated;
    if (!term) return true;
    if (this.opts.containerRestartRules) return containerShouldRestart(c.spec, this.spec, term.exitCode);
    return podRestartPolicy(this.spec) !== 'Never' || c.type === 'sidecar';
  }

  private resultChanged(c: Ctr, slot: WorkerSlot, from: CachedResult, to: CachedResult, why: string): void {
    this.event(c.name, `probe:${slot.kind}`, from, to, why ? { reason: why } : {});
    if (slot.kind === 'livenessProbe' && to !== 'Failure') return;
    this.flush();
    this.requestSync();
  }

  private startedOf(c: Ctr): boolean {
    return this.view(c).started;
  }

  private view(c: Ctr): { started: boolean; ready: boolean; triggerReadiness: boolean } {
    const inst = c.cur;
    const running = !!inst && inst.finishedAt === undefined;
    const st = c.byKind.startupProbe;
    const rd = c.byKind.readinessProbe;
    return startedAndReady({
      running,
      startupWorker: !!st,
      startupResult: st?.worker.result,
      readinessWorker: !!rd,
      readinessResult: rd?.worker.result,
    });
  }

  // ------------------------------------------------------------------ syncs

  private requestSync(): void {
    this.syncAtTime(this.t);
  }

  private syncAtTime(t: number): void {
    const at = round(t);
    if (this.syncAt.has(at)) return;
    this.syncAt.add(at);
    this.q.push(at, PRIO_SYNC, () => {
      this.syncAt.delete(at);
      this.sync();
    });
  }

  private sync(): void {
    if (!this.admitted) return;
    if (this.job) {
      this.job.again = true;
      return;
    }
    this.flush();
    if (this.terminal && !this.killingPod) return;
    // generateAPIPodStatus → UpdatePodStatus: kick readiness for started, not-yet-ready containers.
    for (const c of this.ctrs) {
      const rd = c.byKind.readinessProbe;
      if (rd && this.view(c).triggerReadiness) this.trigger(c, rd);
    }
    const plan = this.plan();
    if (!plan.kills.length && !plan.starts.length) return;
    this.job = { ...plan, next: 0, waiting: new Set(), again: false, failed: false, refused: [] };
    for (const k of plan.kills) this.kill(k.c, k.grace, k.message);
    for (const k of plan.kills) if (k.c.cur && k.c.cur.finishedAt === undefined) this.job.waiting.add(k.c);
    if (!this.job.waiting.size) this.continueJob();
  }

  /** computePodActions: what to kill and what to start, from the state at the start of the sync. */
  private plan(): { kills: KillOp[]; starts: StartOp[] } {
    const kills: KillOp[] = [];
    const starts: StartOp[] = [];
    const start = (c: Ctr) => starts.push({ c, ref: newestExit(c) });

    if (this.killingPod) {
      // Regular containers first (in parallel), then sidecars one by one in reverse order.
      const left = Math.max(this.killingPod.deadline - this.t, MINIMUM_GRACE_PERIOD);
      const stopping = (c: Ctr) => ({ c, grace: killGracePeriod(this.spec, c.spec, 'pod', left), message: `Stopping container ${c.name}` });
      const live = this.ctrs.filter((c) => isRunning(c) && !c.cur?.killing);
      const regularLive = live.filter((c) => c.type !== 'sidecar');
      if (regularLive.length) kills.push(...regularLive.map(stopping));
      else if (!this.ctrs.some((c) => c.type !== 'sidecar' && isRunning(c))) {
        const sidecars = live.filter((c) => c.type === 'sidecar');
        if (sidecars.length) kills.push(stopping(sidecars[sidecars.length - 1]));
      }
      return { kills, starts };
    }

    const gate = this.opts.containerRestartRules;
    const initialized = this.everStartedRegular;
    const probeKill = (c: Ctr) => {
      const d = this.probeKill(c);
      if (!d) return false;
      kills.push(d.kill);
      if (d.restart) start(c);
      return true;
    };

    let initDone = true;
    for (const c of this.inits) {
      if (c.type === 'sidecar') {
        if (!c.cur || c.cur.finishedAt !== undefined) {
          start(c);
          if (!initialized) { initDone = false; break; }
          continue;
        }
        if (probeKill(c)) {
          if (!initialized) { initDone = false; break; }
          continue;
        }
        if (!this.startedOf(c) && !initialized) { initDone = false; break; }
        continue;
      }
      if (initialized) continue;
      if (!c.cur) { start(c); initDone = false; break; }
      if (c.cur.finishedAt === undefined) { initDone = false; break; }
      if (c.cur.exitCode === 0) continue;
      if (shouldContainerBeRestarted(c.spec, this.spec, { state: 'exited', exitCode: c.cur.exitCode ?? 0 }, { containerRestartRules: gate })) start(c);
      initDone = false;
      break;
    }
    if (!initDone) return { kills, starts };

    for (const c of this.regular) {
      if (!c.cur) { start(c); continue; }
      if (c.cur.finishedAt !== undefined) {
        if (shouldContainerBeRestarted(c.spec, this.spec, this.record(c), { containerRestartRules: gate })) start(c);
        continue;
      }
      probeKill(c);
    }
    // No regular container left running and none to start: the pod is done; stop the sidecars.
    const keep = this.regular.some((c) => isRunning(c) && !kills.some((k) => k.c === c));
    const regularStarts = starts.some((s) => s.c.type === 'container');
    if (!keep && !regularStarts && this.regular.every((c) => c.cur)) {
      this.killingPod = { reason: 'completion', deadline: this.t + podGracePeriod(this.spec) };
      const plan = this.plan();
      return { kills: [...kills, ...plan.kills], starts: [] };
    }
    return { kills, starts };
  }

  /** A running container with a liveness/startup Failure: the kill (and whether it restarts). */
  private probeKill(c: Ctr): { kill: KillOp; restart: boolean } | undefined {
    if (!isRunning(c) || c.cur?.killing) return undefined;
    const d = probeKillDecision(c.spec, this.spec, {
      liveness: c.byKind.livenessProbe?.worker.result,
      startup: c.byKind.startupProbe?.worker.result,
    }, { containerRestartRules: this.opts.containerRestartRules, sidecar: c.type === 'sidecar' });
    if (!d.kill) return undefined;
    return { kill: { c, grace: killGracePeriod(this.spec, c.spec, d.reason), message: d.message }, restart: d.restart };
  }

  private record(c: Ctr): RuntimeRecord {
    if (!c.cur) return { state: 'none' };
    if (c.cur.finishedAt === undefined) return { state: 'running' };
    return { state: 'exited', exitCode: c.cur.exitCode ?? 0 };
  }

  private continueJob(): void {
    const job = this.job;
    if (!job) return;
    while (job.next < job.starts.length) {
      const op = job.starts[job.next++];
      if (this.startOp(op, job) === 'pulling') return;
    }
    this.job = undefined;
    if (job.failed) this.syncAtTime(this.t + POD_WORKER_BACKOFF);
    for (const c of job.refused) this.scheduleBackOffSync(c);
    this.flush();
    if (job.again) this.requestSync();
  }

  /** The kubelet re-syncs the pod when a crash-loop or image back-off expires ([D], §9.3 schedule). */
  private scheduleBackOffSync(c: Ctr): void {
    if (c.waiting?.reason === 'CrashLoopBackOff') {
      const ref = c.cur?.finishedAt ?? c.prev?.finishedAt;
      const at = ref === undefined ? undefined : this.crashBackOff.expiresAt(c.name, ref);
      if (at !== undefined) this.syncAtTime(Math.max(at, this.t));
    } else if (c.waiting?.reason === 'ImagePullBackOff') {
      const at = this.imageBackOff.updateExpiresAt(this.imageKey(c));
      if (at !== undefined) this.syncAtTime(Math.max(at, this.t));
    }
  }

  private imageKey(c: Ctr): string {
    return c.spec.image ?? `<${c.name}>`;
  }

  /** One entry of ContainersToStart: doBackOff, EnsureImageExists, create and start. */
  private startOp(op: StartOp, job: Job): 'started' | 'refused' | 'pulling' | 'failed' {
    const c = op.c;
    if (this.killingPod) return 'refused'; // the pod started terminating while this sync waited
    if (op.ref !== undefined) {
      if (this.crashBackOff.isInBackOffSince(c.name, op.ref, this.t)) {
        const b = goDuration(this.crashBackOff.get(c.name));
        const pod = `${this.name}_${this.namespace}(${this.uid})`;
        c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${b} restarting failed container=${c.name} pod=${pod}` };
        this.kevent('Warning', 'BackOff', c.name, `Back-off restarting failed container ${c.name} in pod ${pod}`);
        job.refused.push(c);
        this.flush();
        return 'refused';
      }
      this.crashBackOff.next(c.name, op.ref, this.t);
    }
    if (!c.imagePresent) {
      const image = c.spec.image ?? '';
      if (this.imageBackOff.isInBackOffSinceUpdate(this.imageKey(c), this.t)) {
        c.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
        this.kevent('Normal', 'BackOff', c.name, `Back-off pulling image "${image}"`);
        this.kevent('Warning', 'Failed', c.name, 'Error: ImagePullBackOff');
        job.refused.push(c);
        this.flush();
        return 'refused';
      }
      const pull = c.info.pullSeconds;
      if (pull > 0 || c.info.pullFails) this.kevent('Normal', 'Pulling', c.name, `Pulling image "${image}"`);
      if (pull > 0) {
        this.q.push(round(this.t + pull), PRIO_RUNTIME, () => {
          this.pulled(c, job, pull);
          this.continueJob();
        });
        return 'pulling';
      }
      return this.pulled(c, job, 0);
    }
    this.startInstance(c);
    return 'started';
  }

  private pulled(c: Ctr, job: Job, took: number): 'started' | 'failed' {
    const image = c.spec.image ?? '';
    if (c.info.pullFails) {
      this.imageBackOff.next(this.imageKey(c), this.t, this.t);
      c.waiting = { reason: 'ErrImagePull', message: `failed to pull image "${image}" (the scenario says the pull fails)` };
      this.kevent('Warning', 'Failed', c.name, `Failed to pull image "${image}": the scenario says the pull fails`);
      this.kevent('Warning', 'Failed', c.name, 'Error: ErrImagePull');
      job.failed = true;
      this.flush();
      return 'failed';
    }
    c.imagePresent = true;
    this.kevent('Normal', 'Pulled', c.name, took > 0
      ? `Successfully pulled image "${image}" in ${goDuration(took)} (${goDuration(took)} including waiting)`
      : `Container image "${image}" already present on machine`);
    this.startInstance(c);
    return 'started';
  }

  private startInstance(c: Ctr): void {
    const n = ++c.starts;
    const run = c.info.runs[Math.min(n - 1, c.info.runs.length - 1)];
    if (c.cur) c.prev = c.cur;
    const inst: Instance = { n, run, startedAt: this.t };
    c.cur = inst;
    c.waiting = undefined;
    if (c.type === 'container') this.everStartedRegular = true;
    this.kevent('Normal', 'Created', c.name, `Created container: ${c.name}`);
    this.kevent('Normal', 'Started', c.name, `Started container ${c.name}`);
    for (const slot of c.slots) {
      const before = slot.worker.result;
      slot.worker.newContainer();
      this.unpark(c, slot);
      if (slot.worker.result !== before) this.resultChanged(c, slot, before, slot.worker.result, 'new container');
    }
    if (run.exitAfter !== undefined) {
      const code = run.oomKilled ? 137 : run.exitCode;
      const reason = run.oomKilled ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
      this.q.push(round(this.t + run.exitAfter), PRIO_RUNTIME, () => this.exit(c, inst, code, reason));
    }
    this.flush();
    if (this.job) this.job.again = true; // PLEG: ContainerStarted
    else this.requestSync();
  }

  /** killContainer: preStop (bounded by the grace period), stop signal, SIGKILL after the rest of it. */
  private kill(c: Ctr, grace: number, message: string): void {
    const inst = c.cur;
    if (!inst || inst.finishedAt !== undefined || inst.killing) return;
    inst.killing = true;
    this.kevent('Normal', 'Killing', c.name, message);
    const hook = inst.run.preStopSeconds ?? c.info.preStopSeconds;
    const hookTook = hook === undefined ? 0 : Math.min(hook, grace);
    const signalAt = this.t + hookTook;
    const rest = Math.max(grace - hookTook, MINIMUM_GRACE_PERIOD);
    const [at, code] = inst.run.ignoresSigterm
      ? [signalAt + rest, 137]
      : [signalAt, 128 + stopSignalNumber(c.spec)];
    if (at === this.t) this.exit(c, inst, code, 'Error');
    else this.q.push(round(at), PRIO_RUNTIME, () => this.exit(c, inst, code, 'Error'));
  }

  private exit(c: Ctr, inst: Instance, code: number, reason: string): void {
    if (c.cur !== inst || inst.finishedAt !== undefined) return;
    inst.finishedAt = this.t;
    inst.exitCode = code;
    inst.reason = reason;
    this.flush();
    const job = this.job;
    if (job && job.waiting.delete(c)) {
      if (!job.waiting.size) this.continueJob();
      return;
    }
    if (job) job.again = true; // PLEG: ContainerDied
    else this.requestSync();
  }

  // ------------------------------------------------------------------ status and events

  private runtime(c: Ctr): RuntimeContainer[] {
    const out: RuntimeContainer[] = [];
    if (c.cur) out.push(runtimeOf(c.name, c.cur));
    if (c.prev) out.push(runtimeOf(c.name, c.prev));
    return out;
  }

  private containerStatus(c: Ctr): ContainerStatus {
    const s = convertContainerStatus({
      name: c.name,
      runtime: this.runtime(c),
      previous: c.last,
      hasInitContainers: this.inits.length > 0,
      isInitContainer: c.type !== 'container',
      deleting: this.deleting,
      shouldRestart: shouldContainerBeRestarted(c.spec, this.spec, this.record(c), {
        deleting: this.deleting, containerRestartRules: this.opts.containerRestartRules,
      }),
      startError: c.waiting,
    });
    if (c.type === 'init') {
      s.started = !!s.state.running;
      s.ready = initContainerReady(s);
    } else {
      const v = this.view(c);
      s.started = v.started;
      s.ready = v.ready;
    }
    return s;
  }

  private buildStatus(): PodStatus {
    const initStatuses = this.inits.map((c) => this.containerStatus(c));
    const statuses = this.regular.map((c) => this.containerStatus(c));
    const all = this.admitted ? [...initStatuses, ...statuses] : undefined;
    if (!this.terminal) {
      const nothingRunning = this.ctrs.every((c) => !c.cur || c.cur.finishedAt !== undefined);
      const phase = getPhase(this.spec, all ?? [], {
        podIsTerminal: this.killingPod !== undefined && nothingRunning && !this.job,
        podHasInitialized: this.everStartedRegular,
        containerRestartRules: this.opts.containerRestartRules,
      });
      this.phase = phase;
    }
    const other: PodCondition[] = (this.spec.readinessGates ?? [])
      .map((g) => g.conditionType ?? '')
      .filter((type) => this.scenario.readinessGates[type] !== undefined)
      .map((type) => ({ type, status: this.scenario.readinessGates[type] }));
    const conditions = podConditions(this.spec, all, this.phase, {
      scheduled: this.scheduled, sandboxReady: this.sandboxReady, other,
    });
    return {
      phase: this.phase,
      conditions,
      initContainerStatuses: this.admitted ? initStatuses : [],
      containerStatuses: this.admitted ? statuses : [],
    };
  }

  /** Regenerates the status and records every field that changed since the last time. */
  private flush(): void {
    const wasTerminal = this.terminal;
    this.snapshot();
    if (this.terminal && !wasTerminal) {
      const running = this.ctrs.some((c) => c.cur && c.cur.finishedAt === undefined);
      if (running && !this.killingPod) {
        // The kubelet terminates a pod that reached a terminal phase: kill what still runs.
        this.killingPod = { reason: 'failed', deadline: this.t + podGracePeriod(this.spec) };
        this.requestSync();
      }
    }
    // Once the pod is terminal and nothing runs any more, the sandbox is torn down.
    if (this.terminal && this.sandboxReady && !this.job && this.ctrs.every((c) => !c.cur || c.cur.finishedAt !== undefined)) {
      this.sandboxReady = false;
      this.snapshot();
    }
  }

  private snapshot(): void {
    const status = this.buildStatus();
    this.status = status;
    if (this.admitted) {
      const all = [...status.initContainerStatuses, ...status.containerStatuses];
      for (let i = 0; i < all.length; i++) this.diffContainer(this.ctrs[i], all[i]);
    }
    if (status.phase !== this.lastPhase) {
      this.event('pod', 'phase', this.lastPhase, status.phase, {});
      this.lastPhase = status.phase;
      if (status.phase === 'Succeeded' || status.phase === 'Failed') this.terminal = true;
    }
    for (const cond of status.conditions) {
      const prev = this.lastConditions.get(cond.type);
      if (!prev || prev.status !== cond.status || prev.reason !== cond.reason || prev.message !== cond.message) {
        const extra: { reason?: string; message?: string } = {};
        if (cond.reason) extra.reason = cond.reason;
        if (cond.message) extra.message = cond.message;
        this.event('pod', `condition:${cond.type}`, prev?.status ?? '', cond.status, extra);
        this.lastConditions.set(cond.type, cond);
      }
    }
    const row = printPod({ spec: this.spec, status, deleting: this.deleting, now: this.t });
    const last = this.lastRow;
    if (!last || row.ready !== last.ready || row.status !== last.status || restartsCount(row) !== restartsCount(last)) {
      this.watch.push({ t: this.t, ...row });
      this.lastRow = row;
    }
  }

  private diffContainer(c: Ctr, s: ContainerStatus): void {
    const prev = c.last;
    c.last = s;
    const [name, info] = stateSummary(s.state);
    const [pname, pinfo] = prev ? stateSummary(prev.state) : ['', {}];
    if (!prev || name !== pname || info.reason !== pinfo.reason || info.message !== pinfo.message || info.exitCode !== pinfo.exitCode) {
      this.event(c.name, 'state', pname, name, info);
    }
    if (!prev) return;
    if (s.restartCount !== prev.restartCount) this.event(c.name, 'restartCount', String(prev.restartCount), String(s.restartCount), {});
    if (!!s.started !== !!prev.started) this.event(c.name, 'started', String(!!prev.started), String(!!s.started), {});
    if (s.ready !== prev.ready) this.event(c.name, 'ready', String(prev.ready), String(s.ready), {});
  }

  private event(subject: string, field: SimField, from: string, to: string, extra: { reason?: string; message?: string; exitCode?: number }): void {
    const e: SimEvent = { t: this.t, subject, field, from, to };
    if (extra.reason) e.reason = extra.reason;
    if (extra.message) e.message = extra.message;
    if (extra.exitCode !== undefined) e.exitCode = extra.exitCode;
    this.events.push(e);
  }

  private kevent(type: 'Normal' | 'Warning', reason: string, object: string, message: string): void {
    this.kubeletEvents.push({ t: this.t, type, reason, object, message });
  }

  private result(): SimResult {
    const status = this.status ?? this.buildStatus();
    const containers: Record<string, SimFinalContainer> = {};
    for (const s of [...status.initContainerStatuses, ...status.containerStatuses]) {
      const [state, info] = stateSummary(s.state);
      containers[s.name] = { state, ...info, ready: s.ready, started: !!s.started, restartCount: s.restartCount };
    }
    if (!this.admitted) {
      for (const c of this.ctrs) containers[c.name] = { state: 'Waiting', ready: false, started: false, restartCount: 0 };
    }
    const final: SimFinal = {
      phase: status.phase,
      conditions: conditionMap(status.conditions),
      containers,
      kubectl: printPod({ spec: this.spec, status, deleting: this.deleting, now: this.t }),
    };
    return {
      events: collapseInstantChanges(this.events),
      final,
      attempts: this.attempts,
      kubeletEvents: this.kubeletEvents,
      watch: this.watch.filter((row, i, rows) => rows[i + 1]?.t !== row.t),
      pod: {
        name: this.name, namespace: this.namespace, uid: this.uid,
        restartPolicy: podRestartPolicy(this.spec), terminationGracePeriodSeconds: podGracePeriod(this.spec),
      },
      containers: this.ctrs.map((c) => c.info),
      until: this.scenario.until,
      scheduleAfter: this.scenario.scheduleAfter,
      ...(this.scenario.deleteAfter !== undefined && this.scenario.deleteAfter <= this.scenario.until ? { deletedAt: this.scenario.deleteAfter } : {}),
      ...(this.attemptsDropped ? { attemptsDropped: this.attemptsDropped } : {}),
      ...(this.warnings.length || this.scenario.warnings?.length ? { warnings: [...(this.scenario.warnings ?? []), ...this.warnings] } : {}),
    };
  }
}

/**
 * Within one instant the simulation passes through intermediate values (a killed container is
 * not ready for zero seconds before its restart). Keep container states and probe results as they
 * happened; for the other fields merge same-instant chains and drop those that end where they began.
 */
export function collapseInstantChanges(events: readonly SimEvent[]): SimEvent[] {
  const out: (SimEvent | undefined)[] = [];
  const lastIdx = new Map<string, number>();
  const before = new Map<string, SimEvent | undefined>();
  for (const e of events) {
    if (e.field === 'state' || e.field.startsWith('probe:')) { out.push(e); continue; }
    const key = `${e.subject}\u0000${e.field}`;
    const i = lastIdx.get(key);
    const prev = i === undefined ? undefined : out[i];
    // A field's first value (from "") is never merged away: the pod is created Pending and its
    // conditions start False (simulation.md "Output", kubelet-semantics.md §11, §12), even when the
    // container starts in the same second. Only later same-instant round trips are collapsed.
    if (prev && prev.t === e.t && prev.from !== '') {
      const merged: SimEvent = { ...e, from: prev.from };
      out[i as number] = undefined;
      const base = before.get(key);
      const noop = merged.from === merged.to && (!base || (base.reason === merged.reason && base.message === merged.message));
      if (noop) {
        lastIdx.delete(key);
        continue;
      }
      lastIdx.set(key, out.length);
      out.push(merged);
      continue;
    }
    if (prev) before.set(key, prev);
    lastIdx.set(key, out.length);
    out.push(e);
  }
  return out.filter((e): e is SimEvent => e !== undefined);
}

function stateSummary(state: ContainerState): ['Waiting' | 'Running' | 'Terminated', { reason?: string; message?: string; exitCode?: number }] {
  if (state.running) return ['Running', {}];
  if (state.terminated) {
    const info: { reason?: string; message?: string; exitCode?: number } = { exitCode: state.terminated.exitCode };
    if (state.terminated.reason) info.reason = state.terminated.reason;
    if (state.terminated.message) info.message = state.terminated.message;
    return ['Terminated', info];
  }
  const info: { reason?: string; message?: string } = {};
  if (state.waiting?.reason) info.reason = state.waiting.reason;
  if (state.waiting?.message) info.message = state.waiting.message;
  return ['Waiting', info];
}

function fmtSeconds(s: number): string {
  return `${Number(s.toFixed(3))}s`;
}
