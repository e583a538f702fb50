// Probes and hooks in words, for hovers and the tree: what the kubelet checks and when it acts,
// with Kubernetes defaults applied (docs/semantics/kubelet-probe-worker.md §7, docs/semantics/defaults.md §14).
import { PROBE_LABEL, type HandlerSite, type Probe } from '../k8s';
import { podGracePeriod, restartAfterProbeKill } from '../lifecycle/restart';
import type { HandlerModel } from '../manifest/model';
import {
  execCommand,
  failureWindow,
  handlerAt,
  isObject,
  portByName,
  timing,
  TIMING_FIELDS,
} from './probe-facts';

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** "port http → 8080", "port http → not found" */
/** A port as a user reads it: "8080", or a named port with its number, "http (8080)". */
function portText(h: HandlerModel, port: unknown): string {
  if (typeof port === 'number') return String(port);
  if (typeof port !== 'string') return '?';
  const n = portByName(h.container, port)?.containerPort;
  return `${port} (${typeof n === 'number' ? n : 'not declared'})`;
}

const shellWord = (s: string) => (s === '' || /[\s"'\\$`]/.test(s) ? JSON.stringify(s) : s);

/** The handler's type and target: "GET /healthz on port http (8080)", "TCP port 9000", "exec cat /tmp/healthy". */
export function describeHandler(h: HandlerModel): string {
  const type = h.handlerTypes[0];
  const spec = h.spec as Record<string, unknown>;
  const a = type ? spec[type] : undefined;
  const o = isObject(a) ? a : {};
  const text = (v: unknown, d = '') => (typeof v === 'string' || typeof v === 'number' ? String(v) : d);
  switch (type) {
    case 'httpGet': {
      const scheme = text(o.scheme, 'HTTP').toLowerCase();
      const path = text(o.path) || '/';
      const headers = Array.isArray(o.httpHeaders) ? o.httpHeaders.filter(isObject).map((x) => text(x.name)) : [];
      const withHeaders = headers.length ? `, ${headers.length === 1 ? 'header' : 'headers'} ${headers.join(', ')}` : '';
      const fullPath = `${path.startsWith('/') ? '' : '/'}${path}`;
      const host = text(o.host);
      // The pod IP is the default host, so only a host the manifest names is shown.
      const where = host ? `${scheme}://${host}:${text(o.port, '?')}${fullPath}` : `${fullPath} on port ${portText(h, o.port)}`;
      return `${scheme === 'https' ? 'HTTPS ' : ''}GET ${where}${withHeaders}`;
    }
    case 'tcpSocket':
      return text(o.host) ? `TCP ${text(o.host)}:${text(o.port, '?')}` : `TCP port ${portText(h, o.port)}`;
    case 'grpc':
      return `gRPC port ${text(o.port, '?')}${text(o.service) ? ` service ${text(o.service)}` : ''}`;
    case 'exec': {
      const cmd = execCommand(h) ?? [];
      return cmd.length ? `exec ${cmd.map(shellWord).join(' ')}` : 'exec (no command)';
    }
    case 'sleep':
      return `sleep ${text(o.seconds, '?')} s`;
    default:
      return 'no handler';
  }
}

/** What the kubelet does on failure, for liveness/startup: restart, or kill for good under restartPolicy Never. */
function killOutcome(h: HandlerModel): string {
  const c = h.container;
  return c.isSidecar || restartAfterProbeKill(c.spec, c.workload.podSpec, true) ? 'restart' : 'kill (restartPolicy Never: no restart)';
}

/** The effective timing in words, e.g. "every 10 s, timeout 1 s, 3 failures → restart after 30 s". */
export function describeTiming(h: HandlerModel): string {
  if (!h.isProbe) return describeHook(h);
  const t = timing(h);
  const parts: string[] = [];
  const gated = h.site !== 'startupProbe' && handlerAt(h.container, 'startupProbe') !== undefined;
  if (gated) parts.push('after the startup probe succeeds');
  if (t.initialDelaySeconds > 0) parts.push(`first check after ${t.initialDelaySeconds} s`);
  parts.push(`every ${t.periodSeconds} s`, `timeout ${t.timeoutSeconds} s`);
  const failures = plural(t.failureThreshold, 'failure');
  const w = failureWindow(t);
  switch (h.site as Exclude<HandlerSite, 'postStart' | 'preStop'>) {
    case 'livenessProbe':
      parts.push(`${failures} → ${killOutcome(h)} after ${w} s`);
      break;
    case 'readinessProbe':
      parts.push(`${failures} → removed from Service endpoints after ${w} s`);
      if (t.successThreshold > 1) parts.push(`${t.successThreshold} successes → back in`);
      break;
    case 'startupProbe': {
      const delay = t.initialDelaySeconds > 0 ? `${t.initialDelaySeconds} s + ` : '';
      parts.push(
        `allows up to ${t.initialDelaySeconds + w} s to start (${delay}${t.failureThreshold} × ${t.periodSeconds} s), then ${killOutcome(h)}`,
      );
      break;
    }
  }
  return parts.join(', ');
}

function describeHook(h: HandlerModel): string {
  const grace = podGracePeriod(h.container.workload.podSpec);
  if (h.site === 'postStart') return 'runs right after the container is created; if it fails, the container is killed';
  const sleep = h.handlerTypes[0] === 'sleep' ? (h.spec as { sleep?: { seconds?: unknown } }).sleep?.seconds : undefined;
  const used = typeof sleep === 'number' ? `, uses ${sleep} s of it` : '';
  return `runs before the container is stopped, within terminationGracePeriodSeconds ${grace} s${used}`;
}

/** Backslash-escapes Markdown punctuation (and `$`, which starts a theme icon) in text taken from a manifest. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, (c) => '\\' + c);
}

/** Hover text: the handler, the timing in words, the effective fields, and the container's budgets. */
export function hoverMarkdown(h: HandlerModel): string {
  const kind = h.isProbe ? 'probe' : 'hook';
  const out = [`**${PROBE_LABEL[h.site]} ${kind}** · ${escapeMarkdown(describeHandler(h))}`, '', escapeMarkdown(describeTiming(h))];
  if (!h.isProbe) return out.join('\n');
  out.push('', '| field | effective |', '|---|---|');
  for (const f of effectiveFields(h)) out.push(`| ${f.field} | ${f.value}${f.defaulted ? ' (default)' : ''} |`);
  out.push('', 'Budgets:');
  for (const b of budgets(h)) out.push(`- ${b}`);
  return out.join('\n');
}

/** The startup budget and the liveness/readiness failure windows of the probe's container (catalog row probe/startup-budget). */
export function budgets(h: HandlerModel): string[] {
  const lines: string[] = [];
  const c = h.container;
  const startup = handlerAt(c, 'startupProbe');
  if (startup) {
    const t = timing(startup);
    lines.push(
      `Startup: up to ${t.initialDelaySeconds + failureWindow(t)} s to start (initialDelaySeconds ${t.initialDelaySeconds} + failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds})`,
    );
  }
  const liveness = handlerAt(c, 'livenessProbe');
  if (liveness) {
    const t = timing(liveness);
    lines.push(
      `Liveness: ${killOutcome(liveness)} after failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds} = ${failureWindow(t)} s of failures` +
        (startup ? '' : `; with no startup probe a slow start gets ${t.initialDelaySeconds + failureWindow(t)} s (initialDelaySeconds ${t.initialDelaySeconds} + ${failureWindow(t)})`),
    );
  }
  const readiness = handlerAt(c, 'readinessProbe');
  if (readiness) {
    const t = timing(readiness);
    lines.push(
      `Readiness: out of Service endpoints after failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds} = ${failureWindow(t)} s of failures`,
    );
  }
  return lines;
}

/** The timing fields a probe writes out, with the effective value the kubelet uses. */
export function effectiveFields(h: HandlerModel): { field: string; value: number; defaulted: boolean }[] {
  const t = timing(h);
  return TIMING_FIELDS.map((f) => {
    const written = (h.spec as Probe)[f];
    return { field: f, value: t[f], defaulted: typeof written !== 'number' || written !== t[f] };
  });
}
