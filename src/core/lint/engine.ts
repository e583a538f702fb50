// Runs the rules over a parsed manifest: severities from the configuration, in-file suppression
// comments, Helm-template tolerance, and the subject (kind/name/container/probe) of each finding.
import type { ContainerModel, HandlerModel, ManifestDocument, ManifestFile, Span, Workload } from '../manifest/model';
import { spanAt } from '../manifest/nav';
import { parseManifest } from '../manifest/parse';
import { editHelpers } from './edits';
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
  for (const document of file.documents) {
    if (document.skipped) continue;
    const edit = editHelpers(file.text, document.yaml, document.base);
    for (const { rule, severity } of active) {
      runRule(rule, severity, file, document, edit, options, findings);
    }
  }
  return findings
    .filter((f) => !suppress(f))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule));
}

type Subject = { workload?: Workload; container?: ContainerModel; handler?: HandlerModel };

function runRule(
  rule: Rule,
  severity: Severity,
  file: ManifestFile,
  document: ManifestDocument,
  edit: EditHelpers,
  options: RuleOptions,
  out: Finding[],
): void {
  let subject: Subject = {};
  const ctx: RuleContext = {
    file,
    document,
    options,
    spanAt: (path, which = 'value') => spanAt(document.yaml, document.base, path, which) ?? document.span,
    textOf: (s: Span) => file.text.slice(s.start, s.end),
    edit,
    report: (r: Report) => {
      const f = toFinding(rule, severity, r, subject, options);
      if (!isTemplateArtifact(document, f, subject, file.text)) out.push(f);
    },
  };
  const guard = (fn: () => void) => {
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
    }
  };
  if (rule.checkDocument) guard(() => rule.checkDocument!(document, ctx));
  for (const workload of document.workloads) {
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
    if (w.name !== undefined) f.name = w.name;
    if (w.namespace !== undefined) f.namespace = w.namespace;
  }
  if (s.container?.name !== undefined) f.container = s.container.name;
  // A container-level finding placed on one of its probes or hooks is about that probe too.
  const site = s.handler?.site ?? s.container?.handlers.find((h) => h.span.start <= r.span.start && r.span.end <= h.span.end)?.site;
  if (site) f.probe = site;
  if (r.versionDependent) f.kubernetesVersion = options.kubernetesVersion;
  return f;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/** A rule may lower its severity for a milder sub-case, never raise it above the configured one. */
function capSeverity(requested: Severity | undefined, configured: Severity): Severity {
  if (!requested) return configured;
  return RANK[requested] < RANK[configured] ? requested : configured;
}

/**
 * In a Helm/Go template, masked actions stand for values we cannot know. A finding about an element
 * that contains or touches a template action is dropped rather than guessed.
 */
function isTemplateArtifact(document: ManifestDocument, f: Finding, s: Subject, text: string): boolean {
  if (!document.templated) return false;
  const node = s.container?.node ?? s.workload?.podSpecNode;
  const r = node?.range;
  // The element's region runs on over the blank lines after it: a template action alone on its line
  // was blanked there (e.g. `livenessProbe:` followed by `{{- toYaml .Values.probe | nindent 12 }}`).
  const region = r ? { start: document.base + r[0], end: overBlankLines(text, document.base + r[2]) } : f.span;
  return document.templateSpans.some((t) => overlaps(t, f.span) || overlaps(t, region));
}

function overBlankLines(text: string, from: number): number {
  let pos = from;
  if (pos !== text.lastIndexOf('\n', pos - 1) + 1) {
    const e = text.indexOf('\n', pos);
    if (e < 0) return text.length;
    pos = e + 1;
  }
  while (pos < text.length) {
    const e = text.indexOf('\n', pos);
    const end = e < 0 ? text.length : e;
    if (!/^[ \t\r]*$/.test(text.slice(pos, end).replace(/\{\{.*?\}\}/g, ''))) break;
    pos = end + 1;
  }
  return Math.min(pos, text.length);
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
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
