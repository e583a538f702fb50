// The Job controller played forward (docs/workloads.md, "Jobs"): up to `parallelism` pods at a
// time until `completions` pods have succeeded; failed pods are counted and replaced after a
// back-off (10 s doubling, at most 10 min); the Job fails with BackoffLimitExceeded once more pods
// failed than `backoffLimit` — or, under restartPolicy OnFailure, once the restarts of its running
// pods' containers reach it — and with DeadlineExceeded once `activeDeadlineSeconds` have passed.
// The terminal condition follows an interim one (FailureTarget, SuccessCriteriaMet) once no pod is
// terminating any more. Source: pkg/controller/job/job_controller.go (syncJob, manageJob,
// pastBackoffLimitOnFailure, pastActiveDeadline, isPodFailed, trackJobStatusAndRemoveFinalizers,
// enactJobFinished), backoff_utils.go (getRemainingTime), pkg/apis/batch/v1/defaults.go.
import { podRestartPolicy } from '../lifecycle/restart';
import { ScenarioError } from '../lifecycle/scenario';
import { num, WorkloadSim, type WorkloadInput } from './engine';
import type { SimPod } from './pods';
import type { DeploymentStatusView, WorkloadResult, WorkloadVerdict } from './types';
import { s } from './verdicts';

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const JOB_BACKOFF = { initial: 10, max: 600 };

/** backoffRecord.getRemainingTime: 10 s × 2^(failures−1), capped, counted from the last failure. */
export function jobBackoffRemaining(failuresAfterLastSuccess: number, lastFailure: number | undefined, now: number): number {
  if (failuresAfterLastSuccess === 0 || lastFailure === undefined) return 0;
  let d = JOB_BACKOFF.initial;
  for (let i = 1; i < failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= JOB_BACKOFF.max) {
      d = JOB_BACKOFF.max;
      break;
    }
  }
  const elapsed = now - lastFailure;
  return d < elapsed ? 0 : d - elapsed;
}

export function simulateJob(input: WorkloadInput): WorkloadResult {
  return new JobSim(input).run();
}

interface Status { active: number; ready: number; succeeded: number; failed: number; terminating: number }
interface Cond { type: string; reason: string; message: string; t: number }

class JobSim extends WorkloadSim {
  private readonly completions: number | null;
  private readonly parallelism: number;
  private readonly backoffLimit: number;
  private readonly deadline: number | undefined;
  private readonly restartPolicy: string;
  private status: Status | undefined;
  /** The interim condition once decided (FailureTarget or SuccessCriteriaMet), then the terminal one. */
  private interim: Cond | undefined;
  private terminal: Cond | undefined;
  private counter = 0;
  private wakeAt: number | undefined;

  constructor(input: WorkloadInput) {
    super(input);
    const sp = input.spec;
    // SetDefaults_Job: both unset → 1 and 1; parallelism alone → completions stays unset (a work queue).
    const c = typeof sp.completions === 'number' ? sp.completions : null;
    const p = typeof sp.parallelism === 'number' ? sp.parallelism : undefined;
    this.completions = c === null && p === undefined ? 1 : c;
    this.parallelism = p ?? 1;
    this.backoffLimit = num(sp.backoffLimit, 6);
    this.deadline = typeof sp.activeDeadlineSeconds === 'number' ? sp.activeDeadlineSeconds : undefined;
    this.restartPolicy = podRestartPolicy(input.podSpec);
    if (this.restartPolicy === 'Always') throw new ScenarioError([`${input.kind}/${input.name}: a Job's pod template needs restartPolicy Never or OnFailure (the API server rejects Always)`]);
  }

  /** isPodFailed: Failed, or deleted before it succeeded (podReplacementPolicy TerminatingOrFailed). */
  private failedAt(p: SimPod, t: number): boolean {
    const phase = this.pool.phaseAt(p, t);
    if (phase === 'Failed') return true;
    return p.record.deletedAt !== undefined && p.record.deletedAt <= t && phase !== 'Succeeded';
  }

  /** When the pod counted as failed: its end, or its deletion. */
  private failureTime(p: SimPod): number {
    const end = p.record.finishedAt ?? p.record.goneAt;
    return p.record.deletedAt !== undefined ? Math.min(p.record.deletedAt, end ?? Infinity) : end!;
  }

