// Exec probes in a container: `kubectl exec` for a pod, `docker|podman exec` for a local container.
// The probe's argv is passed as separate arguments after `--` (kubectl) or the container name
// (docker): no shell on our side, so spaces, quotes, `$(…)` and `;` reach the container untouched.
import type { ExecRunOptions, ExecRunResult, ExecTarget } from '../probe/types';
import { ClusterError, classifyKubectlFailure, cleanStderr } from './errors';
import type { Kubectl } from './kubectl';
import { runProcess, type RunResult } from '../util/process';
import { classifyContainerToolFailure, type ContainerTool } from './docker';

export interface PodContainerRef {
  pod: string;
  namespace: string;
  container: string;
  /** undefined: the Kubectl's context. */
  context?: string;
}

/** kubectl's own line after a remote command failed: "command terminated with exit code 3". */
const TERMINATED = /^command terminated with exit code (\d+)\s*$/m;

function errorResult(r: RunResult, error: string, stderr?: string): ExecRunResult {
  return { exitCode: null, stdout: r.stdout, stderr: stderr ?? r.stderr, timedOut: false, error };
}

/** Runs an exec tool (kubectl, docker, podman) with the probe's limits; argv as is, no shell. */
function runTool(path: string, args: readonly string[], env: NodeJS.ProcessEnv | undefined, opts: ExecRunOptions): Promise<RunResult> {
  return runProcess(path, args, {
    env,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    maxOutputBytes: opts.maxOutputBytes,
    onOverflow: 'truncate',
    killGraceMs: 1000,
  });
}

/** The outcomes every exec tool shares; undefined when the tool's own exit code must be read. */
function commonOutcome(r: RunResult, tool: string, notFound: string): ExecRunResult | undefined {
  if (r.error) return errorResult(r, r.error.code === 'ENOENT' ? notFound : `${tool} could not be started (${r.error.code ?? r.error.message}).`);
  if (r.cancelled) return errorResult(r, 'cancelled');
  if (r.timedOut) return { exitCode: null, stdout: r.stdout, stderr: r.stderr, timedOut: true };
  if (r.exitCode === 0) return { exitCode: 0, stdout: r.stdout, stderr: r.stderr, timedOut: false };
  if (r.exitCode === null) return errorResult(r, `${tool} exec was ended by ${r.exitSignal ?? 'a signal'}.`);
  return undefined;
}

/** The kubectl argv (after global flags) of an exec. */
export function kubectlExecArgs(ref: PodContainerRef, argv: readonly string[]): string[] {
  return ['exec', ref.pod, '-c', ref.container, '-n', ref.namespace, '--', ...argv];
}

/** Runs exec probes with `kubectl exec <pod> -c <container> -n <ns> [--context] -- argv…`. */
export class KubectlExecTarget implements ExecTarget {
  readonly name: string;
  private readonly kubectl: Kubectl;

  constructor(
    kubectl: Kubectl,
    readonly ref: PodContainerRef,
  ) {
    this.kubectl = ref.context !== undefined ? kubectl.withContext(ref.context) : kubectl;
    this.name = `kubectl exec pod/${ref.pod} -c ${ref.container}`;
  }

  async run(argv: readonly string[], opts: ExecRunOptions): Promise<ExecRunResult> {
    if (!argv.length) return { exitCode: null, stdout: '', stderr: '', timedOut: false, error: 'no command given' };
    try {
      await this.kubectl.ensureContext({ signal: opts.signal });
    } catch (e) {
      // No context: never run kubectl exec against localhost:8080. (A missing or broken kubectl
      // is reported by the run below, as for any exec.)
      if (e instanceof ClusterError && (e.kind === 'no-config' || e.kind === 'context-missing' || e.kind === 'kubeconfig-missing' || e.kind === 'cancelled')) {
        return { exitCode: null, stdout: '', stderr: '', timedOut: false, error: e.message };
      }
    }
    const r = await runTool(this.kubectl.path, this.kubectl.argv(kubectlExecArgs(this.ref, argv)), this.kubectl.childEnv(), opts);
    const common = commonOutcome(r, 'kubectl', `kubectl was not found at "${this.kubectl.path}". Install kubectl or set "kubeProbes.kubectlPath".`);
    if (common) return common;
    const stderrText = r.stderr.toString('utf8');
    const term = TERMINATED.exec(stderrText);
    if (term) {
      // The command ran and failed: its own stderr, without kubectl's line.
      const own = stderrText.replace(TERMINATED, '').replace(/\n$/, '');
      return { exitCode: Number(term[1]), stdout: r.stdout, stderr: own, timedOut: false };
    }
    // kubectl itself failed (no cluster, pod or container missing, forbidden, …).
    const err = classifyKubectlFailure(stderrText, `kubectl exec in ${this.ref.namespace}/${this.ref.pod}`);
    const containerMissing = /container (\S+) is not valid for pod|container not found/.exec(cleanStderr(stderrText));
    return errorResult(
      r,
      containerMissing ? `Container "${this.ref.container}" is not in pod ${this.ref.namespace}/${this.ref.pod}.` : err.message,
    );
  }
}

export interface LocalContainerRef {
  /** Container name or ID. */
  container: string;
  tool: ContainerTool;
}

/** Runs exec probes with `docker exec <container> argv…` / `podman exec <container> argv…`. */
export class ContainerExecTarget implements ExecTarget {
  readonly name: string;

  constructor(readonly ref: LocalContainerRef) {
    this.name = `${ref.tool.kind} exec ${ref.container}`;
  }

  async run(argv: readonly string[], opts: ExecRunOptions): Promise<ExecRunResult> {
    if (!argv.length) return { exitCode: null, stdout: '', stderr: '', timedOut: false, error: 'no command given' };
    const tool = this.ref.tool;
    const r = await runTool(tool.path, ['exec', this.ref.container, ...argv], tool.env, opts);
    const common = commonOutcome(r, tool.kind, `${tool.kind} was not found at "${tool.path}".`);
    if (common) return common;
    const stderrText = r.stderr.toString('utf8');
    const toolError = classifyContainerToolFailure(tool.kind, stderrText, r.exitCode);
    if (toolError) return errorResult(r, toolError.message);
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: false };
  }
}
