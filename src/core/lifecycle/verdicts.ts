// Plain-words conclusions from a simulation: when the pod is Ready, how long a hung app survives,
// whether it crash-loops, and what a startup probe would change. Pure TypeScript; no 'vscode'.
import type { SimContainerInfo, SimEvent, SimResult } from './types';

export type VerdictKind =
  | 'ready'
  | 'never-ready'
  | 'completed'
  | 'probe-kills'
  | 'crash-loop'
  | 'restarts'
  | 'hang'
  | 'no-liveness'
  | 'startup-fix'
  | 'image-pull'
  | 'deadline-exceeded'
  | 'poststart-failed'
  | 'poststart-wait';

export interface Verdict {
  kind: VerdictKind;
  /** How it reads: ok (good news), info, warning (works, but risky), error (the pod is not healthy). */
  level: 'ok' | 'info' | 'warning' | 'error';
  /** The container it is about; absent for the pod. */
  container?: string;
  /** The moment it refers to (seconds since pod creation), where there is one. */
  t?: number;
  /** For 'startup-fix': the probe settings to add or change. */
  suggestion?: { periodSeconds: number; failureThreshold: number };
  text: string;
}

function s(t: number): string {
  return `${Number(t.toFixed(1))} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lastBefore(events: readonly SimEvent[], pred: (e: SimEvent) => boolean): SimEvent | undefined {
  let found: SimEvent | undefined;
  for (const e of events) if (pred(e)) found = e;
  return found;
}

/** The words a user needs after a simulation, most important first. */
export function verdicts(result: SimResult): Verdict[] {
  const out: Verdict[] = [];
  const { events, final } = result;

  // Ready, never Ready, or finished.
  const readyOn = events.find((e) => e.subject === 'pod' && e.field === 'condition:Ready' && e.to === 'True');
  const phaseEnd = lastBefore(events, (e) => e.subject === 'pod' && e.field === 'phase');
  if (final.phase === 'Succeeded' || final.phase === 'Failed') {
    const deleted = result.deletedAt !== undefined && (phaseEnd?.t ?? result.until) >= result.deletedAt;
    const how = final.phase === 'Succeeded' ? 'completed (Succeeded)' : final.reason ? `Failed (${final.reason})` : 'Failed';
    out.push({
      kind: 'completed',
      level: final.phase === 'Succeeded' || deleted ? 'ok' : 'error',
      t: phaseEnd?.t,
      text: deleted
        ? `The pod was deleted at ${s(result.deletedAt ?? 0)} and its containers were stopped by ${s(phaseEnd?.t ?? result.until)}; it ended ${how} (kubectl shows ${final.kubectl.status} until it is gone).`
        : `The pod ${how} at ${s(phaseEnd?.t ?? result.until)}; kubectl shows ${final.kubectl.status}.`,
    });
  }
  if (readyOn && result.deletedAt !== undefined) {
    out.push({ kind: 'ready', level: 'ok', t: readyOn.t, text: `The pod is Ready at ${s(readyOn.t)} (until it is deleted).` });
  } else if (readyOn) {
    const lost = lastBefore(events, (e) => e.subject === 'pod' && e.field === 'condition:Ready');
    const notNow = final.conditions.Ready !== 'True' && lost && lost.to !== 'True';
    out.push({
      kind: 'ready',
      level: notNow ? 'warning' : 'ok',
      t: readyOn.t,
      text: notNow && lost
        ? `The pod is first Ready at ${s(readyOn.t)}, but not Ready at the end (since ${s(lost.t)}; kubectl shows ${final.kubectl.status}).`
        : `The pod is Ready at ${s(readyOn.t)}.`,
    });
  } else if (final.phase !== 'Succeeded') {
    out.push({
      kind: 'never-ready',
      level: 'error',
      text: `The pod never becomes Ready in ${s(result.until)} (at the end kubectl shows ${final.kubectl.status}, READY ${final.kubectl.ready}).`,
    });
  }

  const deadline = deadlineVerdict(result, readyOn?.t);
  if (deadline) out.push(deadline);

  for (const c of result.containers) {
    const mine = (e: SimEvent) => e.subject === c.name;
    const kills = result.kubeletEvents.filter((k) => k.object === c.name && k.reason === 'Killing' && /failed (liveness|startup) probe/.test(k.message));
    const starts = events.filter((e) => mine(e) && e.field === 'state' && e.to === 'Running').map((e) => e.t);
    const crash = events.find((e) => mine(e) && e.field === 'state' && e.reason === 'CrashLoopBackOff');
    const image = events.find((e) => mine(e) && e.field === 'state' && (e.reason === 'ErrImagePull' || e.reason === 'ImagePullBackOff'));
    const restarts = final.containers[c.name]?.restartCount ?? 0;

    if (image && !starts.length) {
      out.push({ kind: 'image-pull', level: 'error', container: c.name, t: image.t, text: `${c.name}: the image pull fails at ${s(image.t)}; the kubelet retries after 10, 20, 40 … up to 300 s (ImagePullBackOff) and the container never starts.` });
    }
    if (kills.length) {
      const byLiveness = kills.filter((k) => k.message.includes('liveness')).length;
      const first = kills[0];
      const startedAt = starts[startIndex(starts, first.t)] ?? first.t;
      const what = byLiveness === kills.length ? 'its liveness probe' : byLiveness === 0 ? 'its startup probe' : 'its liveness and startup probes';
      out.push({
        kind: 'probe-kills', level: 'warning', container: c.name, t: first.t,
        text: `${c.name}: killed ${plural(kills.length, 'time')} by ${what}, first at ${s(first.t)} (${s(first.t - startedAt)} after it started).`,
      });
    }
    if (crash) {
      out.push({
        kind: 'crash-loop', level: 'error', container: c.name, t: crash.t,
        text: `${c.name}: restart loop — CrashLoopBackOff first at ${s(crash.t)}; ${plural(restarts, 'restart')} in ${s(result.until)}${starts.length > 1 ? ` (starts at ${starts.map((t) => s(t)).join(', ')})` : ''}.`,
      });
    } else if (restarts > 0) {
      out.push({ kind: 'restarts', level: 'warning', container: c.name, text: `${c.name}: ${plural(restarts, 'restart')} in ${s(result.until)}, no CrashLoopBackOff.` });
    }
    const hookFailures = result.kubeletEvents.filter((k) => k.object === c.name && k.reason === 'FailedPostStartHook');
    if (hookFailures.length) {
      out.push({
        kind: 'poststart-failed', level: 'error', container: c.name, t: hookFailures[0].t,
        text: `${c.name}: its postStart hook fails ${plural(hookFailures.length, 'time')} (first at ${s(hookFailures[0].t)}); each time the kubelet kills the container (FailedPostStartHook) and restarts it as its restart policy allows.`,
      });
    }
    const wait = hookWait(c, result);
    if (wait) out.push(wait);
    const fix = startupFix(c, earlyKills(c, kills.map((k) => k.t), starts));
    if (fix) out.push(fix);
    const hang = hangVerdict(c, result);
    if (hang) out.push(hang);
  }
  return out;
}

/**
 * activeDeadlineSeconds ran out: the kubelet failed the pod (DeadlineExceeded) and stopped its
 * containers (active_deadline.go; docs/semantics/pod-lifecycle.md, "activeDeadlineSeconds").
 */
function deadlineVerdict(result: SimResult, readyAt: number | undefined): Verdict | undefined {
  const d = result.pod.activeDeadlineSeconds;
  const failed = result.events.find((e) => e.subject === 'pod' && e.field === 'phase' && e.to === 'Failed' && e.reason === 'DeadlineExceeded');
  if (d === undefined || !failed) return undefined;
  const start = result.scheduleAfter;
  const when = readyAt === undefined || readyAt > failed.t
    ? 'before the pod was ever Ready'
    : `after it had been Ready since ${s(readyAt)}`;
  return {
    kind: 'deadline-exceeded', level: 'error', t: failed.t,
    text: `activeDeadlineSeconds ${d} ran out ${when}: at ${s(failed.t)} (${d} s after the pod started on the node at ${s(start)}) the kubelet failed the pod (DeadlineExceeded) and stopped its containers; it is not restarted.`,
  };
}

/** A container whose postStart hook runs a while holds up the containers after it (and is not Running meanwhile). */
function hookWait(c: SimContainerInfo, result: SimResult): Verdict | undefined {
  const longest = Math.max(0, ...c.runs.map((r) => (r.postStart && !r.postStart.fails ? r.postStart.seconds : 0)));
  if (!(longest > 0)) return undefined;
  const later = result.containers.slice(result.containers.indexOf(c) + 1).filter((o) => o.type !== 'init' || c.type !== 'container');
  const held = later.length ? `; ${later.map((o) => o.name).join(', ')} start${later.length === 1 ? 's' : ''} only after it returns` : '';
  return {
    kind: 'poststart-wait', level: 'info', container: c.name,
    text: `${c.name}: its postStart hook runs up to ${s(longest)}; until it returns the container is not Running and not probed${held}.`,
  };
}

/** How long a container that stops answering keeps running, from its liveness probe (§7.2–§8.3). */
function hangVerdict(c: SimContainerInfo, result: SimResult): Verdict | undefined {
  if (c.type === 'init') return undefined;
  const p = c.probes.livenessProbe;
  if (!p) {
    return { kind: 'no-liveness', level: 'info', container: c.name, text: `${c.name}: no livenessProbe — if the app hangs, nothing restarts it.` };
  }
  const min = (p.failureThreshold - 1) * p.periodSeconds;
  const max = p.failureThreshold * p.periodSeconds;
  const grace = p.terminationGracePeriodSeconds ?? result.pod.terminationGracePeriodSeconds;
  const hook = c.preStopSeconds ? `, after a ${s(Math.min(c.preStopSeconds, grace))} preStop hook` : '';
  return {
    kind: 'hang', level: 'info', container: c.name,
    text: `${c.name}: if the app hangs, its liveness probe kills it ${min}–${max} s later (failureThreshold ${p.failureThreshold} × periodSeconds ${p.periodSeconds})${hook}; a process that ignores SIGTERM is killed ${s(Math.max(grace, 2))} after the kill starts (terminationGracePeriodSeconds).`,
  };
}

/** Which start a kill at time k hit: the last start before k (a restart at k itself is the next one). */
function startIndex(starts: number[], k: number): number {
  let idx = starts.length && starts[0] <= k ? 0 : -1;
  for (let i = 1; i < starts.length && starts[i] < k; i++) idx = i;
  return idx;
}

/** Probe kills that came before the killed run was meant to become healthy. */
function earlyKills(c: SimContainerInfo, killTimes: number[], starts: number[]): number {
  let n = 0;
  for (const k of killTimes) {
    const idx = startIndex(starts, k);
    if (idx < 0) continue;
    const run = c.runs[Math.min(idx, c.runs.length - 1)];
    if (k - starts[idx] < run.healthyAfter) n++;
  }
  return n;
}

/**
 * A container killed by a probe before it became healthy needs a startup probe (or a bigger one):
 * allow twice the start-up time the scenario gives it.
 */
function startupFix(c: SimContainerInfo, early: number): Verdict | undefined {
  if (!early || c.type === 'init') return undefined;
  const need = Math.max(...c.runs.map((r) => r.healthyAfter));
  const live = c.probes.livenessProbe;
  const startup = c.probes.startupProbe;
  const period = startup?.periodSeconds ?? live?.periodSeconds ?? 10;
  const failureThreshold = Math.max(3, Math.ceil((2 * need) / period));
  const budget = failureThreshold * period;
  if (startup) {
    const has = startup.failureThreshold * startup.periodSeconds;
    if (has >= need + startup.periodSeconds) return undefined;
    return {
      kind: 'startup-fix', level: 'warning', container: c.name, suggestion: { periodSeconds: period, failureThreshold },
      text: `${c.name}: needs ${s(need)} to start but its startupProbe allows only about ${s(has)} (failureThreshold ${startup.failureThreshold} × periodSeconds ${startup.periodSeconds}); failureThreshold ${failureThreshold} would allow ${s(budget)}.`,
    };
  }
  if (!live) return undefined;
  return {
    kind: 'startup-fix', level: 'warning', container: c.name, suggestion: { periodSeconds: period, failureThreshold },
    text: `${c.name}: needs ${s(need)} to start, but its liveness probe gives it only ${s(live.initialDelaySeconds + (live.failureThreshold - 1) * live.periodSeconds)}–${s(live.initialDelaySeconds + live.failureThreshold * live.periodSeconds)}; a startupProbe with failureThreshold ${failureThreshold} × periodSeconds ${period} would allow ${s(budget)} for start-up (twice what it needs).`,
  };
}
