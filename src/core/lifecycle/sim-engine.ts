// The simulator's engine: plays the kubelet forward in simulated time for one pod and one scenario.
// Event-driven: a priority queue of the next moments something can happen (probe ticks, process
// exits, pulls, hooks, back-off expiries, the active deadline); nothing steps second by second.
// Deterministic; no real timers. Input checks live in sim-input.ts, the sync's decisions in
// sim-plan.ts, the writing-down in sim-record.ts. Pure TypeScript; no 'vscode'.
// Over ~450 lines on purpose: one class whose steps share the clock, the sync in progress (the job)
// and the pod's flags; the parts that need none of that (input, plan, probe ticks, recording) are
// already out, and cutting the runtime steps from the syncs would only pass that state around.
//
// Model of the kubelet (docs/semantics/pod-lifecycle.md; [D] = derived, see the notes in the code):
// * Probe workers (worker.ts) for regular containers and sidecars start when the pod is admitted
//   (after scheduleAfter), run doProbe at once and then every periodSeconds aligned to that moment.
//   A worker learns of a new container when the status shows it (the kubelet: at its next doProbe —
//   the cached results are the same). A worker on hold is not ticked until a new container appears
//   (its doProbe would only skip); it then rejoins its tick grid.
// * A pod sync (SyncPod) runs whenever the runtime reports a change (PLEG: a container started or
//   exited), a probe result changes (readiness, startup, liveness → Failure), a back-off expires,
//   and 10 s after a sync that failed with ErrImagePull (the pod worker's back-off period, no jitter).
//   Each sync first regenerates the status, which triggers an immediate readiness probe for every
//   started container whose readiness has no Success yet (§7.5), then computes the actions:
//   kills (synchronous: the sync waits for the container to exit), then starts in order (each
//   checked against the crash-loop back-off against the newest exited instance as it was when the
//   sync began; image pulls and postStart hooks block the sync).
// * Probes take no time; an attempt succeeds when healthyAfter ≤ seconds since start < unhealthyAfter.
import type { PodSpec } from '../k8s';
import { BackOff, crashLoopBackOff, imagePullBackOff } from './backoff';
import { goDuration } from '../util/duration';
import { StepQueue } from './heap';
import {
  MINIMUM_GRACE_PERIOD, killGracePeriod, podGracePeriod, shouldContainerBeRestarted,
  stopSignalNumber,
} from './restart';
import type { Scenario } from './scenario';
import type { PreparedPod } from './sim-input';
import {
  PRIO_POD, PRIO_RUNTIME, PRIO_SYNC, POD_WORKER_BACKOFF,
  isRunning, round, runtimeOf, runtimeRecord, type Ctr, type Instance, type WorkerSlot,
} from './sim-model';
import { planSync, type KillOp, type StartOp } from './sim-plan';
import { ProbeDriver, probeView } from './sim-probes';
import { Recorder, activeDeadline, buildResult } from './sim-record';
import {
  convertContainerStatus, getPhase, initContainerReady, podConditions, printPod,
  type RuntimeContainer,
} from './status';
import type { ContainerStatus, KubeletOptions, PodCondition, PodPhase, PodStatus, SimResult } from './types';
import { ProbeWorker } from './worker';

type StartResult = 'started' | 'refused' | 'pulling' | 'hook' | 'failed';

const DEADLINE_REASON = 'DeadlineExceeded';
const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** The handler runner's message for a failed hook (handlers.go Run), kept in the reason cache. */
function hookMessage(c: Ctr, handler: string, pod: string, error: string): string {
  const h = c.spec.lifecycle?.postStart;
  switch (handler) {
    case 'exec': return `Exec lifecycle hook (${JSON.stringify(h?.exec?.command ?? [])}) for Container "${c.name}" in Pod "${pod}" failed - error: ${error}`;
    case 'httpGet': return `HTTP lifecycle hook (${h?.httpGet?.path ?? ''}) for Container "${c.name}" in Pod "${pod}" failed - error: ${error}`;
    case 'sleep': return `Sleep lifecycle hook (${h?.sleep?.seconds ?? 0}) for Container "${c.name}" in Pod "${pod}" failed - error: ${error}`;
    default: return `Cannot run handler: ${error}`;
  }
}

interface Job { kills: KillOp[]; starts: StartOp[]; next: number; waiting: Set<Ctr>; again: boolean; failed: boolean; refused: Ctr[] }

export interface EngineInput {
  pod: PreparedPod;
  scenario: Scenario;
  options: KubeletOptions;
  name: string;
  namespace: string;
  uid: string;
}

