// The exec prober — pkg/probe/exec/exec.go + prober.go newExecInContainer (§5): `$(VAR)`
// expansion from the container's literal env, argv run without a shell, stdout then stderr capped
// at 10 KiB, a timeout is a Failure with the CRI's text. The command runs on an ExecTarget: the
// local machine here, a container through src/core/cluster/.
import { constants } from 'node:os';
import type { EnvVar } from '../k8s';
import { goDuration } from '../util/duration';
import { runProcess } from '../util/process';
import { goQuote } from './go';
import type { ExecRunOptions, ExecRunResult, ExecTarget, ProberResult } from './types';

/** maxReadLength: the exec prober's LimitWriter (stdout and stderr together). */
export const MAX_EXEC_OUTPUT = 10 * 1024;

/** third_party/forked/golang/expansion Expand: `$(NAME)` → mapping(NAME), `$$` → `$`, anything else as is. */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    if (rest[0] === '$') {
      out += '$'; // escaped operator
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close >= 0) {
        out += mapping(rest.slice(1, close));
        cursor += close;
      } else {
        out += '$('; // incomplete reference
      }
    } else {
      out += '$' + rest[0];
    }
    cursor += 1;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/**
 * ExpandContainerCommandOnlyStatic: only the env's literal `value`s are known (an entry with
 * valueFrom maps to "", as Go's EnvVarsToMap does; the last of equal names wins); undefined
 * references are left as written.
 */
export function expandCommand(command: readonly string[], env: EnvVar[] | undefined): string[] {
  const vars = new Map<string, string>();
  for (const e of env ?? []) if (e?.name !== undefined) vars.set(e.name, e.value ?? '');
  return command.map((arg) => expand(String(arg), (name) => vars.get(name) ?? `$(${name})`));
}

/** The env entries with a literal value, for a command run outside the container. */
export function literalEnv(env: EnvVar[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env ?? []) if (e?.name && e.value !== undefined && e.valueFrom === undefined) out[e.name] = String(e.value);
  return out;
}

const toBuffer = (b: string | Uint8Array) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b));
export const outputText = (b: string | Uint8Array) => (typeof b === 'string' ? b : toBuffer(b).toString('utf8'));

/** RunInContainer's output: stdout followed by stderr, through the 10 KiB LimitWriter. */
export function combinedOutput(res: Pick<ExecRunResult, 'stdout' | 'stderr'>, limit = MAX_EXEC_OUTPUT): string {
  return Buffer.concat([toBuffer(res.stdout), toBuffer(res.stderr)]).subarray(0, limit).toString('utf8');
}

/** The CRI's ErrCommandTimedOut text. */
export function commandTimedOut(argv: readonly string[], timeoutMs: number): string {
  return `command timed out: ${goQuote(argv.join(' '))} timed out after ${goDuration(timeoutMs / 1000)}`;
}

/**
 * execProber.Probe over what the runtime returned: exit 0 Success, other exit Failure (output
 * kept); a timeout is a Failure with the timeout text (ExecProbeTimeout, locked on in 1.35), or
 * Unknown + error with the gate off; any other error Unknown + error, output "" (errored).
 */
export function execProberResult(res: ExecRunResult, argv: readonly string[], timeoutMs: number, execProbeTimeout = true): ProberResult {
  const output = combinedOutput(res);
  if (res.timedOut) {
    const text = commandTimedOut(argv, timeoutMs);
    return execProbeTimeout ? { result: 'failure', output: text, failure: 'timeout' } : { result: 'unknown', output, error: text, failure: 'timeout' };
  }
  if (res.error !== undefined || res.exitCode === null) return { result: 'unknown', output: '', error: res.error ?? 'command did not exit' };
  return res.exitCode === 0 ? { result: 'success', output } : { result: 'failure', output, failure: 'exit-code' };
}

/** Go's os/exec text for a command that could not be started. */
function startError(cmd: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT' && !cmd.includes('/')) return `exec: ${goQuote(cmd)}: executable file not found in $PATH`;
  if (err.code === 'ENOENT') return `fork/exec ${cmd}: no such file or directory`;
  if (err.code === 'EACCES') return `fork/exec ${cmd}: permission denied`;
  return `fork/exec ${cmd}: ${err.message}`;
}

/** Runs commands on this machine through the core's process runner (util/process.ts): argv without a shell, in its own process group so a timeout kills the whole tree. */
export class LocalExecTarget implements ExecTarget {
  readonly name = 'local';

  /** `cwd`: where relative commands resolve (the manifest's workspace folder); default the process's. */
  constructor(private readonly cwd?: string) {}

  async run(argv: readonly string[], opts: ExecRunOptions): Promise<ExecRunResult> {
    const empty = { stdout: '', stderr: '', timedOut: false, exitCode: null };
    if (!argv.length) return { ...empty, error: 'exec: no command' };
    if (opts.signal?.aborted) return { ...empty, error: 'context canceled' };
    const r = await runProcess(argv[0], argv.slice(1), {
      ...(this.cwd && { cwd: this.cwd }),
      env: { ...process.env, ...opts.env },
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      maxOutputBytes: opts.maxOutputBytes,
      onOverflow: 'truncate',
      // The runtime kills a command that ran out of time outright.
      killGraceMs: 0,
    });
    const stopped = r.timedOut || r.cancelled;
    // A command killed by a signal it did not get from us reports 128 + the signal, as a shell would.
    const exitCode = stopped || r.error ? null : (r.exitCode ?? 128 + (r.exitSignal ? constants.signals[r.exitSignal] : 0));
    return {
      exitCode,
      stdout: r.stdout,
      stderr: r.stderr,
      timedOut: r.timedOut,
      error: r.error ? startError(argv[0], r.error) : r.cancelled ? 'context canceled' : undefined,
    };
  }
}

/** Runs an exec probe's argv (already expanded) on a target and maps the outcome (§5). */
export async function doExecProbe(
  argv: readonly string[],
  target: ExecTarget,
  timeoutMs: number,
  signal?: AbortSignal,
  env?: Readonly<Record<string, string>>,
): Promise<ProberResult> {
  const res = await target.run(argv, { timeoutMs, signal, maxOutputBytes: MAX_EXEC_OUTPUT, env });
  return execProberResult(res, argv, timeoutMs);
}
