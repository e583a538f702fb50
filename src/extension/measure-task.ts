// ⏱ Measure's cold starts through a VS Code task (kubeProbes.measure.launch: {"task": "<label>"}):
// notes when each task's process starts (from activation on, so a task the user started before
// clicking Measure can be timed from its own start) and implements the core's AppStarter by
// terminating and executing the task again. Glue only: planning the starts, the port check and the
// timing are src/core/measure (sample.ts, starters.ts).
import * as vscode from 'vscode';
import { MeasureError } from '../core/measure/errors';
import type { AppHandle, AppStarter, StartedApp } from '../core/measure/starters';

/** How long a task may take to start its process, and to stop after terminate(). */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

interface Seen {
  t0?: number;
  ended?: string;
}

export class TaskStarts implements vscode.Disposable {
  private readonly seen = new WeakMap<vscode.TaskExecution, Seen>();
  private readonly disposables: vscode.Disposable[];

  private readonly error = (message: string) => new MeasureError(message);

  constructor() {
    this.disposables = [
      vscode.tasks.onDidStartTaskProcess((e) => this.seen.set(e.execution, { t0: performance.now() })),
      vscode.tasks.onDidEndTaskProcess((e) => this.note(e.execution, e.exitCode === undefined ? 'stopped' : `exited with code ${e.exitCode}`)),
      vscode.tasks.onDidEndTask((e) => this.note(e.execution, 'stopped')),
    ];
  }

  private note(x: vscode.TaskExecution, ended: string): void {
    const s = this.seen.get(x) ?? {};
    if (!s.ended) this.seen.set(x, { ...s, ended });
  }

  private handle(x: vscode.TaskExecution): AppHandle {
    return {
      t0: this.seen.get(x)?.t0,
      exited: () => this.seen.get(x)?.ended ?? (vscode.tasks.taskExecutions.includes(x) ? undefined : 'stopped'),
      stop: () => this.stop(x),
    };
  }

  private stop(x: vscode.TaskExecution): Promise<void> {
    if (this.seen.get(x)?.ended || !vscode.tasks.taskExecutions.includes(x)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        subs.forEach((d) => d.dispose());
        resolve();
      };
      const timer = setTimeout(done, STOP_TIMEOUT_MS);
      const subs = [vscode.tasks.onDidEndTaskProcess((e) => e.execution === x && done()), vscode.tasks.onDidEndTask((e) => e.execution === x && done())];
      x.terminate();
    });
  }

  /** The starter of the task labelled `label` (in `folder`'s tasks, or the workspace's). */
  starter(label: string, folder: vscode.WorkspaceFolder | undefined): AppStarter {
    const inScope = (t: vscode.Task) => t.name === label && (!folder || typeof t.scope !== 'object' || t.scope.uri.toString() === folder.uri.toString());
    // The task as last seen running: a task made through the API (not in tasks.json) is run again from it.
    let seenTask: vscode.Task | undefined;
    const runningNow = () => {
      const x = vscode.tasks.taskExecutions.find((e) => inScope(e.task));
      if (x) seenTask = x.task;
      return x;
    };
    return {
      label: `task "${label}"`,
      kind: 'process',
      leaveRunning: true,
      // The user's own task: it may replace an app already answering at the port (asked first).
      mayTakeOverPort: true,
      portHint: `start the app only through task "${label}" (Measure then restarts that task itself).`,
      running: () => {
        const x = runningNow();
        return x && this.handle(x);
      },
      start: async () => {
        const task = (await vscode.tasks.fetchTasks()).find(inScope) ?? runningNow()?.task ?? seenTask;
        if (!task) throw this.error(`there is no task "${label}" in this workspace (kubeProbes.measure.launch names it; see Terminal › Run Task… for the tasks there are)`);
        const subs: vscode.Disposable[] = [];
        let execution: vscode.TaskExecution | undefined;
        const started = new Promise<StartedApp>((resolve, reject) => {
          const timer = setTimeout(() => reject(this.error(`task "${label}" did not start a process within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
          subs.push(
            { dispose: () => clearTimeout(timer) },
            vscode.tasks.onDidStartTaskProcess((e) => {
              if (!inScope(e.execution.task) || (execution && e.execution !== execution)) return;
              // The listener in the constructor noted the time (it was registered first).
              const t0 = this.seen.get(e.execution)?.t0 ?? performance.now();
              resolve({ ...this.handle(e.execution), t0 });
            }),
            vscode.tasks.onDidEndTask((e) => {
              if (e.execution === execution && !this.seen.get(e.execution)?.t0) reject(this.error(`task "${label}" ended before its process started (see its terminal)`));
            }),
          );
        });
        try {
          execution = await vscode.tasks.executeTask(task);
          return await started;
        } finally {
          subs.forEach((d) => d.dispose());
        }
      },
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