  private activePods(t: number): SimPod[] {
    return this.pool.pods.filter((p) => p.record.deletedAt === undefined && !['Succeeded', 'Failed'].includes(this.pool.phaseAt(p, t)));
  }

  private counts(t: number): Status {
    const st: Status = { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0 };
    for (const p of this.pool.pods) {
      const phase = this.pool.phaseAt(p, t);
      if (phase === 'Succeeded') st.succeeded++;
      else if (this.failedAt(p, t)) st.failed++;
      if (this.pool.terminating(p, t) && phase !== 'Succeeded' && phase !== 'Failed') st.terminating++;
      if (p.record.deletedAt === undefined && phase !== 'Succeeded' && phase !== 'Failed') {
        st.active++;
        if (this.pool.readyAt(p, t)) st.ready++;
      }
    }
    return st;
  }

  /** pastBackoffLimitOnFailure: restarts of the containers of running or pending pods reach backoffLimit (OnFailure only). */
  private pastBackoffOnFailure(t: number): number | undefined {
    if (this.restartPolicy !== 'OnFailure') return undefined;
    let n = 0;
    for (const p of this.pool.pods) {
      const phase = this.pool.phaseAt(p, t);
      if (phase === 'Running' || phase === 'Pending') n += this.pool.restartsAt(p, t);
    }
    return (this.backoffLimit === 0 ? n > 0 : n >= this.backoffLimit) ? n : undefined;
  }

  private backoffRemaining(t: number): number {
    let lastSuccess = -Infinity;
    for (const p of this.pool.pods) if (this.pool.phaseAt(p, t) === 'Succeeded' && p.record.finishedAt !== undefined) lastSuccess = Math.max(lastSuccess, p.record.finishedAt);
    let n = 0;
    let last: number | undefined;
    for (const p of this.pool.pods) {
      if (!this.failedAt(p, t)) continue;
      const ft = this.failureTime(p);
      if (ft > lastSuccess) {
        n++;
        last = Math.max(last ?? -Infinity, ft);
      }
    }
    return jobBackoffRemaining(n, last, t);
  }

  // ---- the engine's hooks ----

  protected start(): void {}

  protected scheduled(): number[] {
    return this.deadline !== undefined ? [this.deadline] : [];
  }

  protected act(): void {}

  protected override servesTraffic(): boolean {
    return false;
  }

