// Runs the rules over a parsed manifest: severities from the configuration, in-file suppression
// comments, Helm-template tolerance, and the subject (kind/name/container/probe) of each finding.
// What a rule found in a document whose text did not change since the last lint is reused
// (document-cache.ts), unless the rule read the whole file for it.
import type { ContainerModel, HandlerModel, ManifestDocument, ManifestFile, Span, Workload } from '../manifest/model';
import { spanAt } from '../manifest/nav';
import { parseManifest } from '../manifest/parse';
import { TEMPLATE_MASK_CHAR } from '../manifest/split';
import { isHole, templateReads, trackTemplateReads } from '../manifest/template-holes';
import { minorOf } from '../feature-gates';
import { apiView } from './api-view';
import { cachedFindings, keepFindings } from './document-cache';
import { editHelpers, lineBreakOf } from './edits';
import { ALL_RULES } from './rules';
import {
  DEFAULT_RULE_OPTIONS,
  type EditHelpers,
  type Finding,
  type LintConfig,
  type Report,
  type Rule,
  type RuleContext,
  type RuleOptions,
  type Severity,
  type SeveritySetting,
} from './types';

export interface LintResult {
  file: ManifestFile;
  findings: Finding[];
}

/** Parses and lints a text. */
export function lintText(text: string, path = '<input>', config: LintConfig = {}, rules: readonly Rule[] = ALL_RULES): LintResult {
  const file = parseManifest(text, path, { podTemplatePaths: config.podTemplatePaths });
  return { file, findings: lintFile(file, config, rules) };
}

export function severityOf(rule: Rule, config: LintConfig): SeveritySetting {
  const s = config.rules?.[rule.id];
  return s === 'off' || s === 'info' || s === 'warning' || s === 'error' ? s : rule.defaultSeverity;
}

export function lintFile(file: ManifestFile, config: LintConfig = {}, rules: readonly Rule[] = ALL_RULES): Finding[] {
  const active = rules
    .map((rule) => ({ rule, severity: severityOf(rule, config) }))
    .filter((r): r is { rule: Rule; severity: Severity } => r.severity !== 'off');
  if (active.length === 0) return [];
  const options: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...config.options };
  const suppress = suppressions(file);
  const findings: Finding[] = [];
  const minor = minorOf(options.kubernetesVersion);
  const eol = lineBreakOf(file.text); // once per file, not per document
  const key = cacheKey(file, active, options, config, rules, eol);
  for (const document of file.documents) {
    if (document.skipped) continue;
    let edit: EditHelpers | undefined;
    let workloads: readonly Workload[] | undefined;
    for (const { rule, severity } of active) {
      const kept = document.yaml && cachedFindings(document.yaml, key, rule.id, document.base);
      if (kept) {
        findings.push(...kept);
        continue;
      }
      edit ??= editHelpers(file.text, document.yaml, document.base, eol);
      // The rules judge what the API server of the configured version keeps (api-view.ts).
      workloads ??= apiView(document.workloads, minor);
      const out: Finding[] = [];
      const readFile = runRule(rule, severity, file, document, workloads, edit, options, out);
      if (document.yaml && !readFile) keepFindings(document.yaml, key, rule.id, document.base, out);
      findings.push(...out);
    }
  }
  return findings
    .filter((f) => !suppress(f))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule));
}

type Subject = { workload?: Workload; container?: ContainerModel; handler?: HandlerModel };

const ruleSets = new WeakMap<readonly Rule[], number>();
let nextRuleSet = 0;
/**
 * What a document's findings depend on besides its own text: the rules and their severities, the
 * options, the pod-template paths (they change what the parse calls a workload) and the file's
 * line endings and JSON-ness (quick fixes follow them).
 */
function cacheKey(
  file: ManifestFile,
  active: ReadonlyArray<{ rule: Rule; severity: Severity }>,
  options: RuleOptions,
  config: LintConfig,
  rules: readonly Rule[],
  eol: string,
): string {
  let set = ruleSets.get(rules);
  if (set === undefined) ruleSets.set(rules, (set = nextRuleSet++));
  const style = `${eol === '\r\n' ? 'crlf' : 'lf'}${/^\s*[{[]/.test(file.text) ? ',json' : ''}`;
  return JSON.stringify([set, active.map((a) => a.severity), options, config.podTemplatePaths ?? null, style]);
}

