// The probe URL as pkg/probe/http/request.go formatURL builds it (§2.1.4): Go's url.Parse(path)
// (falling back to the raw string as the path when it does not parse), then scheme and
// host:port set. Only what a probe path can hold is modelled: path, query, fragment.
import { joinHostPort } from './go';

export interface ProbeURL {
  scheme: string;
  /** Host without brackets. */
  hostname: string;
  port: number;
  /** The path as Go sends it (URL.EscapedPath). */
  path: string;
  /** Text after '?', or undefined when there is no '?'. */
  query?: string;
  fragment?: string;
}

const HEX = '0123456789ABCDEF';
const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** url.shouldEscape(c, encodePath). */
function shouldEscapeInPath(c: number): boolean {
  if (isAlnum(c)) return false;
  return !'-_.~$&+,/:;=@'.includes(String.fromCharCode(c));
}

/** url.validEncoded(s, encodePath), on UTF-8 bytes. */
function validEncoded(bytes: Buffer): boolean {
  return bytes.every((c) => "!$&'()*+,;=:@[]%".includes(String.fromCharCode(c)) || !shouldEscapeInPath(c));
}

/** url.escape(s, encodePath). */
function escapePath(bytes: Buffer): string {
  let out = '';
  for (const c of bytes) out += shouldEscapeInPath(c) ? '%' + HEX[c >> 4] + HEX[c & 15] : String.fromCharCode(c);
  return out;
}

/** url.unescape(s, encodePath); undefined on a bad %-escape (url.Parse then fails). */
function unescapePath(s: string): Buffer | undefined {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x25) {
      out.push(bytes[i]);
      continue;
    }
    const hex = bytes.subarray(i + 1, i + 3).toString('latin1');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    out.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(out);
}

/** URL.EscapedPath for a path that url.Parse accepted. */
function escapedPath(raw: string): string | undefined {
  const decoded = unescapePath(raw);
  if (!decoded) return undefined;
  return validEncoded(Buffer.from(raw, 'utf8')) ? raw : escapePath(decoded);
}

/** url.Parse(path) reduced to what a probe URL keeps; undefined where Go's parse fails. */
function parsePath(raw: string): Pick<ProbeURL, 'path' | 'query' | 'fragment'> | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return undefined; // "net/url: invalid control character in URL"
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? raw.slice(hash + 1) : undefined;
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  if (rest.startsWith(':')) return undefined; // "missing protocol scheme"
  // A scheme and an authority in the path are parsed, then replaced by the probe's own (formatURL).
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  let query: string | undefined;
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!scheme && !rest.startsWith('/') && rest.split('/')[0].includes(':')) return undefined;
  if (rest.startsWith('//') && (scheme || !rest.startsWith('///'))) {
    const slash = rest.indexOf('/', 2);
    rest = slash >= 0 ? rest.slice(slash) : '';
  }
  const path = escapedPath(rest);
  return path === undefined ? undefined : { path, query, fragment };
}

/** formatURL(scheme, host, port, path). */
export function formatURL(scheme: string, host: string, port: number, path: string): ProbeURL {
  const parsed = parsePath(path) ?? { path: escapePath(Buffer.from(path, 'utf8')) };
  return { scheme, hostname: host, port, ...parsed };
}

/** Go's URL.String(): what the kubelet's messages quote, e.g. `http://localhost:93?foo`. */
export function urlString(u: ProbeURL): string {
  let s = `${u.scheme}://${joinHostPort(u.hostname, u.port)}`;
  if (u.path && !u.path.startsWith('/')) s += '/';
  s += u.path;
  if (u.query !== undefined) s += '?' + u.query;
  if (u.fragment) s += '#' + u.fragment;
  return s;
}

/**
 * The request target: Go's URL.RequestURI() — the escaped path, then the query exactly as written
 * (Go sends it raw) — except that a path without a leading '/' gets one (Go would write
 * `GET healthz HTTP/1.1`, which servers reject).
 */
export function requestURI(u: ProbeURL): string {
  const s = u.path.startsWith('/') ? u.path : '/' + u.path;
  return u.query !== undefined ? `${s}?${u.query}` : s;
}
