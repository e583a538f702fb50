// What the API server checks, in its own words: field paths and error texts as rendered by
// apimachinery (field/errors.go), the port-name and header-name rules (util/validation), and which
// probes and hooks validation.go looks at. Shared by the api/* and schema/* rules.
import { isMap, isPair } from 'yaml';
import { PROBE_LABEL, type HandlerType } from '../../../k8s';
import type { RuleContext } from '../../types';
import { gateOn, minorOf, whyOff, type DroppedField, type GateName } from '../../../feature-gates';
import type { ContainerModel, HandlerModel, PathSegment, Span, Workload } from '../../../manifest/model';
import { nodeAt, pairSpan } from '../../../manifest/nav';

/** The API server's path of a field, e.g. `spec.template.spec.containers[0].livenessProbe.httpGet.port`. */
export function fieldPath(w: Workload, path: readonly PathSegment[]): string {
  // A `kind: List` item is sent (and validated) as an object of its own: drop `items[i]`.
  const own = w.listIndex === undefined ? path : path.slice(2);
  let out = '';
  for (const seg of own) out += typeof seg === 'number' ? `[${seg}]` : (out ? '.' : '') + seg;
  return out;
}

export type ErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Forbidden' | 'Duplicate value';

/** One API error as kubectl prints it: `<path>: <Type>[: <value>][: <detail>]` (strings quoted, numbers bare). */
export function apiError(field: string, type: ErrorType, value?: string | number, detail?: string): string {
  let s = `${field}: ${type}`;
  if (value !== undefined) s += `: ${typeof value === 'string' ? JSON.stringify(value) : value}`;
  if (detail) s += `: ${detail}`;
  return s;
}

/** The detail of NotSupported errors: `supported values: "HTTP", "HTTPS"`. */
export function supportedValues(values: readonly string[]): string {
  return `supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

export const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** IsValidPortNum. */
export function isValidPortNum(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** IsValidPortName (IANA_SVC_NAME): one message per failed rule, in the API server's order and words. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsHTTPHeaderName and its message. */
export const HEADER_NAME_RE = /^[-A-Za-z0-9]+$/;
export const HEADER_NAME_ERROR =
  "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

/**
 * True when the API server validates this container's probes and hooks: regular containers and
 * sidecars (init containers with restartPolicy: Always). Other init containers and ephemeral
 * containers only get "Forbidden" for having them (their own rules).
 */
export function validatesHandlers(c: ContainerModel): boolean {
  return c.kind === 'container' || c.isSidecar;
}

/** The handler field the API server validates: the first one present (validateHandler); the others only get "more than 1 handler type". */
export function validatedHandler(h: HandlerModel): HandlerType | undefined {
  return validatesHandlers(h.container) ? h.handlerTypes[0] : undefined;
}

/** The object of a handler field (`exec`, `httpGet`, …), if it is an object. */
export function handlerObject(h: HandlerModel, t: HandlerType): Record<string, unknown> | undefined {
  return asObject((h.spec as Record<string, unknown>)[t]);
}

export function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** "Liveness probe", "PreStop hook". */
export function handlerLabel(h: HandlerModel): string {
  return `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'}`;
}

/** `container "app"`, `init container "setup"`, `ephemeral container "debug"`. */
export function containerLabel(c: ContainerModel): string {
  const kind = { container: 'container', initContainer: 'init container', ephemeralContainer: 'ephemeral container' }[c.kind];
  return c.name === undefined ? `${kind} #${c.index + 1}` : `${kind} "${c.name}"`;
}

/** Minor version of the Kubernetes version the rules assume ("1.35" → 35). */
export function kubernetesMinor(ctx: RuleContext): number {
  return minorOf(ctx.options.kubernetesVersion);
}

/** Whether a feature gate is on in the Kubernetes version the rules assume (feature-gates.ts, §15). */
export function gateOnFor(ctx: RuleContext, gate: GateName): boolean {
  return gateOn(gate, kubernetesMinor(ctx));
}

/** `value` written with the quotes of `original` (the source text of a scalar), so that edits keep the file's style (and JSON stays JSON). */
export function sameQuotes(original: string, value: string): string {
  if (original.startsWith('"')) return JSON.stringify(value);
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Span for a list item that lacks a field: its first `key: value` entry, else the whole item. */
export function itemSpan(ctx: RuleContext, path: readonly PathSegment[]): Span {
  const node = nodeAt(ctx.document.yaml, path);
  const first = isMap(node) ? node.items.find(isPair) : undefined;
  return (first && pairSpan(first, ctx.document.base)) ?? ctx.spanAt(path);
}

/** The container's declared ports as plain objects. */
export function declaredPorts(c: ContainerModel): Record<string, unknown>[] {
  return Array.isArray(c.spec.ports) ? c.spec.ports.map(asObject).filter((p): p is Record<string, unknown> => !!p) : [];
}

/**
 * Why the configured version has no such field (a field lint/api-view.ts dropped): "the API server
 * drops `sleep`: it is behind the alpha feature gate …, off by default (on from 1.30)", or "`sleep`
 * does not exist before Kubernetes 1.29".
 */
export function droppedReason(d: DroppedField, ctx: RuleContext): string {
  const why = whyOff(d.gate, kubernetesMinor(ctx));
  return d.exists ? `the API server drops \`${d.key}\`: it ${why}` : `\`${d.key}\` ${why}`;
}
