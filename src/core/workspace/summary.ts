// What the trees keep of a parsed manifest: names, positions, one-line descriptions and the lint
// findings attributed to each workload, container, probe and hook. Plain strings and numbers only:
// no YAML nodes, no text, so that thousands of files stay small in memory.
import { effectiveTiming, type HandlerSite, type HandlerType, type Probe } from '../k8s';
import { restartAfterProbeKill } from '../lifecycle/restart';
import { describeHandler, describeTiming } from '../lint/describe';
import type { Finding, Severity } from '../lint/types';
import type { ContainerKind, ContainerModel, HandlerModel, ManifestFile, Position, Span, Workload } from '../manifest/model';
import { TEMPLATE_MASK_CHAR } from '../manifest/split';
import { locatorOf, workloadRef, type HandlerLocator } from '../probe/locate';

export interface FindingBrief {
  rule: string;
  severity: Severity;
  message: string;
  at: Position;
  /** Set in a rendered chart or overlay: where the user fixes it (values file, template, patch). */
  source?: SourceRef;
}

/** Where a rendered element comes from: the file (a tree key) and position the user edits. */
export interface SourceRef {
  path: string;
  at: Position;
  /** What put it there, e.g. "values.yaml: livenessProbe" or "template templates/deployment.yaml". */
  origin?: string;
}

/** A Helm chart or Kustomize overlay shown as one entry (unit-summary.ts). */
export interface UnitInfo {
  kind: 'helm' | 'kustomize';
  /** Absolute path of the chart or overlay folder. */
  root: string;
  /** The folder's name. */
  name: string;
  /** The render failed: the tool's message (first lines). */
  problem?: string;
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export interface HandlerSummary {
  site: HandlerSite;
  /** true for liveness/readiness/startup probes, false for postStart/preStop hooks. */
  isProbe: boolean;
  /** The first handler field set (exec, httpGet, …); undefined when none is. */
  type?: HandlerType;
  /** Short target: "HTTP GET /healthz on http", "TCP on 5432", "exec pg_isready -U app". */
  target: string;
  /** The full target with named ports resolved (describeHandler). */
  detail: string;
  /** Effective timing in words, Kubernetes defaults applied (describeTiming); templated fields named as such. */
  timing: string;
  /** The timing in a few words for a tree row: "restart after 30 s"; "failureThreshold set by a template". */
  brief: string;
  locator: HandlerLocator;
  /** Where the `livenessProbe:` key is. */
  at: Position;
  /** In a rendered chart or overlay: where the probe is written (values key, template line, patch). */
  source?: SourceRef;
  findings: FindingBrief[];
}

export interface ContainerSummary {
  /** The name as written, else "#<index>". */
  title: string;
  /** As parsed (Helm template actions masked); matches HandlerLocator.container. */
  name?: string;
  kind: ContainerKind;
  index: number;
  isSidecar: boolean;
  image?: string;
  at: Position;
  /** In a rendered chart or overlay: where the container is written. */
  source?: SourceRef;
  handlers: HandlerSummary[];
  /** Findings about the container itself (not about one of its handlers). */
  findings: FindingBrief[];
}

export interface WorkloadSummary {
  /** "Deployment web"; a Helm template's name as written ("Deployment {{ include "x" . }}"). */
  title: string;
  kind: string;
  /** As parsed (Helm template actions masked); matches HandlerLocator.workload. */
  name?: string;
  namespace?: string;
  /** "Kind/name", as HandlerLocator.workload. */
  ref: string;
  documentIndex: number;
  listIndex?: number;
  /** The document contains Helm/Go template actions. */
  templated: boolean;
  at: Position;
  /** In a rendered chart or overlay: where the workload is written (its name's line). */
  source?: SourceRef;
  containers: ContainerSummary[];
  /** Findings about the workload itself (not about one of its containers). */
  findings: FindingBrief[];
}

export interface FileSummary {
  /** The key the file was indexed under (a path or a URI string). */
  path: string;
  workloads: WorkloadSummary[];
  /** YAML syntax errors (from the parser, whatever the lint settings say). */
  syntaxErrors: FindingBrief[];
  /** Findings that belong to no workload (e.g. about a Service in the same file). */
  findings: FindingBrief[];
  /** All lint findings of the file, by severity. */
  counts: FindingCounts;
  handlerCount: number;
  /** Set (to the text's length) when the file was too large to be read for the tree. */
  tooLarge?: number;
  /** Set for a rendered chart or overlay (the key is its Chart.yaml / kustomization.yaml). */
  unit?: UnitInfo;
}

const MAX_SYNTAX_ERRORS = 20;

/** Summarises a parsed (and linted) manifest. */
export function summarize(file: ManifestFile, findings: readonly Finding[]): FileSummary {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  const sink = new FindingSink(file);
  const workloads = file.workloads.map((w) => sink.workload(w));
  const unattributed: FindingBrief[] = [];
  for (const f of findings) {
    counts[f.severity]++;
    if (f.rule === 'yaml-syntax') continue; // listed as syntaxErrors
    if (!sink.attribute(f)) unattributed.push(sink.brief(f));
  }
  const syntaxErrors: FindingBrief[] = [];
  for (const d of file.documents) {
    if (d.templated) continue; // masked template actions make the parser's complaints unreliable
    for (const p of d.problems) {
      if (p.severity !== 'error' || syntaxErrors.length >= MAX_SYNTAX_ERRORS) continue;
      syntaxErrors.push({ rule: 'yaml-syntax', severity: 'error', message: firstLine(p.message), at: file.positionAt(p.span.start) });
    }
  }
  return {
    path: file.path,
    workloads,
    syntaxErrors,
    findings: unattributed,
    counts,
    handlerCount: workloads.reduce((n, w) => n + w.containers.reduce((m, c) => m + c.handlers.length, 0), 0),
  };
}

/** Builds the summaries and hands each finding to the innermost element whose text contains it. */
class FindingSink {
  private readonly regions: { span: Span; findings: FindingBrief[]; depth: number }[] = [];

