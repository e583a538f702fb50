// The clock every workload simulation shares (docs/workloads.md, "How the simulation runs"): from
// one moment at which something changes to the next, it applies the scenario's actions (deletions,
// drains and the kind's own: rollout, scale), lets the controller sync until it has nothing more to
// do (controllers act the instant something they watch changes), records the status, and in the
// end plays every pod to the end and works out the Service endpoints. Each kind's controller
// (deployment.ts, statefulset.ts, daemonset.ts, job.ts) extends it.
import type { PodSpec } from '../k8s';
import { podGracePeriod } from '../lifecycle/restart';
import { preStopDuration } from '../lifecycle/simulate';
import { Drainer, type PdbSpec } from './disruption';
import { endpointsAndLoss } from './endpoints';
import { PodPool, type SimPod } from './pods';
import type { DeploymentStatusView, WorkloadEvent, WorkloadResult, WorkloadScenario, WorkloadVerdict } from './types';

export interface WorkloadInput {
  kind: string;
  name: string;
  namespace?: string;
  /** The workload's spec (replicas, strategy, …). */
  spec: Record<string, unknown>;
  podSpec: PodSpec;
  /** The pod template's labels (matched by PodDisruptionBudgets). */
  podLabels?: Record<string, string>;
  /** PodDisruptionBudgets from the same file, in the workload's namespace. */
  pdbs?: PdbSpec[];
  scenario: WorkloadScenario;
}

export const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export abstract class WorkloadSim {
  protected readonly until: number;
  protected readonly sc: WorkloadScenario;
  protected readonly events: WorkloadEvent[] = [];
  protected readonly pool: PodPool;
  protected readonly drainer: Drainer;

  constructor(protected readonly input: WorkloadInput) {
    this.sc = input.scenario;
    this.until = input.scenario.until;
    this.pool = new PodPool({ workloadName: input.name, namespace: input.namespace, podSpec: input.podSpec, scenario: input.scenario, emit: (...a) => this.emit(...a) });
    this.drainer = new Drainer(this.pool, input, (...a) => this.emit(...a), () => this.expectedScale());
  }

  protected emit(t: number, subject: string, field: string, from: string, to: string, reason?: string, message?: string): void {
    this.events.push({ t, subject, field, from, to, ...(reason && { reason }), ...(message && { message }) });
  }

  /** Sets up the workload at 0 s. */
  protected abstract start(): void;
  /** The kind's own scenario actions at t (rollout, scale). */
  protected abstract act(t: number): void;
  /** One pass of the controller; true when it changed something. */
  protected abstract sync(t: number): boolean;
  /** Records the workload's status at t as events. */
  protected abstract record(t: number): void;
  /** Moments the controller waits for (deadlines, back-offs, minReadySeconds). */
  protected abstract deadlines(consider: (x: number) => void): void;
  protected abstract minReadySeconds(): number;
  /** The workload's desired pod count, as the disruption controller reads it through the scale subresource (undefined: the kind has none). */
  protected abstract expectedScale(): number | undefined;
  protected abstract describe(): WorkloadResult['workload'];
  protected abstract final(): DeploymentStatusView;
  protected abstract verdicts(r: WorkloadResult): WorkloadVerdict[];
  /** The kind's own scheduled moments (rollout, scale). */
  protected abstract scheduled(): number[];

  /** Whether the pods serve traffic behind a Service (a Job's pods run to completion: no endpoints are worked out). */
  protected servesTraffic(): boolean {
    return true;
  }

  /** Pods a controller owns and manages (not deleted). */
  protected livePods(filter?: (p: SimPod) => boolean): SimPod[] {
    return this.pool.pods.filter((p) => p.record.deletedAt === undefined && (!filter || filter(p)));
  }

  private nextTime(t: number, scheduled: readonly number[]): number {
    let next = Infinity;
    const consider = (x: number) => {
      if (x > t + 1e-9 && x < next) next = x;
    };
    for (const x of scheduled) consider(x);
    this.pool.times(consider, this.minReadySeconds());
    this.drainer.times(consider);
    this.deadlines(consider);
    return next;
  }

  run(): WorkloadResult {
    const scheduled = [...this.scheduled(), ...this.sc.deletePods.map((d) => d.at), ...(this.sc.drain ?? []).map((d) => d.at)];
    this.start();
    let t = 0;
    for (let guard = 0; t <= this.until && guard < 100_000; guard++) {
      this.act(t);
      for (const d of this.sc.deletePods) if (d.at === t) {
        const pod = this.pool.pods.find((p) => p.record.name === d.pod && p.record.deletedAt === undefined);
        if (pod) this.pool.delete(pod, t, 'Deleted');
        else this.emit(t, this.input.kind.toLowerCase(), 'warning', '', `no pod named ${d.pod} at ${t} s`);
      }
      for (const d of this.sc.drain ?? []) if (d.at === t) this.drainer.start(d.node, t);
      this.pool.extend(t);
      for (let i = 0; i < 50; i++) {
        const a = this.sync(t);
        const b = this.drainer.step(t);
        if (!a && !b) break;
      }
      this.record(t);
      t = this.nextTime(t, scheduled);
    }
    this.pool.finish();
    this.drainer.finish();
    const serving = this.input.podSpec.containers?.[0];
    const { endpoints, loss } = !this.servesTraffic() ? { endpoints: [], loss: [] } : endpointsAndLoss(
      this.pool.pods.map((p) => p.record),
      this.input.podSpec,
      { ...this.sc.endpoints, until: this.until, preStop: preStopDuration(serving?.lifecycle?.preStop) ?? 0, grace: podGracePeriod(this.input.podSpec) },
    );
    const result: WorkloadResult = {
      workload: { ...this.describe(), nodes: this.pool.nodes },
      until: this.until,
      events: this.events.sort((a, b) => a.t - b.t),
      pods: this.pool.pods.map((p) => p.record),
      endpoints,
      trafficLoss: loss,
      final: this.final(),
      verdicts: [],
      ...(this.drainer.records.length && { drains: this.drainer.records }),
    };
    result.verdicts = [...this.verdicts(result), ...this.drainer.verdicts(result)];
    return result;
  }
}
