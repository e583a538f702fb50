// Runs a rendering tool (helm, kubectl) once: no shell, a timeout, cancellable, output capped.
// Resolves with stdout/stderr/exit code; rejects only with a RenderError ('not-found', 'timeout',
// 'cancelled', or 'failed' when the output is too large).
import { spawn } from 'node:child_process';
import { RenderError } from './types';

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Said after "not found", e.g. "install Helm or pass --helm PATH". */
  notFoundHint?: string;
  /** Largest stdout accepted (default 64 MiB); a chart that renders more is reported, not buffered. */
  maxOutputBytes?: number;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 30_000;

/** `tool` is what the user gave (an absolute path or a name on PATH); `label` names it in messages. */
export function runTool(tool: string, args: string[], label: string, opts: ToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const max = opts.maxOutputBytes ?? 64 * 1024 * 1024;
  return new Promise<ToolRun>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new RenderError(`${label} was cancelled`, undefined, undefined, 'cancelled'));
      return;
    }
    const child = spawn(tool, args, {
      shell: false,
      windowsHide: true,
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let failure: RenderError | undefined;
    const stop = (e: RenderError) => {
      if (failure) return;
      failure = e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new RenderError(`${label} did not finish within ${Math.round(timeoutMs / 100) / 10} s and was stopped`, undefined, undefined, 'timeout')),
      timeoutMs,
    );
    const onAbort = () => stop(new RenderError(`${label} was cancelled`, undefined, undefined, 'cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > max) stop(new RenderError(`${label} printed more than ${Math.round(max / 1048576)} MiB; not linted`, undefined, undefined, 'failed'));
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      errBytes += b.length;
      if (errBytes <= 1024 * 1024) err.push(b);
    });
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      if (failure) return reject(failure);
      if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'ENOTDIR') {
        const where = /[\\/]/.test(tool) ? `'${tool}' ${e.code === 'ENOENT' ? 'does not exist' : `cannot be run (${e.code})`}` : `'${tool}' is not on PATH`;
        reject(new RenderError(`${label} not found: ${where}${opts.notFoundHint ? `; ${opts.notFoundHint}` : ''}`, undefined, undefined, 'not-found'));
      } else reject(new RenderError(`${label} could not be started: ${e.message}`, undefined, undefined, 'failed'));
    });
    child.on('close', (code) => {
      done();
      if (failure) return reject(failure);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
