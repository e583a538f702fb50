// What the workload rules read from a Deployment or DaemonSet: its strategy's int-or-percent values,
// minReadySeconds and progressDeadlineSeconds with the API server's defaults, and where they are.
import { isTemplated } from '../../../manifest/split';
import type { PathSegment, Workload } from '../../../manifest/model';
import { isObject } from '../../probe-facts';

/** Path of the workload object from the document root (a List item, or the document itself). */
export function objectPath(w: Workload): PathSegment[] {
  return w.listIndex !== undefined ? ['items', w.listIndex] : [];
}

export function specOf(w: Workload): Record<string, unknown> {
  return isObject(w.object.spec) ? w.object.spec : {};
}

/** A written number that is not a template's output; undefined otherwise. */
export function writtenSeconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && !isTemplated(v) ? v : undefined;
}

/** intstr IsZero as the API server's validation reads it: 0 or "0%". Undefined when not written. */
export function isZeroIntOrPercent(v: unknown): boolean | undefined {
  if (v === undefined || v === null || isTemplated(v)) return undefined;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'string') return /^0+%$/.test(v.trim()) || /^0+$/.test(v.trim());
  return undefined;
}

/** apps/v1 defaulting: progressDeadlineSeconds 600 (SetDefaults_Deployment). */
export const DEFAULT_PROGRESS_DEADLINE = 600;
