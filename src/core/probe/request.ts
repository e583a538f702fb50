// HTTP request building — pkg/probe/http/request.go NewRequestForHTTPGetAction (§2.1) — and the
// header lines Go's client then writes (net/http Request.write, Transport).
import { DEFAULT_KUBERNETES_VERSION } from '../defaults';
import type { Container, HTTPGetAction, HTTPHeader } from '../k8s';
import { goQuote, joinHostPort } from './go';
import { resolveContainerPort } from './ports';
import { formatURL, type ProbeURL } from './url';

/** The kubelet version our probes claim to be (User-Agent kube-probe/<major>.<minor>). */
export const KUBE_VERSION = DEFAULT_KUBERNETES_VERSION;
export type UserAgentPurpose = 'probe' | 'lifecycle';
export const userAgent = (purpose: UserAgentPurpose) => `kube-${purpose}/${KUBE_VERSION}`;

/** Go's http.Header: canonical name → values, in insertion order. */
export type Header = Map<string, string[]>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** textproto.CanonicalMIMEHeaderKey: `FOO-bAR` → `Foo-Bar`; names with invalid bytes are left alone. */
export function canonicalMIMEHeaderKey(name: string): string {
  if (!TOKEN.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** http.Header.Add. */
export function headerAdd(h: Header, name: string, value: string): void {
  const key = canonicalMIMEHeaderKey(name);
  const values = h.get(key);
  if (values) values.push(value);
  else h.set(key, [value]);
}

/** http.Header.Get: the first value, '' when absent. */
export function headerGet(h: Header, name: string): string {
  return h.get(canonicalMIMEHeaderKey(name))?.[0] ?? '';
}

/** v1HeaderToHTTPHeader: names canonicalised, repeated names accumulate in order (§2.1.5). */
export function v1HeaderToHTTPHeader(list: HTTPHeader[] | undefined): Header {
  const h: Header = new Map();
  for (const { name = '', value = '' } of list ?? []) headerAdd(h, String(name), String(value));
  return h;
}

export interface HttpRequest {
  url: ProbeURL;
  header: Header;
  /** req.Host: the custom Host header's first value, '' when none (Go then uses the URL's host:port). */
  host: string;
}

/**
 * NewRequestForHTTPGetAction: scheme lower-cased (default http), host default `podIP`, port
 * resolved against the container's ports, path via formatURL, headers with the User-Agent and
 * Accept defaults (§2.1.1–9). `{ error }` when the port does not resolve (the probe is errored).
 */
export function newRequestForHTTPGetAction(
  httpGet: HTTPGetAction,
  container: Container,
  podIP: string,
  purpose: UserAgentPurpose,
): { request: HttpRequest; error?: undefined } | { request?: undefined; error: string } {
  const scheme = String(httpGet.scheme ?? '').toLowerCase() || 'http';
  const host = httpGet.host || podIP;
  const { port, error } = resolveContainerPort(httpGet.port, container);
  if (error) return { error };
  const url = formatURL(scheme, host, port, String(httpGet.path ?? ''));
  const header = v1HeaderToHTTPHeader(httpGet.httpHeaders);
  if (!header.has('User-Agent')) header.set('User-Agent', [userAgent(purpose)]);
  if (!header.has('Accept')) header.set('Accept', ['*/*']);
  else if (headerGet(header, 'Accept') === '') header.delete('Accept');
  return { request: { url, header, host: headerGet(header, 'Host') } };
}

/** Headers Go's Request.write never takes from the header map. */
const NOT_FROM_MAP = new Set(['Host', 'User-Agent', 'Content-Length', 'Transfer-Encoding', 'Trailer']);

export interface WireHeaders {
  /** The Host line (HTTP/1.1 Host, HTTP/2 :authority). */
  host: string;
  /** Header lines after Host, in Go's order: User-Agent, then the rest sorted by name. */
  lines: [string, string][];
}

/** Go's header checks in Transport.roundTrip, as url.Error text (without the `Get "…": ` prefix). */
export function invalidHeaderError(req: HttpRequest): string | undefined {
  for (const [name, values] of req.header) {
    if (!TOKEN.test(name)) return `net/http: invalid header field name ${goQuote(name)}`;
    if (values.some((v) => /[\x00-\x08\x0a-\x1f\x7f]/.test(v))) return `net/http: invalid header field value for ${goQuote(name)}`;
  }
  if (req.host && !/^[A-Za-z0-9\-._~!$&'()*+,;=:[\]%@]+$/.test(req.host)) return 'http: invalid Host header';
  return undefined;
}

/**
 * What goes on the wire (net/http Request.write + Transport): Host from req.Host or the URL;
 * User-Agent only when its first value is non-empty; the other headers sorted, values trimmed;
 * `extra` (the transport's own, e.g. Accept-Encoding: gzip) last.
 */
export function wireHeaders(req: HttpRequest, defaultHost: string | undefined, extra: [string, string][] = []): WireHeaders {
  const lines: [string, string][] = [];
  const ua = headerGet(req.header, 'User-Agent');
  if (ua) lines.push(['User-Agent', ua.trim()]);
  for (const name of [...req.header.keys()].sort()) {
    if (NOT_FROM_MAP.has(name)) continue;
    for (const v of req.header.get(name)!) lines.push([name, v.replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  lines.push(...extra);
  return { host: req.host || defaultHost || joinHostPort(req.url.hostname, req.url.port), lines };
}
