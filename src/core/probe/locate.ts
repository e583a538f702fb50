// Finding a probe again in a (re-parsed) manifest, the ports it needs, and its verdict in words.
import type { HandlerSite, Probe } from '../k8s';
import { PROBE_LABEL } from '../k8s';
import type { ContainerKind, HandlerModel, ManifestFile, Workload } from '../manifest/model';
import { resolveContainerPort } from './ports';
import type { ProbeRunResult } from './types';

/** Identifies a probe or hook across edits: by names, with positions only as a tie-breaker. */
export interface HandlerLocator {
  documentIndex: number;
  workload: string; // "Kind/name"
  listIndex?: number;
  containerKind: ContainerKind;
  container: string;
  containerIndex: number;
  site: HandlerSite;
}

export function workloadRef(w: Workload): string {
  return `${w.kind}/${w.name ?? '(unnamed)'}`;
}

export function locatorOf(h: HandlerModel): HandlerLocator {
  const c = h.container;
  const w = c.workload;
  return {
    documentIndex: w.document.index,
    workload: workloadRef(w),
    ...(w.listIndex !== undefined && { listIndex: w.listIndex }),
    containerKind: c.kind,
    container: c.name ?? `#${c.index}`,
    containerIndex: c.index,
    site: h.site,
  };
}

export function findHandler(file: ManifestFile, loc: HandlerLocator): HandlerModel | undefined {
  const candidates = file.workloads.filter((w) => workloadRef(w) === loc.workload);
  const ordered = [
    ...candidates.filter((w) => w.document.index === loc.documentIndex && w.listIndex === loc.listIndex),
    ...candidates,
  ];
  for (const w of ordered) {
    const c =
      w.containers.find((x) => x.kind === loc.containerKind && x.name === loc.container) ??
      w.containers.find((x) => x.kind === loc.containerKind && x.name === undefined && x.index === loc.containerIndex);
    const h = c?.handlers.find((x) => x.site === loc.site);
    if (h) return h;
  }
  return undefined;
}

/** A stable key for remembering results per probe (file + locator without positions). */
export function handlerKey(fileKey: string, loc: HandlerLocator): string {
  return `${fileKey}#${loc.workload}#${loc.listIndex ?? ''}#${loc.containerKind}:${loc.container}#${loc.site}`;
}

/** Container ports the handler connects to (named ports resolved), to forward or map. */
export function portsOf(h: HandlerModel): number[] {
  const spec = h.spec as Probe & { sleep?: unknown };
  const params: unknown[] = [];
  if (spec.httpGet) params.push(spec.httpGet.port);
  if (spec.tcpSocket) params.push(spec.tcpSocket.port);
  if (spec.grpc) params.push(spec.grpc.port);
  const ports = params.map((p) => resolveContainerPort(p, h.container.spec)).filter((r) => !r.error).map((r) => r.port);
  return [...new Set(ports)];
}

export interface VerdictText {
  /** ✓ success, ! warning, ✗ failure, ? unknown / errored. */
  icon: '✓' | '!' | '✗' | '?';
  /** Short text for a CodeLens or tree item: "200 in 12 ms", "connection refused". */
  short: string;
}

export function verdictText(r: ProbeRunResult): VerdictText {
  const ms = `${Math.round(r.durationMs)} ms`;
  if (r.errored) return { icon: '?', short: `errored: ${firstLine(r.errored)}` };
  const status = r.http?.status;
  if (r.result === 'success') {
    return { icon: '✓', short: status !== undefined ? `${status} in ${ms}` : r.probe.type === 'sleep' ? `slept ${ms}` : `ok in ${ms}` };
  }
  if (r.result === 'warning') return { icon: '!', short: status !== undefined ? `${status} (redirect not followed) in ${ms}` : `warning in ${ms}` };
  if (r.result === 'unknown') return { icon: '?', short: firstLine(r.message) || 'unknown' };
  return { icon: '✗', short: shortFailure(r) };
}

function shortFailure(r: ProbeRunResult): string {
  const m = r.message;
  if (r.http?.status !== undefined && /statuscode/.test(m)) return `${r.http.status}`;
  for (const [re, words] of [
    [/connection refused/i, 'connection refused'],
    [/Client\.Timeout|deadline exceeded|timed out|i\/o timeout/i, `timeout after ${Math.round(r.durationMs)} ms`],
    [/connection reset/i, 'connection reset'],
    [/no such host|ENOTFOUND/i, 'host not found'],
    [/stopped after 10 redirects/, 'too many redirects'],
    [/service unhealthy \(responded with "(\w+)"\)/, '$1'],
    [/does not implement the grpc health protocol/, 'no gRPC health service'],
  ] as const) {
    const hit = re.exec(m);
    if (hit) return words.replace('$1', hit[1] ?? '');
  }
  return firstLine(m).slice(0, 60) || 'failure';
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0].trim();
}

/** The full request/response summary and the kubelet's event text, for the output channel. */
export function runReport(h: HandlerModel, r: ProbeRunResult, targetLabel: string): string[] {
  const c = h.container;
  const lines = [
    `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} of ${workloadRef(c.workload)} › ${c.name ?? '?'} against ${targetLabel}`,
    `  ${r.probe.type} ${r.probe.target}`,
  ];
  if (r.http?.headers) {
    for (const [k, vs] of Object.entries(r.http.headers)) for (const v of vs) lines.push(`  > ${k}: ${v}`);
  }
  for (const loc of r.http?.redirects ?? []) lines.push(`  → redirected to ${loc}`);
  if (r.http?.status !== undefined) lines.push(`  < HTTP ${r.http.status}`);
  const v = verdictText(r);
  const took = / ms\b/.test(v.short) ? '' : ` in ${Math.round(r.durationMs)} ms`;
  lines.push(`  result: ${r.result}${r.cached ? ` (kubelet caches ${r.cached})` : ''}${took}${r.attempts && r.attempts > 1 ? ` after ${r.attempts} tries` : ''} — ${v.icon} ${v.short}`);
  if (r.message) lines.push(`  output: ${r.message.length > 2000 ? r.message.slice(0, 2000) + '…' : r.message}`);
  if (r.errored) lines.push(`  errored: ${r.errored} — the kubelet would discard this attempt (it counts toward no threshold)`);
  if (r.event) lines.push(`  kubelet event: ${r.event}`);
  if (r.note) lines.push(`  note: ${r.note}`);
  return lines;
}

/** "8080:18080, 9000:19000" → { 8080: 18080, 9000: 19000 }; undefined when malformed. */
export function parsePortMap(v: string): Record<number, number> | undefined {
  const out: Record<number, number> = {};
  for (const p of v.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d{1,5}):(\d{1,5})$/.exec(p);
    if (!m) return undefined;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a < 1 || a > 65535 || b < 1 || b > 65535) return undefined;
    out[a] = b;
  }
  return out;
}
