// client-go util/flowcontrol Backoff as the kubelet uses it (docs/semantics/pod-lifecycle.md §9.2, §9.3):
// no jitter, factor 2, capped at max. Time is passed in explicitly (seconds).

interface Entry { backoff: number; lastUpdate: number }

/** Decides whether an entry is stale: (eventTime, lastUpdate, max) → expired. */
export type HasExpired = (eventTime: number, lastUpdate: number, max: number) => boolean;

/** client-go's default rule: an entry expires 2 × max after its last update. */
export const defaultHasExpired: HasExpired = (eventTime, lastUpdate, max) => eventTime - lastUpdate > 2 * max;
/** The kubelet's CrashLoopBackOff override: reset only when eventTime − lastUpdate > 600 s (10 min, fixed). */
export const crashLoopHasExpired: HasExpired = (eventTime, lastUpdate) => eventTime - lastUpdate > 600;

export class BackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initial: number,
    readonly max: number,
    private readonly hasExpired: HasExpired = defaultHasExpired,
  ) {}

  /** Current back-off of the key (0 when there is no entry). */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Next(id, eventTime): a new or expired entry starts at `initial`, else doubles up to `max`. */
  next(key: string, eventTime: number, now: number): number {
    const e = this.entries.get(key);
    let backoff: number;
    if (!e || this.hasExpired(eventTime, e.lastUpdate, this.max)) backoff = Math.min(this.initial, this.max);
    else backoff = Math.min(e.backoff * 2, this.max);
    this.entries.set(key, { backoff, lastUpdate: now });
    return backoff;
  }

  /** IsInBackOffSince(id, eventTime): entry present, not expired, and now − eventTime < backoff. */
  isInBackOffSince(key: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.hasExpired(eventTime, e.lastUpdate, this.max)) return false;
    return now - eventTime < e.backoff;
  }

  /** IsInBackOffSinceUpdate(id, now): used by the image manager (eventTime = now, measured from lastUpdate). */
  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.hasExpired(now, e.lastUpdate, this.max)) return false;
    return now - e.lastUpdate < e.backoff;
  }

  /** Seconds at which the key leaves back-off for an event at eventTime (undefined: not in back-off). */
  expiresAt(key: string, eventTime: number): number | undefined {
    const e = this.entries.get(key);
    return e ? eventTime + e.backoff : undefined;
  }

  /** When IsInBackOffSinceUpdate turns false. */
  updateExpiresAt(key: string): number | undefined {
    const e = this.entries.get(key);
    return e ? e.lastUpdate + e.backoff : undefined;
  }
}

/** The kubelet's crash-loop back-off for the given gates (§9.2). */
export function crashLoopBackOff(initial = 10, max = 300): BackOff {
  return new BackOff(initial, max, crashLoopHasExpired);
}

/** The image pull back-off: 10 s initial, MaxImageBackOff 300 s, client-go's default expiry. */
export function imagePullBackOff(): BackOff {
  return new BackOff(10, 300, defaultHasExpired);
}
