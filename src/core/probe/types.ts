// Shapes shared by the probe runners. Pure TypeScript: no 'vscode', no I/O.
import type { HandlerSite, HandlerType } from '../k8s';

/** A prober's verdict, `probe.Result` (docs/semantics §1.1). */
export type ProbeResult = 'success' | 'warning' | 'failure' | 'unknown';

/** What every prober returns: Go's `(probe.Result, output string, err error)`. */
/**
 * Why a probe failed (or errored), as data for callers that count failures (measure): the
 * connection was refused, ran out of time, was reset, the host did not resolve, the answer was a
 * failing HTTP status or exit code, or anything else. Set by the probers next to Go's text.
 */
export type ProbeFailure = 'refused' | 'timeout' | 'reset' | 'unresolved' | 'status' | 'exit-code' | 'other';

export interface ProberResult {
  result: ProbeResult;
  output: string;
  /** Set on a Failure (and on an errored probe where the cause is known). */
  failure?: ProbeFailure;
  /** The prober's error. A probe with an error is "errored": the kubelet retries it, then discards it (§1.3). */
  error?: string;
}

export interface ExecRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Output the caller keeps; an implementation may stop collecting each stream beyond this many bytes. */
  maxOutputBytes: number;
  /**
   * The container's literal env (name → value). A local target adds it to the command's
   * environment, as the container would have it; a target in a real container ignores it.
   */
  env?: Readonly<Record<string, string>>;
}

export interface ExecRunResult {
  /** Exit status; null when the command did not exit on its own (timeout, cancel, could not start). */
  exitCode: number | null;
  stdout: string | Uint8Array;
  stderr: string | Uint8Array;
  /** The command ran out of time and was killed. */
  timedOut: boolean;
  /** The command could not be run at all (not found, runtime error, cancelled): the probe is errored. */
  error?: string;
}

/**
 * Where exec probes and exec hooks run: locally (exec.ts), or in a container through
 * `kubectl exec` / `docker exec` (src/core/cluster/). argv is run as is, never through a shell.
 */
export interface ExecTarget {
  /** Short label for messages, e.g. "local", "kubectl exec pod/web -c app". */
  readonly name: string;
  run(argv: readonly string[], opts: ExecRunOptions): Promise<ExecRunResult>;
}

/** Where a handler is run. */
export interface ProbeTarget {
  /** Host to connect to when the handler names none. Default: podIP if given, else 127.0.0.1. */
  host?: string;
  /** Container port → local port (a port-forward). Applied after named-port resolution. */
  portMap?: Record<number, number>;
  /**
   * Host header to send when the user set none, e.g. "<podIP>:<containerPort>" behind a
   * port-forward (§17). Default: "<podIP>:<containerPort>" when podIP is given and is not the
   * host connected to; otherwise Go's default, the URL's host:port.
   */
  hostHeader?: string;
  /** Runs exec commands. Default: the local machine (LocalExecTarget). */
  exec?: ExecTarget;
  /** The pod's IP as the kubelet would see it. */
  podIP?: string;
  /** Pod name for the kubelet's lifecycle-hook messages (`... in Pod "<pod>" failed`). */
  pod?: string;
}

export interface RunOptions {
  /** Overrides the handler's timeoutSeconds (probes: default from the probe, 1 when unset). */
  timeoutSeconds?: number;
  signal?: AbortSignal;
  site: HandlerSite;
}

export interface HttpDetails {
  /** Status of the final response, when one arrived. */
  status?: number;
  /** Locations followed (resolved URLs), in order. */
  redirects: string[];
  /** Request headers of the first request, as sent (Host included). */
  headers?: Record<string, string[]>;
}

export interface ProbeRunResult {
  result: ProbeResult;
  /** The prober's output, or the error of an errored probe. */
  message: string;
  /** Set when the probe errored: the kubelet would retry it and then discard it (§1.3, §1.4). */
  errored?: string;
  /** Why it failed, from the prober (not read from the message). */
  failure?: ProbeFailure;
  durationMs: number;
  /** 'none': the handler has no (runnable) handler field. */
  probe: { type: HandlerType | 'none'; target: string };
  http?: HttpDetails;
  /** Probes only: the result the kubelet caches for this attempt (Warning → Success, Unknown → Failure). */
  cached?: 'Success' | 'Failure';
  /** Probes only: runs in this attempt (an errored probe is tried up to 3 times). */
  attempts?: number;
  /** The kubelet's event message for this outcome, if it records one. */
  event?: string;
  /** Where our run differs from what the kubelet would do (e.g. a lifecycle tcpSocket). */
  note?: string;
}
