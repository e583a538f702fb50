// The contract between the renderers of charts and overlays (helm.ts, kustomize.ts) and their
// users (the CLI, the editor, the tree): what a render produced and where each rendered field came
// from. Pure types; no process is spawned here.
import type { ManifestFile, PathSegment, Span } from '../manifest/model';

export type SourceKind = 'helm' | 'kustomize';

/** A folder that renders as one unit: a Helm chart (Chart.yaml) or a Kustomize overlay. */
export interface RenderUnit {
  kind: SourceKind;
  /** Absolute path of the chart or overlay folder. */
  root: string;
  /** Absolute path of Chart.yaml / kustomization.yaml / Kustomization: where unmappable findings and render failures go. */
  anchorFile: string;
}

export interface RenderOptions {
  /** helm binary (absolute path or a name found on PATH); Helm only. */
  helmPath?: string;
  /** kubectl binary (absolute path or a name found on PATH); Kustomize only. */
  kubectlPath?: string;
  /** Helm: extra values files in order (the last one that sets a key wins). Absolute or relative to cwd. */
  valuesFiles?: string[];
  /** Helm: `--set KEY=VALUE` entries in order. */
  set?: string[];
  /** Helm: release name (default "release-name", as `helm template`). */
  release?: string;
  /** Helm: namespace passed to `helm template --namespace`. */
  namespace?: string;
  /** Kill the tool after this long (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Environment for the spawned tool (default process.env). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * An earlier render of the same unit with the same options: work that the change since cannot
   * have affected is reused (Helm: the source mapping's extra render, see helm-reuse.ts).
   */
  previous?: Rendered;
}

/** Where a rendered key or value came from: the place the user edits. */
export interface SourceLocation {
  /** Absolute path of the file to edit (a values file, a template, a patch, a resource file). */
  file: string;
  /** Offsets [start, end) in that file's text. */
  span: Span;
  /** What put the value there, for messages and hovers, e.g. "values.yaml: livenessProbe.periodSeconds". */
  origin?: string;
}

/** One rendered object, in the order the tool printed them. */
export interface RenderedObject {
  /** Index of the document in `Rendered.text` (0-based, counting every `---`-separated document). */
  docIndex: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Helm: the template named by `# Source:` (absolute path); Kustomize: the resource file, when known. */
  sourceFile?: string;
  /** Helm hook objects (`helm.sh/hook` annotation): pods that run to completion. */
  hook?: string;
}

export interface Rendered {
  unit: RenderUnit;
  /** The tool's output: multi-document YAML, as printed. */
  text: string;
  objects: RenderedObject[];
  /** Every file the render read (for cache invalidation): templates, values files, patches, resources. */
  inputs: string[];
  /** The render parsed (no extra pod-template paths), when the renderer kept it: not parsed again. */
  file?: ManifestFile;
  /** A source file's text as the renderer read it (values files, templates); read from disk when absent. */
  sourceText?(file: string): Promise<string | undefined>;
  /**
   * Starts what `locate` needs without waiting for it (Helm: the sentinel render), so that it runs
   * while the caller lints. Called only when something will be located.
   */
  prepareLocate?(): void;
  /**
   * Where the user fixes the key (`which: 'key'`) or value (`'value'`) at `path` inside rendered
   * document `docIndex`. Undefined when no source can be named (the caller then reports on the
   * anchor file, naming the object). May render again (differential rendering), hence async.
   */
  locate(docIndex: number, path: readonly PathSegment[], which: 'key' | 'value'): Promise<SourceLocation | undefined>;
  /**
   * The text the render read for a source file, which `locate`'s spans index: an unsaved buffer's
   * text when rendered with one (buffers.ts). Absent: the file on disk.
   */
  sourceText?(file: string): Promise<string | undefined>;
  /**
   * Where a field absent from the render was taken out (Kustomize: the patch operation that removes it),
   * if something removed it; a finding about a missing probe goes there.
   */
  locateRemoval?(docIndex: number, path: readonly PathSegment[]): Promise<SourceLocation | undefined>;
}

/** The tool failed or could not be run; `message` is the tool's own words. */
export class RenderError extends Error {
  constructor(
    message: string,
    /** The file the tool blamed (a template, a values file, a patch), absolute, when it named one. */
    readonly file?: string,
    /** 1-based line in `file`, when the tool named one. */
    readonly line?: number,
    /** 'not-found': the tool is missing; 'failed': it ran and failed; 'timeout'; 'cancelled'; 'input': a values file or folder that does not exist. */
    readonly reason: 'not-found' | 'failed' | 'timeout' | 'cancelled' | 'input' = 'failed',
  ) {
    super(message);
    this.name = 'RenderError';
  }
}