  /** syncJob: one pass. */
  protected sync(t: number): boolean {
    if (this.terminal) return false;
    const st = this.counts(t);
    if (this.interim) {
      if (st.terminating === 0 && st.active === 0) {
        const type = this.interim.type === 'FailureTarget' ? 'Failed' : 'Complete';
        this.terminal = { ...this.interim, type, t };
        this.emit(t, 'job', `condition:${type}`, '', 'True', this.interim.reason, this.interim.message);
        return true;
      }
      return false;
    }
    let failure: { reason: string; message: string } | undefined;
    const restarts = this.pastBackoffOnFailure(t);
    if (st.failed > this.backoffLimit) failure = { reason: 'BackoffLimitExceeded', message: `Job has reached the specified backoff limit (${st.failed} failed pods > backoffLimit ${this.backoffLimit})` };
    else if (restarts !== undefined) failure = { reason: 'BackoffLimitExceeded', message: `Job has reached the specified backoff limit (${restarts} container restarts in running pods, restartPolicy OnFailure, backoffLimit ${this.backoffLimit})` };
    else if (this.deadline !== undefined && t >= this.deadline) failure = { reason: 'DeadlineExceeded', message: `Job was active longer than specified deadline (activeDeadlineSeconds ${this.deadline})` };
    if (failure) {
      this.interim = { type: 'FailureTarget', ...failure, t };
      this.emit(t, 'job', 'condition:FailureTarget', '', 'True', failure.reason, failure.message);
      for (const p of this.activePods(t)) this.pool.delete(p, t, failure.reason);
      return true;
    }
    // manageJob
    const active = this.activePods(t);
    const want = this.completions === null ? (st.succeeded > 0 ? active.length : this.parallelism) : Math.max(0, Math.min(this.parallelism, this.completions - st.succeeded));
    if (active.length > want) {
      // activePodsForRemoval: not Ready before Ready, then the rest of controller.ActivePods' order.
      const order = [...active].sort((a, b) => Number(this.pool.readyAt(a, t)) - Number(this.pool.readyAt(b, t)) || b.record.createdAt - a.record.createdAt);
      for (const p of order.slice(0, active.length - want)) this.pool.delete(p, t, 'SuccessfulDelete');
      return true;
    }
    const complete = this.completions === null ? st.succeeded > 0 && active.length === 0 : st.succeeded >= this.completions && active.length === 0;
    if (complete) {
      this.interim = { type: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', t };
      this.emit(t, 'job', 'condition:SuccessCriteriaMet', '', 'True', 'CompletionsReached', this.interim.message);
      return true;
    }
    const diff = want - active.length;
    if (diff > 0) {
      const wait = this.backoffRemaining(t);
      if (wait > 0) {
        this.wakeAt = t + wait;
        return false;
      }
      this.wakeAt = undefined;
      for (let i = 0; i < diff; i++) this.pool.create(t, `${this.input.name}-${++this.counter}`, 'current', `job/${this.input.name}`, this.sc.containers);
      return true;
    }
    return false;
  }

  protected record(t: number): void {
    const st = this.counts(t);
    const prev = this.status;
    for (const k of Object.keys(st) as (keyof Status)[]) if (!prev || prev[k] !== st[k]) this.emit(t, 'job', k, prev ? String(prev[k]) : '', String(st[k]));
    this.status = st;
  }

  protected deadlines(consider: (x: number) => void): void {
    if (this.wakeAt !== undefined) consider(this.wakeAt);
  }

  protected minReadySeconds(): number {
    return 0;
  }

  protected expectedScale(): undefined {
    return undefined;
  }

  protected describe(): WorkloadResult['workload'] {
    return {
      kind: this.input.kind,
      name: this.input.name,
      ...(this.input.namespace && { namespace: this.input.namespace }),
      strategy: 'None',
      replicas: this.parallelism,
      maxSurge: 0,
      maxUnavailable: 0,
      minReadySeconds: 0,
      progressDeadlineSeconds: 0,
      completions: this.completions,
      parallelism: this.parallelism,
      backoffLimit: this.backoffLimit,
      ...(this.deadline !== undefined && { activeDeadlineSeconds: this.deadline }),
      restartPolicy: this.restartPolicy,
    };
  }

  protected final(): DeploymentStatusView {
    const st = this.status!;
    const conditions: DeploymentStatusView['conditions'] = {};
    if (this.interim) conditions[this.interim.type] = { status: 'True', reason: this.interim.reason };
    if (this.terminal) conditions[this.terminal.type] = { status: 'True', reason: this.terminal.reason };
    return {
      replicas: st.active,
      updatedReplicas: st.active,
      readyReplicas: st.ready,
      availableReplicas: st.ready,
      unavailableReplicas: st.active - st.ready,
      conditions,
      fields: { ...st },
    };
  }

  protected verdicts(r: WorkloadResult): WorkloadVerdict[] {
    const st = this.status!;
    const want = this.completions === null ? 'one success (no completions: a work queue)' : `${this.completions} completion${this.completions === 1 ? '' : 's'}`;
    const done = `${st.succeeded} succeeded, ${st.failed} failed`;
    const i = this.interim;
    const end = this.terminal ? ` (condition ${this.terminal.type} at ${s(this.terminal.t)}, once its pods had stopped)` : ' (its pods are still stopping at the end)';
    if (i?.type === 'SuccessCriteriaMet') return [{ kind: 'job-complete', level: st.failed ? 'info' : 'ok', t: i.t, text: `The Job completes at ${s(i.t)}: ${want} reached (${done}${st.failed ? `, within backoffLimit ${this.backoffLimit}` : ''})${this.terminal ? '' : end}.` }];
    if (i?.reason === 'DeadlineExceeded') return [{ kind: 'job-failed', level: 'error', t: i.t, text: `The Job fails at ${s(i.t)}: DeadlineExceeded — activeDeadlineSeconds (${this.deadline} s) passed with ${done} of ${want}; its running pods were deleted${end}.` }];
    if (i) return [{ kind: 'job-failed', level: 'error', t: i.t, text: `The Job fails at ${s(i.t)}: BackoffLimitExceeded — ${i.message.replace(/^Job has reached the specified backoff limit \((.*)\)$/, '$1')}${end}.` }];
    return [{ kind: 'job-running', level: 'warning', text: `The Job is still running at ${s(r.until)}: ${done}, ${st.active} active, ${want} wanted.` }];
  }
}