  constructor(private readonly file: ManifestFile) {}

  workload(w: Workload): WorkloadSummary {
    const s: WorkloadSummary = {
      title: `${w.kind} ${this.written(w.name, w.span) ?? '(unnamed)'}`,
      kind: w.kind,
      ...(w.name !== undefined && { name: w.name }),
      ...(w.namespace !== undefined && { namespace: unmask(w.namespace) }),
      ref: workloadRef(w),
      documentIndex: w.document.index,
      ...(w.listIndex !== undefined && { listIndex: w.listIndex }),
      templated: w.document.templated,
      at: this.file.positionAt(w.span.start),
      containers: w.containers.map((c) => this.container(c)),
      findings: [],
    };
    this.region(nodeSpanOf(w.node?.range, w.document.base) ?? w.span, s.findings, 0);
    return s;
  }

  private container(c: ContainerModel): ContainerSummary {
    const s: ContainerSummary = {
      title: this.written(c.name, c.span) ?? `#${c.index}`,
      ...(c.name !== undefined && { name: c.name }),
      kind: c.kind,
      index: c.index,
      isSidecar: c.isSidecar,
      ...(typeof c.spec.image === 'string' && { image: unmask(c.spec.image) }),
      at: this.file.positionAt(c.span.start),
      handlers: c.handlers.map((h) => this.handler(h)),
      findings: [],
    };
    this.region(nodeSpanOf(c.node?.range, c.workload.document.base) ?? c.span, s.findings, 1);
    return s;
  }

  private handler(h: HandlerModel): HandlerSummary {
    const s: HandlerSummary = {
      site: h.site,
      isProbe: h.isProbe,
      ...(h.handlerTypes[0] !== undefined && { type: h.handlerTypes[0] }),
      target: h.handlerTypes.length === 0 && h.container.workload.document.templated ? 'set by a template' : unmask(shortTarget(h)),
      detail: unmask(describeHandler(h)),
      ...timingOf(h),
      locator: locatorOf(h),
      at: this.file.positionAt(h.keySpan.start),
      findings: [],
    };
    this.region(h.span, s.findings, 2);
    return s;
  }