/** Runs one rule over a document; true when it read the whole file (`ctx.file`), so its findings there are not kept. */
function runRule(
  rule: Rule,
  severity: Severity,
  file: ManifestFile,
  document: ManifestDocument,
  workloads: readonly Workload[],
  edit: EditHelpers,
  options: RuleOptions,
  out: Finding[],
): boolean {
  let subject: Subject = {};
  let readFile = false;
  const ctx: RuleContext = {
    get file() {
      readFile = true;
      return file;
    },
    text: file.text,
    document,
    options,
    spanAt: (path, which = 'value') => spanAt(document.yaml, document.base, path, which) ?? document.span,
    textOf: (s: Span) => file.text.slice(s.start, s.end),
    edit,
    report: (r: Report) => {
      const f = toFinding(rule, severity, r, subject.workload ? subject : subjectAt(workloads, r.span), options);
      // A document-level finding outside any workload is still about the document's object.
      if (!f.kind && document.kind) {
        f.kind = document.kind;
        if (document.name !== undefined) f.name = shown(document.name);
        if (document.namespace !== undefined) f.namespace = shown(document.namespace);
      }
      if (!isTemplateArtifact(document, f, subject)) out.push(f);
    },
  };
  const guard = (fn: () => void) => {
    if (document.templateHoles) trackTemplateReads();
    try {
      fn();
    } catch (err) {
      // A rule must never take the editor down; report the crash where it happened instead.
      out.push({
        rule: rule.id,
        severity: 'info',
        message: `Rule ${rule.id} could not check this element: ${err instanceof Error ? err.message : String(err)}`,
        span: subject.handler?.keySpan ?? subject.container?.span ?? subject.workload?.span ?? document.span,
      });
    } finally {
      if (document.templateHoles) templateReads(true);
    }
  };
  if (rule.checkDocument) guard(() => rule.checkDocument!(document, ctx));
  for (const workload of workloads) {
    subject = { workload };
    if (rule.checkWorkload) guard(() => rule.checkWorkload!(workload, ctx));
    for (const container of workload.containers) {
      subject = { workload, container };
      if (rule.checkContainer) guard(() => rule.checkContainer!(container, ctx));
      if (!rule.checkHandler) continue;
      for (const handler of container.handlers) {
        subject = { workload, container, handler };
        guard(() => rule.checkHandler!(handler, ctx));
      }
    }
  }
  subject = {};
  return readFile;
}

/** The workload, container and handler a document-level finding's span lies in (CLI kind/name/container/probe). */
function subjectAt(workloads: readonly Workload[], span: Span): Subject {
  const rangeOf = (n: { range?: unknown } | null | undefined, base: number): Span | undefined => {
    const r = n?.range as [number, number, number] | undefined;
    return r ? { start: base + r[0], end: base + r[2] } : undefined;
  };
  const within = (s: Span | undefined) => !!s && s.start <= span.start && span.end <= s.end;
  // Workloads are in document order and do not overlap (a List's items): a binary search for the last
  // one starting at or before the span, so a List of thousands of workloads is not scanned per finding.
  let lo = 0;
  let hi = workloads.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rangeOf(workloads[mid].node, workloads[mid].document.base);
    if (r && r.start <= span.start) {
      at = mid;
      lo = mid + 1;
    } else if (r) hi = mid - 1;
    else return linearSubjectAt(workloads, within, rangeOf); // a workload without a node: no order to rely on
  }
  const candidate = at >= 0 ? workloads[at] : undefined;
  const workload = candidate && within(rangeOf(candidate.node, candidate.document.base)) ? candidate : undefined;
  return subjectIn(workload, within, rangeOf);
}

type Within = (s: Span | undefined) => boolean;
type RangeOf = (n: { range?: unknown } | null | undefined, base: number) => Span | undefined;

function linearSubjectAt(workloads: readonly Workload[], within: Within, rangeOf: RangeOf): Subject {
  return subjectIn(workloads.find((w) => within(rangeOf(w.node, w.document.base))), within, rangeOf);
}

function subjectIn(workload: Workload | undefined, within: Within, rangeOf: RangeOf): Subject {
  const container = workload?.containers.find((c) => within(rangeOf(c.node, workload.document.base)));
  const handler = container?.handlers.find((h) => within(h.span));
  return { workload, container, handler };
}

