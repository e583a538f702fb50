// Runs a rendering tool (helm, kubectl) once through the core's one process runner
// (util/process.ts: no shell, own process group, timeout, cancellation, output caps) and says what
// went wrong in render terms. Resolves with stdout/stderr/exit code; rejects only with a RenderError
// ('not-found', 'timeout', 'cancelled', or 'failed' when it cannot start or prints too much).
import { runProcess } from '../util/process';
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
  /** Written to the tool's stdin, then closed. */
  input?: string;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 30_000;
/** stderr kept for the error message; more is dropped, not a reason to stop the tool. */
const MAX_STDERR_BYTES = 1024 * 1024;

/** `tool` is what the user gave (an absolute path or a name on PATH); `label` names it in messages. */
export async function runTool(tool: string, args: string[], label: string, opts: ToolOptions = {}): Promise<ToolRun> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const max = opts.maxOutputBytes ?? 64 * 1024 * 1024;
  const r = await runProcess(tool, args, {
    env: opts.env,
    cwd: opts.cwd,
    timeoutMs,
    signal: opts.signal,
    maxOutputBytes: max,
    onOverflow: 'kill',
    maxErrorBytes: MAX_STDERR_BYTES,
    onErrorOverflow: 'truncate',
    // A renderer has nothing to clean up: stop it at once.
    killGraceMs: 0,
    input: opts.input,
  });
  if (r.cancelled) throw new RenderError(`${label} was cancelled`, undefined, undefined, 'cancelled');
  if (r.timedOut) {
    throw new RenderError(`${label} did not finish within ${Math.round(timeoutMs / 100) / 10} s and was stopped`, undefined, undefined, 'timeout');
  }
  if (r.stdoutTruncated) throw new RenderError(`${label} printed more than ${Math.round(max / 1048576)} MiB; not linted`, undefined, undefined, 'failed');
  if (r.error) {
    const code = r.error.code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') {
      const where = /[\\/]/.test(tool) ? `'${tool}' ${code === 'ENOENT' ? 'does not exist' : `cannot be run (${code})`}` : `'${tool}' is not on PATH`;
      throw new RenderError(`${label} not found: ${where}${opts.notFoundHint ? `; ${opts.notFoundHint}` : ''}`, undefined, undefined, 'not-found');
    }
    throw new RenderError(`${label} could not be started: ${r.error.message}`, undefined, undefined, 'failed');
  }
  return { code: r.exitCode, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
