// The contract between the lint engine and its rules.
import type { Pair, YAMLMap } from 'yaml';
import { DEFAULT_KUBERNETES_VERSION } from '../defaults';
import type { HandlerSite } from '../k8s';
import type {
  ContainerModel,
  HandlerModel,
  ManifestDocument,
  ManifestFile,
  PathSegment,
  Span,
  Workload,
} from '../manifest/model';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  /** File offsets [start, end) to replace. */
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The single obvious fix (VS Code shows it first / applies it with auto-fix). */
  preferred?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** File offsets of the exact key or value at fault. */
  span: Span;
  fixes?: Fix[];
  /** What the finding is about, where known (CLI: kind, name, namespace, container, probe). */
  kind?: string;
  name?: string;
  namespace?: string;
  container?: string;
  probe?: HandlerSite;
  /** Kubernetes version the finding assumes, for version-dependent rules. */
  kubernetesVersion?: string;
}

/** What a rule reports; the engine adds the rule id, the severity and the subject's identity. */
export interface Report {
  message: string;
  span: Span;
  fixes?: Fix[];
  /** Overrides the rule's configured severity for this finding (e.g. info for a milder sub-case). */
  severity?: Severity;
  /** Set by rules whose outcome depends on the Kubernetes version. */
  versionDependent?: boolean;
}

export interface RuleOptions {
  /** Minor version of Kubernetes assumed by version-dependent rules, e.g. "1.35". */
  kubernetesVersion: string;
  /** probe/liveness-short-budget-no-startup: budget in seconds below which to warn. */
  minLivenessBudgetSeconds: number;
  /** probe/identical-liveness-readiness: use kube-score's exact semantics. */
  identicalProbesStrict: boolean;
  /** probe/port-not-declared: report as warning even when the container declares no ports (kube-linter). */
  portNotDeclaredStrict: boolean;
  /** probe/missing-readiness: only when a Service in the same file selects the pod. */
  readinessOnlyWhenSelected: boolean;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  minLivenessBudgetSeconds: 30,
  identicalProbesStrict: false,
  portNotDeclaredStrict: false,
  readinessOnlyWhenSelected: false,
};

export interface LintConfig {
  /** Per-rule severity overrides; 'off' disables a rule. */
  rules?: Record<string, SeveritySetting>;
  options?: Partial<RuleOptions>;
  /** Extra pod-template paths for custom resources (kind → dotted path to the pod spec). */
  podTemplatePaths?: Record<string, string>;
}

export interface RuleContext {
  /**
   * The whole file: other documents, line numbers. A rule that reads it for a document is run again
   * on every lint of that document (engine.ts), so read `text` when the document's own characters suffice.
   */
  file: ManifestFile;
  /**
   * The file's text, for reading the document's own characters at their offsets (inside
   * `document.span`) and the file's line endings; not for reading other documents.
   */
  text: string;
  document: ManifestDocument;
  options: RuleOptions;
  /** Span of a path below the document root ('key' = the key, 'value' = its value), with fallback to the nearest ancestor. */
  spanAt(path: readonly PathSegment[], which?: 'key' | 'value'): Span;
  /** Plain-text of a span (for messages and fixes). */
  textOf(span: Span): string;
  /** Text edits helpers for fixes. */
  edit: EditHelpers;
  report(r: Report): void;
}

export interface EditHelpers {
  /** The file's line break ('\r\n' when the file has any, else '\n'), for edits that add lines. */
  readonly eol: '\n' | '\r\n';
  /** Replace the text of a span. */
  replace(span: Span, newText: string): TextEdit;
  /** Delete a whole `key: value` entry (with its line(s)) at path. */
  deleteEntry(path: readonly PathSegment[]): TextEdit | undefined;
  /** Delete the given `key: value` entry of `map` (e.g. the first of two duplicate keys, which a path cannot reach). */
  deletePair(map: YAMLMap, pair: Pair): TextEdit | undefined;
  /**
   * Insert `key: value` lines into the mapping at `mapPath` (block style, matching the indentation
   * of its existing keys). `lines` are relative lines, e.g. ['timeoutSeconds: 5'] or
   * ['startupProbe:', '  httpGet:', '    path: /healthz'].
   */
  insertIntoMap(mapPath: readonly PathSegment[], lines: string[]): TextEdit | undefined;
}

export interface Rule {
  /** Exactly the catalog id, e.g. `api/probe-no-handler`. */
  id: string;
  defaultSeverity: SeveritySetting;
  /** One line for lists (SARIF shortDescription, the README's table). */
  title: string;
  /** Longer help: why it matters and how to fix it (Markdown). SARIF fullDescription / docs page. */
  help: string;
  /** Hooks: implement the ones the rule needs. */
  checkHandler?(h: HandlerModel, ctx: RuleContext): void;
  checkContainer?(c: ContainerModel, ctx: RuleContext): void;
  checkWorkload?(w: Workload, ctx: RuleContext): void;
  checkDocument?(d: ManifestDocument, ctx: RuleContext): void;
}
