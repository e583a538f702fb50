// Runs the linter on a text: inline for ordinary files, in a worker thread for big ones so the
// extension host stays responsive (a 20 MB manifest must not freeze the editor).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lintText } from '../core/lint/engine';
import type { Finding, LintConfig } from '../core/lint/types';
import type { Linter } from './diagnostics';

/** Texts larger than this are linted off the extension host's thread. */
export const WORKER_THRESHOLD = 512 * 1024;
const WORKER_TIMEOUT_MS = 60_000;

export interface LintOutcome {
  findings: Finding[];
  /** Set when linting did not finish (timeout, worker crash); findings are then empty. */
  error?: string;
  /** Set when the text was not linted on purpose, saying why (too large for the browser); findings are then empty. */
  notLinted?: string;
}

/** The desktop's Linter: inline up to WORKER_THRESHOLD, else in dist/lintWorker.js. */
export function nodeLinter(workerScript: string): Linter {
  return (text, file, config, signal) =>
    text.length > WORKER_THRESHOLD ? lintInWorker(workerScript, text, file, config, signal) : lintInline(text, file, config);
}

export function lintInline(text: string, file: string, config: LintConfig): LintOutcome {
  return { findings: lintText(text, file, config).findings };
}

/** Lints in a worker thread; `signal` stops the worker (its result is no longer wanted: the text changed). */
export function lintInWorker(workerScript: string, text: string, file: string, config: LintConfig, signal?: AbortSignal): Promise<LintOutcome> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ findings: [], error: 'cancelled' });
    let done = false;
    const worker = new Worker(workerScript, { workerData: { text, file, config } });
    const onAbort = () => finish({ findings: [], error: 'cancelled' });
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (o: LintOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(o);
    };
    const timer = setTimeout(
      () => finish({ findings: [], error: `linting ${path.basename(file)} took longer than ${WORKER_TIMEOUT_MS / 1000} s and was stopped` }),
      WORKER_TIMEOUT_MS,
    );
    worker.once('message', (findings: Finding[]) => finish({ findings }));
    worker.once('error', (err) => finish({ findings: [], error: `linting ${path.basename(file)} failed: ${err.message}` }));
    worker.once('exit', (code) => finish({ findings: [], error: `the lint worker stopped (exit code ${code})` }));
  });
}
