// Local containers through the docker or podman CLI (argv, no shell): finding the tool, listing
// running containers, their published ports, and telling "the daemon is not there" apart from a
// command's own failure.
import { ClusterError, cleanStderr } from './errors';
import { runProcess } from '../util/process';
import { which } from './which';

export type ContainerToolKind = 'docker' | 'podman';

export interface ContainerTool {
  kind: ContainerToolKind;
  /** Full path of the binary. */
  path: string;
  env?: NodeJS.ProcessEnv;
}

export interface LocateContainerToolOptions {
  /** Prefer this tool; default: docker, then podman. */
  kind?: ContainerToolKind;
  /** Explicit binary path (a machine-scoped setting); its kind is taken from `kind` or the file name. */
  explicitPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** docker or podman on PATH (or the explicit path). Throws a 'tool-not-found' ClusterError. */
export function locateContainerTool(opts: LocateContainerToolOptions = {}): ContainerTool {
  const env = opts.env ?? process.env;
  const searched: string[] = [];
  if (opts.explicitPath?.trim()) {
    const p = which(opts.explicitPath.trim(), { env, searched });
    const kind: ContainerToolKind = opts.kind ?? (/podman[^/\\]*$/i.test(opts.explicitPath) ? 'podman' : 'docker');
    if (p) return { kind, path: p, env: opts.env };
    throw new ClusterError('tool-not-found', `${kind} was not found at "${opts.explicitPath}". Install it or fix the configured path.`);
  }
  const kinds: ContainerToolKind[] = opts.kind ? [opts.kind] : ['docker', 'podman'];
  for (const kind of kinds) {
    const p = which(kind, { env, searched });
    if (p) return { kind, path: p, env: opts.env };
  }
  const hint = 'Install Docker or Podman to run probes against local containers.';
  throw new ClusterError('tool-not-found', `Neither ${kinds.join(' nor ')} was found on the PATH. ${hint}`, `Searched: ${searched.join(', ')}`, hint);
}

const DAEMON_DOWN =
  /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|permission denied while trying to connect to the Docker daemon|unable to connect to Podman|Cannot connect to Podman/i;

/**
 * A typed error when the tool failed by itself (daemon down, no such container, runtime could not
 * start the command); undefined when the failure is the command's own exit status.
 */
export function classifyContainerToolFailure(kind: ContainerToolKind, stderr: string, exitCode: number | null): ClusterError | undefined {
  const text = cleanStderr(stderr);
  if (DAEMON_DOWN.test(text)) {
    const hint = kind === 'docker' ? 'Start Docker (Docker Desktop or the docker service) and try again.' : 'Start the Podman service/machine and try again.';
    return new ClusterError('docker-unavailable', `${kind === 'docker' ? 'Docker' : 'Podman'} is not available: the daemon is not running or not reachable. ${hint}`, text, hint);
  }
  if (exitCode === null || ![1, 125, 126, 127].includes(exitCode)) return undefined;
  const noSuch = /No such container: (\S+)|no container with name or ID "?([^"\s]+)"? found/i.exec(text);
  if (noSuch) return new ClusterError('not-found', `There is no container named "${noSuch[1] ?? noSuch[2]}".`, text);
  if (/is not running|container state improper/i.test(text)) return new ClusterError('failed', `The container is not running.`, text);
  if (/OCI runtime (?:exec failed|attempted to invoke)|executable file not found|exec failed/i.test(text)) {
    return new ClusterError('failed', `The container runtime could not run the command: ${text.split('\n').pop()}`, text);
  }
  if (/^Error response from daemon: (.*)$/m.test(text) || (kind === 'podman' && exitCode === 125 && /^Error: /m.test(text))) {
    const line = /^(?:Error response from daemon|Error): (.*)$/m.exec(text)?.[1] ?? text;
    return new ClusterError('failed', `${kind} failed: ${line}`, text);
  }
  return undefined;
}

export interface LocalContainer {
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  /** The tool's port column, e.g. "0.0.0.0:8080->80/tcp". */
  portsText: string;
  ports: PublishedPort[];
  labels: Record<string, string>;
}

export interface PublishedPort {
  containerPort: number;
  protocol: string;
  hostIP: string;
  hostPort: number;
}