function toFinding(rule: Rule, severity: Severity, r: Report, s: Subject, options: RuleOptions): Finding {
  const w = s.workload;
  const f: Finding = {
    rule: rule.id,
    severity: capSeverity(r.severity, severity),
    message: r.message,
    span: r.span,
  };
  if (r.fixes?.length) f.fixes = r.fixes;
  if (w) {
    f.kind = w.kind;
    if (w.name !== undefined) f.name = shown(w.name);
    if (w.namespace !== undefined) f.namespace = shown(w.namespace);
  }
  if (s.container?.name !== undefined) f.container = shown(s.container.name);
  // A container-level finding placed on one of its probes or hooks is about that probe too.
  const site = s.handler?.site ?? s.container?.handlers.find((h) => h.span.start <= r.span.start && r.span.end <= h.span.end)?.site;
  if (site) f.probe = site;
  if (r.versionDependent) f.kubernetesVersion = options.kubernetesVersion;
  return f;
}

const MASKED = new RegExp(`${TEMPLATE_MASK_CHAR}+`, 'g');
/** A name as users read it: each masked template action shown as `{{ … }}`, not as mask characters. */
function shown(name: string): string {
  return name.includes(TEMPLATE_MASK_CHAR) ? name.replace(MASKED, '{{ … }}') : name;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/** A rule may lower its severity for a milder sub-case, never raise it above the configured one. */
function capSeverity(requested: Severity | undefined, configured: Severity): Severity {
  if (!requested) return configured;
  return RANK[requested] < RANK[configured] ? requested : configured;
}

/**
 * In a Helm/Go template, masked actions stand for values only Helm knows. A finding is dropped when
 * it depends on one: its own span is a template action (other than the subject's name, which only
 * locates it), the rule read a templated value or a place a template fills (template-holes.ts)
 * before reporting it, or its subject's keys may come from a template (the handler or container
 * map has a template action at its own level, so its handler types or probes are unknown).
 * Everything written out literally is linted as in any manifest.
 */
function isTemplateArtifact(document: ManifestDocument, f: Finding, s: Subject): boolean {
  if (!document.templated) return false;
  const where = [s.container?.span, s.workload?.span].find((l) => l && l.start === f.span.start && l.end === f.span.end);
  if (!where && overlapsAny(document.templateSpans, f.span)) return true;
  const holes = document.templateHoles;
  if (!holes) return false;
  if (templateReads().length > 0) return true;
  if (s.handler) return isHole(holes, s.handler.path);
  if (s.container) return isHole(holes, s.container.path);
  if (s.workload) return isHole(holes, s.workload.podSpecPath) || s.workload.containers.some((c) => isHole(holes, c.path));
  return false;
}

/** Whether `span` overlaps one of `spans` (sorted, not overlapping each other): a binary search. */
function overlapsAny(spans: readonly Span[], span: Span): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  // spans[lo] is the first one that ends after span.start.
  return lo < spans.length && spans[lo].start < span.end;
}

// ---------------------------------------------------------------------------------------------
// Suppression comments:
//   # kube-probes-disable-next-line [rule[, rule…]]   the next line (all rules when none named)
//   # kube-probes-disable [rule[, rule…]]             the whole file

const SUPPRESS_RE = /#[ \t]*kube-probes-disable(-next-line)?(?![\w-])[ \t]*([^\r\n]*)/g;

function suppressions(file: ManifestFile): (f: Finding) => boolean {
  const text = file.text;
  if (!text.includes('kube-probes-disable')) return () => false;
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  let m: RegExpExecArray | null;
  SUPPRESS_RE.lastIndex = 0;
  while ((m = SUPPRESS_RE.exec(text))) {
    const ids = m[2]
      .replace(/\s--\s.*$/, '') // "-- reason" trailer
      .split(/[\s,]+/)
      .filter(Boolean);
    const set = ids.length ? ids : ['*'];
    if (m[1]) {
      const line = file.positionAt(m.index).line + 1;
      const s = byLine.get(line) ?? new Set<string>();
      set.forEach((id) => s.add(id));
      byLine.set(line, s);
    } else set.forEach((id) => fileWide.add(id));
  }
  return (f) => {
    if (fileWide.has('*') || fileWide.has(f.rule)) return true;
    const s = byLine.get(file.positionAt(f.span.start).line);
    return !!s && (s.has('*') || s.has(f.rule));
  };
}
