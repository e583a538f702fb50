// A minimal typed event emitter with VS Code's shape (`event(listener) → Disposable`), so the glue
// can forward it to a vscode.EventEmitter without adapters. Listener errors never break emitters.
import type { Disposable } from './process';

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