  /** A name as written in the file: a templated one ({{ … }}) from the text, not the masked parse. */
  private written(name: string | undefined, span: Span): string | undefined {
    if (name === undefined || !name.includes(TEMPLATE_MASK_CHAR)) return name;
    return this.file.text.slice(span.start, span.end).trim().replace(/^["']|["']$/g, '') || unmask(name);
  }

  private region(span: Span, findings: FindingBrief[], depth: number): void {
    this.regions.push({ span, findings, depth });
  }

  brief(f: Finding): FindingBrief {
    return { rule: f.rule, severity: f.severity, message: f.message, at: this.file.positionAt(f.span.start) };
  }

  /** False when the finding lies outside every workload. */
  attribute(f: Finding): boolean {
    let best: { findings: FindingBrief[]; depth: number } | undefined;
    for (const r of this.regions) {
      if (f.span.start >= r.span.start && f.span.start < Math.max(r.span.end, r.span.start + 1) && (!best || r.depth > best.depth)) best = r;
    }
    if (!best) return false;
    best.findings.push(this.brief(f));
    return true;
  }
}

const TIMING_FIELDS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'] as const;

/** The fields of a probe whose value is a Helm/Go template action: unknown until rendered. */
export function templatedTiming(h: Pick<HandlerModel, 'isProbe' | 'spec'>): string[] {
  if (!h.isProbe) return [];
  const spec = h.spec as Record<string, unknown>;
  return TIMING_FIELDS.filter((f) => typeof spec[f] === 'string' && (spec[f] as string).includes(TEMPLATE_MASK_CHAR));
}

/** The long and the short timing text. Unknown is unknown: a templated field is never replaced by its default. */
function timingOf(h: HandlerModel): { timing: string; brief: string } {
  if (h.isProbe && h.handlerTypes.length === 0 && h.container.workload.document.templated) {
    return { timing: 'set by a template: known after rendering', brief: '' };
  }
  const templated = templatedTiming(h);
  if (templated.length) {
    const which = templated.join(', ');
    return { timing: `timing set by a template (${which}): known after rendering`, brief: `${which} set by a template` };
  }
  return { timing: unmask(describeTiming(h)), brief: briefTiming(h) };
}

/** What the probe's timing means, in a few words: "restart after 30 s", "unready after 15 s", "up to 120 s to start"; "" for hooks. */
export function briefTiming(h: HandlerModel): string {
  if (!h.isProbe) return '';
  const t = effectiveTiming(h.spec as Probe);
  const window = t.failureThreshold * t.periodSeconds;
  const c = h.container;
  switch (h.site) {
    case 'livenessProbe': {
      const restarts = c.isSidecar || restartAfterProbeKill(c.spec, c.workload.podSpec, true);
      return `${restarts ? 'restart' : 'killed'} after ${window} s`;
    }
    case 'readinessProbe':
      return `unready after ${window} s`;
    default:
      return `up to ${t.initialDelaySeconds + window} s to start`;
  }
}

function nodeSpanOf(range: readonly number[] | null | undefined, base: number): Span | undefined {
  return range ? { start: base + range[0]!, end: base + (range[2] ?? range[1]!) } : undefined;
}

const MASKED = new RegExp(`${TEMPLATE_MASK_CHAR}+`, 'g');

/** Masked Helm/Go template actions shown as {{…}}. */
function unmask(s: string): string {
  return s.includes(TEMPLATE_MASK_CHAR) ? s.replace(MASKED, '{{…}}') : s;
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!.trim();
}

const text = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** "HTTP GET /healthz on http", "TCP on 5432", "gRPC on 9090 service health", "exec pg_isready", "sleep 5 s". */
export function shortTarget(h: Pick<HandlerModel, 'handlerTypes' | 'spec'>): string {
  const type = h.handlerTypes[0];
  const spec = h.spec as Record<string, unknown>;
  const raw = type ? spec[type] : undefined;
  const a = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const on = (port: unknown, host?: unknown) => {
    const p = text(port) ?? '?';
    const hs = text(host);
    return hs ? `${hs}:${p}` : p;
  };
  const more = h.handlerTypes.length > 1 ? ` (+${h.handlerTypes.length - 1} more)` : '';
  switch (type) {
    case 'httpGet': {
      const scheme = (text(a.scheme) ?? 'HTTP').toUpperCase();
      const path = text(a.path) || '/';
      return `${scheme} GET ${path} on ${on(a.port, a.host)}${more}`;
    }
    case 'tcpSocket':
      return `TCP on ${on(a.port, a.host)}${more}`;
    case 'grpc': {
      const service = text(a.service);
      return `gRPC on ${on(a.port)}${service ? ` service ${service}` : ''}${more}`;
    }
    case 'exec': {
      const cmd = Array.isArray(a.command) ? a.command.map((x) => String(x)).join(' ') : '';
      const shown = cmd.length > 48 ? `${cmd.slice(0, 47)}…` : cmd;
      return `${shown ? `exec ${shown}` : 'exec (no command)'}${more}`;
    }
    case 'sleep':
      return `sleep ${text(a.seconds) ?? '?'} s${more}`;
    default:
      return 'no handler';
  }
}