export class Simulation {
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
  private readonly warnings: string[];
  private readonly rec = new Recorder(() => this.t);
  private readonly probes: ProbeDriver;

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
  private status?: PodStatus;
  /** activeDeadlineSeconds ran out (status.startTime + the deadline); applied at the next sync. */
  private pastDeadline = false;
  /** The kubelet has written phase Failed, reason DeadlineExceeded. */
  private deadlineExceeded = false;

  constructor(input: EngineInput) {
    this.spec = input.pod.spec;
    this.scenario = input.scenario;
    this.opts = input.options;
    this.name = input.name;
    this.namespace = input.namespace;
    this.uid = input.uid;
    this.warnings = [...input.pod.warnings];
    this.crashBackOff = crashLoopBackOff(this.opts.crashLoopBackOff.initial, this.opts.crashLoopBackOff.max);
    this.probes = new ProbeDriver({
      q: this.q, rec: this.rec, spec: this.spec, opts: this.opts,
      now: () => ({ t: this.t, prio: this.prio }),
      pod: () => ({ deleting: this.deleting, terminal: this.terminal }),
      statusOf: (c) => c.last ?? this.containerStatus(c),
      resultChanged: () => { this.flush(); this.requestSync(); },
    });
    for (const p of [...input.pod.inits, ...input.pod.regular]) {
      const slots: WorkerSlot[] = [];
      const byKind: Ctr['byKind'] = {};
      for (const { kind, timing } of p.workers) {
        const slot: WorkerSlot = { kind, worker: new ProbeWorker(kind, timing), gen: 0, lastAttemptAt: -Infinity, base: 0, parked: false };
        slots.push(slot);
        byKind[kind] = slot;
      }
      const c: Ctr = { name: p.info.name, spec: p.spec, type: p.type, info: p.info, starts: 0, imagePresent: false, slots, byKind };
      (p.type === 'container' ? this.regular : this.inits).push(c);
    }
    this.ctrs.push(...this.inits, ...this.regular);
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
    return buildResult({
      recorder: this.rec, status: this.status ?? this.buildStatus(), spec: this.spec, scenario: this.scenario,
      admitted: this.admitted, deleting: this.deleting, now: this.t,
      pod: { name: this.name, namespace: this.namespace, uid: this.uid },
      containers: this.ctrs.map((c) => c.info), warnings: this.warnings,
    });
  }

  // ------------------------------------------------------------------ pod-level steps

  private admit(): void {
    this.scheduled = true;
    this.admitted = true;
    this.sandboxReady = true;
    this.rec.kevent('Normal', 'Scheduled', 'pod', `Successfully assigned ${this.namespace}/${this.name} to node-1`);
    this.probes.admit(this.ctrs);
    // status.startTime is set by the first status the kubelet writes, at admission.
    const deadline = activeDeadline(this.spec);
    if (deadline !== undefined) this.q.push(round(this.t + deadline), PRIO_POD, () => this.deadline());
    this.flush();
    this.requestSync();
  }

  /**
   * active_deadline.go: once the pod has been active for activeDeadlineSeconds, the next status
   * the kubelet generates says Failed / DeadlineExceeded (a sync blocked in a pull, a hook or a
   * kill finishes first), and the kubelet then stops every container.
   */
  private deadline(): void {
    if (this.terminal) return;
    this.pastDeadline = true;
    if (this.job) this.job.again = true;
    else this.requestSync();
  }

  private delete(): void {
    if (this.terminal) return;
    this.deleting = true;
    this.killingPod = { reason: 'deletion', deadline: this.t + podGracePeriod(this.spec) };
    // The pod worker cancels the running sync's context: a postStart hook in progress returns an error.
    for (const c of this.ctrs) if (c.cur?.inHook && !c.cur.hookFailed) this.hookDone(c, c.cur, 'context canceled');
    this.flush();
    this.requestSync();
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
    if (this.pastDeadline && !this.terminal && !this.deadlineExceeded) {
      this.deadlineExceeded = true;
      this.rec.kevent('Normal', DEADLINE_REASON, 'pod', DEADLINE_MESSAGE);
    }
    this.flush();
    if (this.terminal && !this.killingPod) return;
    // generateAPIPodStatus → UpdatePodStatus: kick readiness for started, not-yet-ready containers.
    for (const c of this.ctrs) {
      const rd = c.byKind.readinessProbe;
      if (rd && probeView(c).triggerReadiness) this.probes.trigger(c, rd);
    }
    const plan = this.plan();
    if (!plan.kills.length && !plan.starts.length) return;
    this.job = { ...plan, next: 0, waiting: new Set(), again: false, failed: false, refused: [] };
    for (const k of plan.kills) this.kill(k.c, k.grace, k.message);
    for (const k of plan.kills) if (k.c.cur && k.c.cur.finishedAt === undefined) this.job.waiting.add(k.c);
    if (!this.job.waiting.size) this.continueJob();
  }

