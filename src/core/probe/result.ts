// The kubelet's rules over a prober's result — pkg/kubelet/prober/prober.go (*prober).probe and
// runProbeWithRetries (§1.3, §1.4): the cached result, the event, errored probes.
import { PROBE_KINDS, PROBE_LABEL, type ProbeKind } from '../k8s';
import type { ProberResult } from './types';

/** maxProbeRetries: an errored probe is run up to 3 times in one attempt. */
export const MAX_PROBE_RETRIES = 3;

export interface KubeletEvent {
  type: 'Warning';
  reason: 'Unhealthy' | 'ProbeWarning';
  message: string;
}

export interface KubeletVerdict {
  /** results.Result the worker sees for this attempt. */
  cached: 'Success' | 'Failure';
  /** The prober's error: the worker discards this attempt (counts nothing, changes nothing). */
  errored?: string;
  event?: KubeletEvent;
}

/**
 * (*prober).probe: Success → Success; Warning → Success + ProbeWarning event; Failure → Failure +
 * Unhealthy event; Unknown or any other value → Failure, no event; an error → Failure + the error
 * and an Unhealthy "errored" event. `outcome` undefined: the container has no such probe → Success.
 * `kind` outside the three probe kinds → Failure with "unknown probe type".
 */
export function kubeletVerdict(kind: string, outcome: ProberResult | undefined): KubeletVerdict {
  if (!PROBE_KINDS.includes(kind as ProbeKind)) {
    return { cached: 'Failure', errored: `unknown probe type: ${JSON.stringify(kind)}` };
  }
  if (!outcome) return { cached: 'Success' };
  const label = PROBE_LABEL[kind as ProbeKind];
  const event = (reason: KubeletEvent['reason'], message: string): KubeletEvent => ({ type: 'Warning', reason, message });
  if (outcome.error !== undefined) {
    return {
      cached: 'Failure',
      errored: outcome.error,
      event: event('Unhealthy', `${label} probe errored and resulted in ${outcome.result} state: ${outcome.error}`),
    };
  }
  switch (outcome.result) {
    case 'success':
      return { cached: 'Success' };
    case 'warning':
      return { cached: 'Success', event: event('ProbeWarning', `${label} probe warning: ${outcome.output}`) };
    case 'failure':
      return { cached: 'Failure', event: event('Unhealthy', `${label} probe failed: ${outcome.output}`) };
    default:
      return { cached: 'Failure' };
  }
}

/** runProbeWithRetries: runs again only while the prober returns an error, at most `retries` times. */
export async function runProbeWithRetries<R extends ProberResult>(
  run: () => Promise<R>,
  retries = MAX_PROBE_RETRIES,
  signal?: AbortSignal,
): Promise<{ outcome: R; attempts: number }> {
  let outcome = await run();
  let attempts = 1;
  while (outcome.error !== undefined && attempts < retries && !signal?.aborted) {
    outcome = await run();
    attempts++;
  }
  return { outcome, attempts };
}
