// The manifest model: YAML text → documents → workloads → pod specs → containers → probes.
// Every element keeps its YAML node so that rules and the editor can find the exact range of
// any key or value. Positions are 0-based (line, character) like VS Code; the CLI adds 1.
import type { Node as YamlNode, Document as YamlDocument } from 'yaml';
import type { Container, HandlerSite, HandlerType, PodSpec, Probe, LifecycleHandler } from '../k8s';
import type { DroppedField } from '../feature-gates';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
/** A span of the file's text, as character offsets [start, end). */
export interface Span { start: number; end: number }

export type PathSegment = string | number;

export interface ParseProblem {
  message: string;
  span: Span;
  /** 'error' for YAML syntax errors, 'warning' for YAML warnings. */
  severity: 'error' | 'warning';
  code: string; // the yaml library's error code, e.g. BAD_INDENT, DUPLICATE_KEY
}

export interface ManifestFile {
  /** File path or URI string, as given by the caller. */
  path: string;
  text: string;
  documents: ManifestDocument[];
  /** All pod-carrying workloads of all documents, in file order. */
  workloads: Workload[];
  /** Offset → position, for the whole file. */
  positionAt(offset: number): Position;
  offsetAt(pos: Position): number;
  rangeOf(span: Span): Range;
}

export interface ManifestDocument {
  index: number;
  /** Where this document's text starts in the file (offset) and its span. */
  span: Span;
  /** The parsed document (yaml library). Its node ranges are offsets relative to `base`. */
  yaml: YamlDocument.Parsed | undefined;
  /** File offset that the yaml node ranges are relative to (the start of the parsed chunk). */
  base: number;
  /** The document's plain value (objects, arrays, scalars); undefined if empty or unreadable. */
  value: unknown;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  problems: ParseProblem[];
  /** True when the text contains Go/Helm template actions ({{ … }}); those spans were masked. */
  templated: boolean;
  /** Spans (file offsets) of masked template actions. */
  templateSpans: Span[];
  /**
   * Paths (JSON) that a template action alone on its line extends or fills (template-holes.ts). Set
   * for templated documents, whose `value` then tracks reads of templated values for the linter.
   */
  templateHoles?: ReadonlySet<string>;
  workloads: Workload[];
  /** True when the document was not fully parsed because it cannot carry a pod (fast path). */
  skipped?: boolean;
}

export interface Workload {
  document: ManifestDocument;
  /** Kind of the object that carries the pod template (Deployment, Pod, CronJob, …). */
  kind: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  /** Index in a `kind: List` (items[i]); undefined for top-level objects. */
  listIndex?: number;
  /** The object's YAML node (the top-level map, or the List item map). */
  node: YamlNode;
  /** The object's plain value. */
  object: Record<string, unknown>;
  /** Labels of the pod template (metadata.labels of the template, or of the Pod). */
  podLabels: Record<string, string>;
  /** Path from the document root to the pod spec, e.g. ['spec','template','spec']. */
  podSpecPath: PathSegment[];
  podSpec: PodSpec;
  podSpecNode: YamlNode | undefined;
  containers: ContainerModel[];
  /** Span of the most useful key for this workload (metadata.name value, else `kind`), file offsets. */
  span: Span;
}

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

export interface ContainerModel {
  workload: Workload;
  kind: ContainerKind;
  /** Index within its list (containers / initContainers / ephemeralContainers). */
  index: number;
  name?: string;
  /** Init container with restartPolicy: Always. */
  isSidecar: boolean;
  spec: Container;
  node: YamlNode | undefined;
  /** Path from the document root, e.g. ['spec','template','spec','containers',0]. */
  path: PathSegment[];
  /** Probes and lifecycle handlers present in this container (keys present, even if empty). */
  handlers: HandlerModel[];
  /** Span of the container's `name` value, else of the list item. */
  span: Span;
  /**
   * Set by the lint engine's view of the configured Kubernetes version (lint/api-view.ts): the fields
   * of this container, its probes and hooks that the API server of that version drops.
   */
  dropped?: readonly DroppedField[];
}

export interface HandlerModel {
  container: ContainerModel;
  site: HandlerSite;
  /** true for liveness/readiness/startup probes, false for postStart/preStop. */
  isProbe: boolean;
  spec: Probe | LifecycleHandler;
  /** The value node of the probe / hook (usually a map). */
  node: YamlNode | undefined;
  /** Path from the document root, e.g. [..., 'containers', 0, 'livenessProbe']. */
  path: PathSegment[];
  /** Handler fields present, in the API server's order (exec, httpGet, tcpSocket, grpc, sleep). */
  handlerTypes: HandlerType[];
  /** Span of the key (`livenessProbe`, `postStart`). */
  keySpan: Span;
  /** Span of the key and its value. */
  span: Span;
  /** Set by the lint engine's version view (lint/api-view.ts): this probe's or hook's dropped fields. */
  dropped?: readonly DroppedField[];
}
