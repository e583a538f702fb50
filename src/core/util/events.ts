// Small event primitives shared by the core: a Disposable and a typed emitter with VS Code's shape
// (`event(listener) → Disposable`), so the glue can forward it to a vscode.EventEmitter without
// adapters. Listener errors never break emitters.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        /* a listener's bug is not the emitter's */
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