function labelsOf(v: unknown): Record<string, string> {
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
  if (typeof v !== 'string' || !v) return {};
  const out: Record<string, string> = {};
  for (const pair of v.split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** The Ports column of `docker ps`: "0.0.0.0:8080->80/tcp, :::8080->80/tcp, 443/tcp". */
export function parsePortsColumn(text: string): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(.*):(\d+)(?:-(\d+))?->(\d+)(?:-(\d+))?\/(\w+)\s*$/.exec(part);
    if (!m) continue;
    const hostFrom = Number(m[2]);
    const cFrom = Number(m[4]);
    const cTo = m[5] ? Number(m[5]) : cFrom;
    for (let i = 0; i <= cTo - cFrom; i++) {
      out.push({ hostIP: m[1]!.replace(/^\[|\]$/g, '') || '0.0.0.0', hostPort: hostFrom + i, containerPort: cFrom + i, protocol: m[6]! });
    }
  }
  return out;
}

function podmanPorts(v: unknown): PublishedPort[] {
  if (!Array.isArray(v)) return [];
  const out: PublishedPort[] = [];
  for (const p of v as Record<string, unknown>[]) {
    const container = Number(p.container_port ?? p.containerPort);
    const host = Number(p.host_port ?? p.hostPort);
    const range = Number(p.range ?? 1) || 1;
    if (!container || !host) continue;
    for (let i = 0; i < range; i++)
      out.push({ containerPort: container + i, hostPort: host + i, protocol: String(p.protocol ?? 'tcp'), hostIP: String(p.host_ip ?? p.hostIP ?? '') || '0.0.0.0' });
  }
  return out;
}

/** One line of `docker ps --format '{{json .}}'` (or a podman JSON entry). */
export function parseContainerJson(v: Record<string, unknown>): LocalContainer {
  const names = Array.isArray(v.Names) ? (v.Names as unknown[]).map(String) : String(v.Names ?? '').split(',');
  const portsText = typeof v.Ports === 'string' ? v.Ports : '';
  return {
    id: String(v.ID ?? v.Id ?? ''),
    name: (names[0] ?? '').replace(/^\//, ''),
    image: String(v.Image ?? ''),
    state: String(v.State ?? ''),
    status: String(v.Status ?? ''),
    portsText,
    ports: typeof v.Ports === 'string' ? parsePortsColumn(v.Ports) : podmanPorts(v.Ports),
    labels: labelsOf(v.Labels),
  };
}

/** Running containers (`<tool> ps --format '{{json .}}'`). Throws 'docker-unavailable' when the daemon is down. */
export async function listContainers(tool: ContainerTool, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<LocalContainer[]> {
  const r = await runProcess(tool.path, ['ps', '--format', '{{json .}}'], {
    env: tool.env,
    timeoutMs: opts.timeoutMs ?? 15_000,
    signal: opts.signal,
    onOverflow: 'kill',
  });
  throwIfToolFailed(tool, r, 'list containers');
  const text = r.stdout.toString('utf8').trim();
  if (!text) return [];
  // podman may print one JSON array instead of lines.
  if (text.startsWith('[')) {
    try {
      return (JSON.parse(text) as Record<string, unknown>[]).map(parseContainerJson);
    } catch {
      /* fall through to lines */
    }
  }
  const out: LocalContainer[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      out.push(parseContainerJson(JSON.parse(line) as Record<string, unknown>));
    } catch {
      /* a line that is not JSON: skip */
    }
  }
  return out;
}

/**
 * `docker port <container>` output → published ports. Lines look like
 * "80/tcp -> 0.0.0.0:8080" and "80/tcp -> [::]:8080".
 */
export function parseDockerPort(text: string): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\/(\w+)\s*->\s*(\[[^\]]*\]|[^\s]*):(\d+)\s*$/.exec(line);
    if (!m) continue;
    out.push({ containerPort: Number(m[1]), protocol: m[2]!, hostIP: m[3]!.replace(/^\[|\]$/g, ''), hostPort: Number(m[4]) });
  }
  return out;
}

/**
 * containerPort → host port (TCP), for ProbeTarget.portMap. An IPv4 binding wins over an IPv6 one,
 * since probes connect to 127.0.0.1.
 */
export function portMapOf(ports: readonly PublishedPort[]): Record<number, number> {
  const map: Record<number, number> = {};
  const v6 = (ip: string) => ip.includes(':');
  for (const pass of [false, true]) {
    for (const p of ports) {
      if (p.protocol !== 'tcp' || v6(p.hostIP) !== pass) continue;
      if (map[p.containerPort] === undefined) map[p.containerPort] = p.hostPort;
    }
  }
  return map;
}

