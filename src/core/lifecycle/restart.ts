// Restart and kill decisions: docs/semantics/pod-lifecycle.md §8 (probe result → container action, grace period)
// and §9.1 (whether a stopped container is restarted). Pure TypeScript; no 'vscode'.
import { DEFAULT_TERMINATION_GRACE_PERIOD, type Container, type PodSpec } from '../k8s';
import type { CachedResult } from './worker';

/** The pod's restartPolicy after defaulting (§14: "" → Always). */
export function podRestartPolicy(spec: PodSpec): 'Always' | 'OnFailure' | 'Never' {
  const p = spec.restartPolicy;
  return p === 'OnFailure' || p === 'Never' ? p : 'Always';
}

/** terminationGracePeriodSeconds after defaulting (nil → 30). */
export function podGracePeriod(spec: PodSpec): number {
  const g = spec.terminationGracePeriodSeconds;
  return typeof g === 'number' && Number.isFinite(g) && g >= 0 ? g : DEFAULT_TERMINATION_GRACE_PERIOD;
}

/** An init container with restartPolicy Always (a sidecar). */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/** podutil.ContainerShouldRestart (§9.1): container rules, then container policy, then pod policy. */
export function containerShouldRestart(container: Container, spec: PodSpec, exitCode: number): boolean {
  if (container.restartPolicy !== undefined && container.restartPolicy !== '') {
    for (const rule of container.restartPolicyRules ?? []) {
      if (ruleMatches(rule.exitCodes, exitCode)) {
        if (rule.action === 'Restart') return true;
        break; // first match decides; another action falls back to the container policy
      }
    }
    switch (container.restartPolicy) {
      case 'Always': return true;
      case 'OnFailure': return exitCode !== 0;
      case 'Never': return false;
    }
  }
  switch (spec.restartPolicy) {
    case 'OnFailure': return exitCode !== 0;
    case 'Never': return false;
    default: return true; // Always, or empty
  }
}

function ruleMatches(exitCodes: { operator?: string; values?: number[] } | undefined, exitCode: number): boolean {
  if (!exitCodes) return false;
  const values = exitCodes.values ?? [];
  if (exitCodes.operator === 'In') return values.includes(exitCode);
  if (exitCodes.operator === 'NotIn') return !values.includes(exitCode);
  return false;
}

/** What the runtime knows about the newest instance of a container (kubecontainer.Status). */
export type RuntimeRecord =
  | { state: 'none' }
  | { state: 'running' }
  | { state: 'created' }
  | { state: 'unknown' }
  | { state: 'exited'; exitCode: number };

/** ShouldContainerBeRestarted (pkg/kubelet/container/helpers.go), §9.1, in the kubelet's order. */
export function shouldContainerBeRestarted(
  container: Container,
  spec: PodSpec,
  record: RuntimeRecord,
  opts: { deleting?: boolean; containerRestartRules: boolean },
): boolean {
  if (opts.deleting) return false;
  if (record.state === 'none') return true;
  if (record.state === 'running') return false;
  if (record.state === 'created' || record.state === 'unknown') return true;
  if (opts.containerRestartRules) return containerShouldRestart(container, spec, record.exitCode);
  const policy = podRestartPolicy(spec);
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && record.exitCode === 0) return false;
  return true;
}

/**
 * shouldRestartOnFailure for a probe kill (§8.2): pod policy ≠ Never; with the gate, a container-level
 * restartPolicy overrides it (rules are not evaluated: the container is still running).
 */
export function restartAfterProbeKill(container: Container, spec: PodSpec, containerRestartRules: boolean): boolean {
  if (containerRestartRules && container.restartPolicy) return container.restartPolicy !== 'Never';
  return podRestartPolicy(spec) !== 'Never';
}

export type KillReason = 'changed' | 'liveness' | 'startup';
export type KillDecision =
  | { kill: false }
  | { kill: true; reason: KillReason; message: string; restart: boolean };

/**
 * computePodActions for a running container (§8.2), in precedence order: spec changed (always
 * restarts), liveness Failure, startup Failure → kill. Readiness never kills. `sidecar` gives the
 * "Init container …" wording and always restarts.
 */
export function probeKillDecision(
  container: Container,
  spec: PodSpec,
  results: { specChanged?: boolean; liveness?: CachedResult; startup?: CachedResult },
  opts: { containerRestartRules: boolean; sidecar?: boolean },
): KillDecision {
  const name = container.name ?? '';
  const what = opts.sidecar ? `Init container ${name}` : `Container ${name}`;
  if (results.specChanged) {
    return { kill: true, reason: 'changed', message: `${what} definition changed, will be restarted`, restart: true };
  }
  let reason: 'liveness' | 'startup';
  if (results.liveness === 'Failure') reason = 'liveness';
  else if (results.startup === 'Failure') reason = 'startup';
  else return { kill: false };
  const restart = opts.sidecar ? true : restartAfterProbeKill(container, spec, opts.containerRestartRules);
  // computeInitContainerActions words a sidecar's kill without the ", will be restarted" suffix.
  const suffix = restart && !opts.sidecar ? ', will be restarted' : '';
  const message = `${what} failed ${reason} probe${suffix}`;
  return { kill: true, reason, message, restart };
}

/**
 * setTerminationGracePeriod (§8.3): the pod's deletionGracePeriodSeconds (or what is left of the
 * pod's shared grace period when the whole pod is stopped), else the probe's own, else the pod's.
 */
export function killGracePeriod(
  spec: PodSpec,
  container: Container,
  reason: KillReason | 'pod',
  deletionGracePeriodSeconds?: number,
): number {
  if (deletionGracePeriodSeconds !== undefined) return deletionGracePeriodSeconds;
  const probe = reason === 'liveness' ? container.livenessProbe : reason === 'startup' ? container.startupProbe : undefined;
  const own = probe?.terminationGracePeriodSeconds;
  if (typeof own === 'number' && Number.isFinite(own) && own > 0) return own;
  return podGracePeriod(spec);
}

/** The kubelet gives a container at least this long after SIGTERM (minimumGracePeriodInSeconds). */
export const MINIMUM_GRACE_PERIOD = 2;

const SIGNALS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28,
};

/** The signal a stop sends (lifecycle.stopSignal, default SIGTERM) as a number. */
export function stopSignalNumber(container: Container): number {
  const name: unknown = container.lifecycle?.stopSignal;
  return (typeof name === 'string' && SIGNALS[name.toUpperCase()]) || SIGNALS.SIGTERM;
}