  /** computePodActions (sim-plan.ts); a completed pod starts stopping its sidecars in the same sync. */
  private plan(): { kills: KillOp[]; starts: StartOp[] } {
    const input = {
      t: this.t, spec: this.spec, inits: this.inits, regular: this.regular,
      initialized: this.everStartedRegular, containerRestartRules: this.opts.containerRestartRules,
      started: (c: Ctr) => probeView(c).started,
    };
    const plan = planSync({ ...input, killingPodDeadline: this.killingPod?.deadline });
    if (!plan.complete) return plan;
    this.killingPod = { reason: 'completion', deadline: this.t + podGracePeriod(this.spec) };
    const stop = planSync({ ...input, killingPodDeadline: this.killingPod.deadline });
    return { kills: [...plan.kills, ...stop.kills], starts: [] };
  }

  private continueJob(): void {
    const job = this.job;
    if (!job) return;
    while (job.next < job.starts.length) {
      const op = job.starts[job.next++];
      const r = this.startOp(op, job);
      if (r === 'pulling' || r === 'hook') return;
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

  // ------------------------------------------------------------------ runtime

  /** One entry of ContainersToStart: doBackOff, EnsureImageExists, create and start. */
  private startOp(op: StartOp, job: Job): StartResult {
    const c = op.c;
    if (this.killingPod) return 'refused'; // the pod started terminating while this sync waited
    if (op.ref !== undefined) {
      if (this.crashBackOff.isInBackOffSince(c.name, op.ref, this.t)) {
        const b = goDuration(this.crashBackOff.get(c.name));
        const pod = `${this.name}_${this.namespace}(${this.uid})`;
        c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${b} restarting failed container=${c.name} pod=${pod}` };
        this.rec.kevent('Warning', 'BackOff', c.name, `Back-off restarting failed container ${c.name} in pod ${pod}`);
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
        this.rec.kevent('Normal', 'BackOff', c.name, `Back-off pulling image "${image}"`);
        this.rec.kevent('Warning', 'Failed', c.name, 'Error: ImagePullBackOff');
        job.refused.push(c);
        this.flush();
        return 'refused';
      }
      const pull = c.info.pullSeconds;
      if (pull > 0 || c.info.pullFails) this.rec.kevent('Normal', 'Pulling', c.name, `Pulling image "${image}"`);
      if (pull > 0) {
        this.q.push(round(this.t + pull), PRIO_RUNTIME, () => {
          if (this.pulled(c, job, pull) !== 'hook') this.continueJob();
        });
        return 'pulling';
      }
      return this.pulled(c, job, 0);
    }
    return this.startInstance(c);
  }

  private pulled(c: Ctr, job: Job, took: number): StartResult {
    const image = c.spec.image ?? '';
    if (c.info.pullFails) {
      this.imageBackOff.next(this.imageKey(c), this.t, this.t);
      c.waiting = { reason: 'ErrImagePull', message: `failed to pull image "${image}" (the scenario says the pull fails)` };
      this.rec.kevent('Warning', 'Failed', c.name, `Failed to pull image "${image}": the scenario says the pull fails`);
      this.rec.kevent('Warning', 'Failed', c.name, 'Error: ErrImagePull');
      job.failed = true;
      this.flush();
      return 'failed';
    }
    c.imagePresent = true;
    this.rec.kevent('Normal', 'Pulled', c.name, took > 0
      ? `Successfully pulled image "${image}" in ${goDuration(took)} (${goDuration(took)} including waiting)`
      : `Container image "${image}" already present on machine`);
    return this.startInstance(c);
  }

  /**
   * CreateContainer + StartContainer, then the postStart hook inside startContainer: until the hook
   * returns the sync (and every container after this one) waits, and the status the kubelet last
   * wrote does not show the new instance, so it is neither Running nor probed
   * (docs/semantics/pod-lifecycle.md, "postStart").
   */
  private startInstance(c: Ctr): StartResult {
    const n = ++c.starts;
    const run = c.info.runs[Math.min(n - 1, c.info.runs.length - 1)];
    if (c.cur) c.prev = c.cur;
    const hook = run.postStart;
    const inst: Instance = { n, run, startedAt: this.t };
    c.cur = inst;
    if (c.type === 'container') this.everStartedRegular = true;
    this.rec.kevent('Normal', 'Created', c.name, `Created container: ${c.name}`);
    this.rec.kevent('Normal', 'Started', c.name, `Started container ${c.name}`);
    if (run.exitAfter !== undefined) {
      const code = run.oomKilled ? 137 : run.exitCode;
      const reason = run.oomKilled ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
      this.q.push(round(this.t + run.exitAfter), PRIO_RUNTIME, () => this.exit(c, inst, code, reason));
    }
    if (hook && (hook.seconds > 0 || hook.fails)) {
      // The sync pauses on this container until the hook returns (or, when it fails, until the kill ends).
      inst.inHook = true;
      const error = !hook.fails ? undefined
        : hook.handler === 'tcpSocket' || hook.handler === 'unknown' ? 'invalid handler' : 'the scenario says it fails';
      this.q.push(round(this.t + hook.seconds), PRIO_RUNTIME, () => this.hookDone(c, inst, error));
      this.flush();
      return 'hook';
    }
    this.shown(c);
    if (this.job) this.job.again = true; // PLEG: ContainerStarted
    else this.requestSync();
    return 'started';
  }

  /** The new instance appears in the status: its reason-cache entry is cleared, the workers see its ID. */
  private shown(c: Ctr): void {
    c.waiting = undefined;
    this.probes.newContainer(c);
    this.flush();
  }

  /** The sync paused on a hook goes on with its next start. */
  private resume(): void {
    if (!this.job) return;
    this.job.again = true; // PLEG saw the container start (and maybe exit) meanwhile
    this.continueJob();
  }

  /**
   * The postStart hook returned (`error`: it failed). Success: the instance shows and the sync goes
   * on. Failure: FailedPostStartHook; the kubelet kills the container (the sync waits for that),
   * records PostStartHookError in the reason cache, and — for a plain init container — ends the sync.
   */
  private hookDone(c: Ctr, inst: Instance, error: string | undefined): void {
    if (c.cur !== inst || !inst.inHook || inst.hookFailed) return;
    if (error === undefined) {
      inst.inHook = false;
      this.shown(c);
      this.resume();
      return;
    }
    inst.hookFailed = hookMessage(c, inst.run.postStart?.handler ?? 'unknown', `${this.name}_${this.namespace}(${this.uid})`, error);
    this.rec.kevent('Warning', 'FailedPostStartHook', c.name, 'PostStartHook failed');
    if (this.job && c.type === 'init') this.job.next = this.job.starts.length; // SyncPod returns
    if (inst.finishedAt !== undefined) {
      // Already exited: killContainer still records its event; there is nothing left to stop.
      this.rec.kevent('Normal', 'Killing', c.name, 'FailedPostStartHook');
      this.hookExited(c, inst);
      return;
    }
    const left = this.killingPod ? Math.max(this.killingPod.deadline - this.t, MINIMUM_GRACE_PERIOD) : undefined;
    this.kill(c, killGracePeriod(this.spec, c.spec, 'pod', left), 'FailedPostStartHook', true);
  }

  /**
   * The instance whose hook failed has exited; the sync ends with PostStartHookError in the reason
   * cache, so the next status shows it waiting with that reason (if it will restart).
   */
  private hookExited(c: Ctr, inst: Instance): void {
    inst.inHook = false;
    c.waiting = { reason: 'PostStartHookError', message: inst.hookFailed || undefined };
    this.probes.newContainer(c);
    this.flush();
    this.resume();
  }

  /** killContainer: preStop (bounded by the grace period), stop signal, SIGKILL after the rest of it. */
  private kill(c: Ctr, grace: number, message: string, later = false): void {
    const inst = c.cur;
    if (!inst || inst.finishedAt !== undefined || inst.killing) return;
    inst.killing = true;
    this.rec.kevent('Normal', 'Killing', c.name, message);
    const hook = inst.run.preStopSeconds ?? c.info.preStopSeconds;
    const hookTook = hook === undefined ? 0 : Math.min(hook, grace);
    const signalAt = this.t + hookTook;
    const rest = Math.max(grace - hookTook, MINIMUM_GRACE_PERIOD);
    const [at, code] = inst.run.ignoresSigterm
      ? [signalAt + rest, 137]
      : [signalAt, 128 + stopSignalNumber(c.spec)];
    if (at === this.t && !later) this.exit(c, inst, code, 'Error');
    else this.q.push(round(at), PRIO_RUNTIME, () => this.exit(c, inst, code, 'Error'));
  }

  private exit(c: Ctr, inst: Instance, code: number, reason: string): void {
    if (c.cur !== inst || inst.finishedAt !== undefined) return;
    inst.finishedAt = this.t;
    inst.exitCode = code;
    inst.reason = reason;
    if (inst.inHook) {
      // Not shown yet; the sync paused on its hook. An exec or httpGet hook into a process that has
      // exited fails at once; a sleep hook sleeps on.
      if (inst.hookFailed) this.hookExited(c, inst);
      else if (inst.run.postStart?.handler !== 'sleep') this.hookDone(c, inst, 'the container exited while its postStart hook ran');
      return;
    }
    this.flush();
    const job = this.job;
    if (job && job.waiting.delete(c)) {
      if (!job.waiting.size) this.continueJob();
      return;
    }
    if (job) job.again = true; // PLEG: ContainerDied
    else this.requestSync();
  }

  // ------------------------------------------------------------------ status

  /** The instances the status is written from: one whose postStart hook still runs is not shown yet. */
  private runtime(c: Ctr): RuntimeContainer[] {
    const out: RuntimeContainer[] = [];
    if (c.cur && !c.cur.inHook) out.push(runtimeOf(c.name, c.cur));
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
      shouldRestart: shouldContainerBeRestarted(c.spec, this.spec, runtimeRecord(c, true), {
        deleting: this.deleting, containerRestartRules: this.opts.containerRestartRules,
      }),
      startError: c.waiting,
    });
    if (c.type === 'init') {
      s.started = !!s.state.running;
      s.ready = initContainerReady(s);
    } else {
      const v = probeView(c);
      s.started = v.started;
      s.ready = v.ready;
    }
    return s;
  }

  private buildStatus(): PodStatus {
    const initStatuses = this.inits.map((c) => this.containerStatus(c));
    const statuses = this.regular.map((c) => this.containerStatus(c));
    const all = this.admitted ? [...initStatuses, ...statuses] : undefined;
    if (this.deadlineExceeded && !this.terminal) this.phase = 'Failed';
    else if (!this.terminal) {
      const nothingRunning = this.ctrs.every((c) => !isRunning(c));
      this.phase = getPhase(this.spec, all ?? [], {
        podIsTerminal: this.killingPod !== undefined && nothingRunning && !this.job,
        podHasInitialized: this.everStartedRegular,
        containerRestartRules: this.opts.containerRestartRules,
      });
    }
    const other: PodCondition[] = (this.spec.readinessGates ?? [])
      .map((g) => g.conditionType ?? '')
      .filter((type) => this.scenario.readinessGates[type] !== undefined)
      .map((type) => ({ type, status: this.scenario.readinessGates[type] }));
    const conditions = podConditions(this.spec, all, this.phase, {
      scheduled: this.scheduled, sandboxReady: this.sandboxReady, other,
    });
    const status: PodStatus = {
      phase: this.phase,
      conditions,
      initContainerStatuses: this.admitted ? initStatuses : [],
      containerStatuses: this.admitted ? statuses : [],
    };
    if (this.deadlineExceeded) {
      status.reason = DEADLINE_REASON;
      status.message = DEADLINE_MESSAGE;
    }
    return status;
  }

  /** Regenerates the status and records every field that changed since the last time. */
  private flush(): void {
    const wasTerminal = this.terminal;
    this.snapshot();
    if (this.terminal && !wasTerminal) {
      if (this.ctrs.some(isRunning) && !this.killingPod) {
        // The kubelet terminates a pod that reached a terminal phase: kill what still runs.
        this.killingPod = { reason: 'failed', deadline: this.t + podGracePeriod(this.spec) };
        this.requestSync();
      }
    }
    // Once the pod is terminal and nothing runs any more, the sandbox is torn down.
    if (this.terminal && this.sandboxReady && !this.job && !this.ctrs.some(isRunning)) {
      this.sandboxReady = false;
      this.snapshot();
    }
  }

  private snapshot(): void {
    const status = this.buildStatus();
    this.status = status;
    if (this.admitted) {
      const all = [...status.initContainerStatuses, ...status.containerStatuses];
      for (let i = 0; i < all.length; i++) {
        const c = this.ctrs[i];
        this.rec.container(c.name, c.last, all[i]);
        c.last = all[i];
      }
    }
    const row = printPod({ spec: this.spec, status, deleting: this.deleting, now: this.t });
    if (this.rec.pod(status, row) && (status.phase === 'Succeeded' || status.phase === 'Failed')) this.terminal = true;
  }
}