/** Published ports of a container (`<tool> port <container>`). */
export async function publishedPorts(tool: ContainerTool, container: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<PublishedPort[]> {
  const r = await runProcess(tool.path, ['port', container], { env: tool.env, timeoutMs: opts.timeoutMs ?? 15_000, signal: opts.signal, onOverflow: 'kill' });
  throwIfToolFailed(tool, r, `read the ports of ${container}`);
  return parseDockerPort(r.stdout.toString('utf8'));
}

function throwIfToolFailed(tool: ContainerTool, r: Awaited<ReturnType<typeof runProcess>>, what: string): void {
  if (r.error) {
    if (r.error.code === 'ENOENT') throw new ClusterError('tool-not-found', `${tool.kind} was not found at "${tool.path}". Install Docker or Podman.`);
    throw new ClusterError('spawn-failed', `${tool.kind} could not be started (${r.error.code ?? r.error.message}).`);
  }
  if (r.cancelled) throw new ClusterError('cancelled', `Cancelled: ${what}.`);
  if (r.timedOut) throw new ClusterError('timeout', `${tool.kind} took too long to ${what}; is the daemon responding?`);
  if (r.truncated) throw new ClusterError('output-too-large', `${tool.kind} printed too much output (${what}).`);
  if (r.exitCode !== 0) {
    const stderr = r.stderr.toString('utf8');
    throw classifyContainerToolFailure(tool.kind, stderr, r.exitCode) ??
      new ClusterError('failed', `${tool.kind} could not ${what}: ${cleanStderr(stderr).split('\n').pop() || `exit ${r.exitCode}`}`, cleanStderr(stderr));
  }
}

/** `<tool> restart <container>`: stops it (SIGTERM, SIGKILL after `stopSeconds`) and starts it again. */
export async function restartContainer(tool: ContainerTool, container: string, opts: { stopSeconds?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const stop = opts.stopSeconds ?? 10;
  const r = await runProcess(tool.path, ['restart', '-t', String(stop), container], {
    env: tool.env,
    timeoutMs: opts.timeoutMs ?? (stop + 60) * 1000,
    signal: opts.signal,
    onOverflow: 'kill',
  });
  throwIfToolFailed(tool, r, `restart ${container}`);
}

/** The part of `<tool> inspect` Measure reads: the container's state and when it last started. */
export interface EngineContainerState {
  running: boolean;
  status: string;
  /** RFC 3339 with nanoseconds, as the engine writes it ("2025-01-01T10:00:00.123456789Z"). */
  startedAt?: string;
  exitCode?: number;
}

/** Epoch ms of an engine timestamp (nanoseconds cut to milliseconds); undefined for Go's zero time or garbage. */
export function engineTime(s: string | undefined): number | undefined {
  if (!s || s.startsWith('0001-01-01')) return undefined;
  const t = Date.parse(s.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(t) ? t : undefined;
}

/** `<tool> inspect` output (a JSON array of one object, docker and podman alike) → its State. */
export function parseInspectState(text: string, container: string): EngineContainerState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ClusterError('failed', `could not read the state of ${container}: the container tool printed something that is not JSON`);
  }
  const s = (Array.isArray(v) ? v[0] : v) as { State?: Record<string, unknown> } | undefined;
  const st = s?.State;
  if (!st || typeof st !== 'object') throw new ClusterError('failed', `could not read the state of ${container}: no State in its inspect output`);
  return {
    running: st.Running === true,
    status: String(st.Status ?? (st.Running ? 'running' : 'unknown')),
    ...(typeof st.StartedAt === 'string' && { startedAt: st.StartedAt }),
    ...(typeof st.ExitCode === 'number' && { exitCode: st.ExitCode }),
  };
}

/** The container's state (`<tool> inspect <container>`). */
export async function inspectContainer(tool: ContainerTool, container: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<EngineContainerState> {
  const r = await runProcess(tool.path, ['inspect', '--type', 'container', container], { env: tool.env, timeoutMs: opts.timeoutMs ?? 15_000, signal: opts.signal, onOverflow: 'kill', maxOutputBytes: 4 << 20 });
  throwIfToolFailed(tool, r, `inspect ${container}`);
  return parseInspectState(r.stdout.toString('utf8'), container);
}
