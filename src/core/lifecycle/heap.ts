// A binary min-heap of scheduled simulation steps, ordered by (t, prio, seq): deterministic ties.

export interface Scheduled {
  t: number;
  /** Lower runs first among steps at the same time. */
  prio: number;
  /** Insertion order, the final tie-break. */
  seq: number;
  run(): void;
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.t !== b.t ? a.t < b.t : a.prio !== b.prio ? a.prio < b.prio : a.seq < b.seq;
}

export class StepQueue {
  private readonly items: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(t: number, prio: number, run: () => void): void {
    const item: Scheduled = { t, prio, seq: this.seq++, run };
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(item, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = item;
  }

  peek(): Scheduled | undefined {
    return this.items[0];
  }

  pop(): Scheduled | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let best = last;
        if (l < a.length && before(a[l], best)) { m = l; best = a[l]; }
        if (r < a.length && before(a[r], best)) { m = r; best = a[r]; }
        if (m === i) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}
