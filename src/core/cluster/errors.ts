// Typed errors of the cluster layer. `message` is always a sentence a user can act on; the raw
// tool output is kept in `detail` for the log. No stack traces reach the user: callers show
// `message` (and maybe `detail`), never `stack`.

export type ClusterErrorKind =
  | 'kubectl-not-found' // no kubectl binary
  | 'tool-not-found' // docker / podman binary missing
  | 'spawn-failed' // binary exists but cannot be started (EACCES, ENOEXEC…)
  | 'no-cluster' // API server unreachable
  | 'no-config' // no kubeconfig / no current context
  | 'kubeconfig-missing' // a kubeconfig file given explicitly does not exist
  | 'context-missing' // the named context is not in the kubeconfig
  | 'unauthorized' // credentials rejected / expired
  | 'forbidden' // RBAC
  | 'not-found' // the object does not exist
  | 'docker-unavailable' // docker/podman daemon not reachable
  | 'port-forward-failed'
  | 'timeout'
  | 'cancelled'
  | 'output-too-large'
  | 'bad-output' // the tool printed something we could not parse
  | 'failed'; // anything else: the tool's own message is used

export class ClusterError extends Error {
  override readonly name: string = 'ClusterError';
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    /** Raw tool output (stderr), cleaned of log noise; for the output channel. */
    readonly detail?: string,
    /** What the user can do about it. Already part of `message`; kept separately for UIs. */
    readonly hint?: string,
  ) {
    super(message);
  }
  /** A short user-facing text without any stack. */
  override toString(): string {
    return this.message;
  }
}

export class KubectlNotFound extends ClusterError {
  override readonly name = 'KubectlNotFound';
  constructor(
    /** The paths that were tried (an explicit setting, then each PATH directory). */
    readonly searched: string[],
    explicitPath?: string,
  ) {
    const hint =
      'Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set "kubeProbes.kubectlPath" to the full path of the kubectl binary.';
    const what = explicitPath
      ? `kubectl was not found at "${explicitPath}" (setting kubeProbes.kubectlPath).`
      : 'kubectl was not found on the PATH.';
    super('kubectl-not-found', `${what} ${hint}`, searched.length ? `Searched: ${searched.join(', ')}` : undefined, hint);
  }
}

export function isClusterError(e: unknown): e is ClusterError {
  return e instanceof ClusterError;
}

/** The message to show for any error of this layer; never a stack. */
export function userMessage(e: unknown): string {
  if (e instanceof ClusterError) return e.message;
  if (e instanceof Error) return e.message.split('\n')[0] ?? String(e);
  return String(e);
}

// klog lines such as: E1124 08:32:19.830825    5939 memcache.go:265] "Unhandled Error" err=…
const KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+\s+\S+:\d+\]/;

/** stderr without klog noise and blank lines, trimmed. */
export function cleanStderr(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !KLOG.test(l))
    .join('\n')
    .trim();
}

function lastLine(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim());
  return lines[lines.length - 1] ?? '';
}

function serverOf(text: string): string | undefined {
  return (
    /The connection to the server (\S+) was refused/.exec(text)?.[1] ??
    /Unable to connect to the server: .*?(?:dial tcp|Get|Post) "?(https?:\/\/[^/"\s]+|[^\s:"]+:\d+)/.exec(text)?.[1] ??
    /dial tcp ([^\s:]+:\d+|\[[^\]]+\]:\d+)/.exec(text)?.[1]
  );
}

/**
 * Turns a failed kubectl run into a typed error with a friendly message. `raw` is the whole
 * stderr; `what` describes the operation ("list pods in team-a") for the generic case.
 */
export function classifyKubectlFailure(raw: string, what = 'kubectl'): ClusterError {
  const text = cleanStderr(raw);
  const all = raw; // the klog lines carry the dial errors when the final line is generic
  const detail = text || raw.trim() || undefined;

  if (/current-context is not set/i.test(text) || /The connection to the server localhost:8080 was refused/.test(all)) {
    const hint = 'Create a kubeconfig (~/.kube/config), set KUBECONFIG, or pick a context with "kubectl config use-context".';
    return new ClusterError('no-config', `No Kubernetes context is configured. ${hint}`, detail, hint);
  }
  const ctx =
    /context was not found for specified context: (.+)$/m.exec(text) ??
    /cannot locate context (.+)$/m.exec(text) ??
    /no context exists with the name: "?([^"\n]+)"?/m.exec(text) ??
    /context "([^"]+)" does not exist/m.exec(text);
  if (ctx) {
    const hint = 'Pick an existing context (kubectl config get-contexts) or fix the kubeconfig.';
    return new ClusterError('context-missing', `The kubeconfig has no context named "${ctx[1]!.trim()}". ${hint}`, detail, hint);
  }
  const stat = /stat (.+?): no such file or directory/.exec(text);
  if (stat && /^error: stat /m.test(text)) {
    const hint = 'Check the kubeconfig path (KUBECONFIG or the --kubeconfig option).';
    return new ClusterError('kubeconfig-missing', `The kubeconfig file "${stat[1]}" does not exist. ${hint}`, detail, hint);
  }
  if (
    /connection refused|Unable to connect to the server|was refused - did you specify|no such host|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|connection reset by peer|EOF$/m.test(
      all,
    )
  ) {
    const server = serverOf(all);
    const hint = 'Start the cluster, check your network/VPN, or switch to another context.';
    return new ClusterError(
      'no-cluster',
      `No Kubernetes cluster reachable${server ? ` at ${server}` : ''}. ${hint}`,
      detail,
      hint,
    );
  }
  if (/You must be logged in to the server|\(Unauthorized\)|Unauthorized$/m.test(text)) {
    const hint = 'Log in again or refresh the credentials of this context.';
    return new ClusterError('unauthorized', `The cluster rejected the credentials. ${hint}`, detail, hint);
  }
  if (/\(Forbidden\)|is forbidden:/.test(text)) {
    const m = /is forbidden: (.*)$/m.exec(text);
    const hint = 'Ask for the RBAC permission or use another context/namespace.';
    return new ClusterError('forbidden', `Not allowed: ${m ? m[1] : lastLine(text)}. ${hint}`, detail, hint);
  }
  if (/\(NotFound\)|not found$/m.test(text)) {
    const m = /\(NotFound\): (.*)$/m.exec(text);
    return new ClusterError('not-found', `Not found: ${m ? m[1] : lastLine(text)}.`, detail);
  }
  const line = lastLine(text).replace(/^error: /i, '');
  return new ClusterError('failed', line ? `${what} failed: ${line}` : `${what} failed.`, detail);
}
