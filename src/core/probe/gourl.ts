// Go's net/url, the part a redirect needs (docs/semantics/http-probes.md "Redirects"): url.Parse
// of a Location header, URL.ResolveReference against the request's URL, Hostname/Port,
// RequestURI and String. Go keeps the host's case and the query's bytes exactly as written; the
// WHATWG URL parser Node offers lower-cases hosts, rewrites IPv4 forms and percent-encodes queries,
// so it cannot stand in for Go here. Strings are byte strings (one char per byte, latin1), as
// Go's strings are bytes: a Location header's bytes stay as the server sent them.
import { goQuote } from './go';

export interface GoURL {
  scheme: string;
  /** Set for `scheme:opaque` (no '/' after the scheme). */
  opaque: string;
  /** userinfo@, kept only to know it was there. */
  user?: string;
  /** Host and optional port, %-unescaped (URL.Host). */
  host: string;
  /** URL.EscapedPath(). */
  path: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
}

const HEX = '0123456789ABCDEF';
const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const unhex = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1);

type Mode = 'path' | 'host';

/** url.shouldEscape for encodePath and encodeHost. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c) || '-_.~'.includes(String.fromCharCode(c))) return false;
  const ch = String.fromCharCode(c);
  if (mode === 'host') return !"!$&'()*+,;=:[]<>\"".includes(ch);
  return !'$&+,/:;=@'.includes(ch);
}

/** url.escape. */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += shouldEscape(c, mode) ? '%' + HEX[c >> 4] + HEX[c & 15] : s[i];
  }
  return out;
}

class URLParseError extends Error {}

/** url.unescape: `%XX` decoded; errors as Go words them. */
function unescape(s: string, mode: Mode): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const a = unhex(s.charCodeAt(i + 1));
      const b = unhex(s.charCodeAt(i + 2));
      if (a < 0 || b < 0) throw new URLParseError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      // In a host only %25 and escapes of non-ASCII bytes may appear.
      if (mode === 'host' && a < 8 && s.slice(i, i + 3) !== '%25') throw new URLParseError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      out += String.fromCharCode(a * 16 + b);
      i += 2;
      continue;
    }
    if (mode === 'host' && c < 0x80 && shouldEscape(c, 'host')) throw new URLParseError(`invalid character ${goQuote(s[i])} in host name`);
    out += s[i];
  }
  return out;
}

/** url.validEncoded(s, encodePath). */
function validEncoded(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if ("!$&'()*+,;=:@[]".includes(ch) || ch === '%') continue;
    if (shouldEscape(s.charCodeAt(i), 'path')) return false;
  }
  return true;
}

/** URL.setPath followed by URL.EscapedPath: the path as Go will send it. */
function escapedPath(raw: string): string {
  const decoded = unescape(raw, 'path');
  return validEncoded(raw) ? raw : escape(decoded, 'path');
}

/** url.validOptionalPort. */
const validOptionalPort = (p: string) => p === '' || /^:\d*$/.test(p);

/** url.parseHost. */
function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new URLParseError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new URLParseError(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new URLParseError(`invalid port ${goQuote(host.slice(i))} after host`);
  }
  return unescape(host, 'host');
}

/** url.getScheme. */
function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new URLParseError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/**
 * url.Parse. Throws Error with Go's text, e.g. `parse "http://a b/": invalid character " " in
 * host name`.
 */
export function parseGoURL(raw: string): GoURL {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  try {
    if (/[\x00-\x1f\x7f]/.test(raw)) throw new URLParseError('net/url: invalid control character in URL');
    const url: GoURL = { scheme: '', opaque: '', host: '', path: '', forceQuery: false, rawQuery: '', fragment: hash >= 0 ? unescape(raw.slice(hash + 1), 'path') : '' };
    let rest: string;
    [url.scheme, rest] = getScheme(u);
    url.scheme = url.scheme.toLowerCase();
    if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
      url.forceQuery = true;
      rest = rest.slice(0, -1);
    } else {
      const q = rest.indexOf('?');
      if (q >= 0) {
        url.rawQuery = rest.slice(q + 1);
        rest = rest.slice(0, q);
      }
    }
    if (!rest.startsWith('/')) {
      if (url.scheme) {
        url.opaque = rest;
        return url;
      }
      if (rest.split('/')[0].includes(':')) throw new URLParseError('first path segment in URL cannot contain colon');
    }
    if ((url.scheme || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      rest = '';
      const slash = authority.indexOf('/');
      if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
      const at = authority.lastIndexOf('@');
      if (at >= 0) url.user = authority.slice(0, at);
      url.host = parseHost(authority.slice(at + 1));
    }
    url.path = escapedPath(rest);
    return url;
  } catch (err) {
    if (err instanceof URLParseError) throw new Error(`parse ${goQuote(u)}: ${err.message}`);
    throw err;
  }
}

/** url.resolvePath: merges and removes dot segments. */
function resolvePath(base: string, ref: string): string {
  const full = ref === '' ? base : ref[0] !== '/' ? base.slice(0, base.lastIndexOf('/') + 1) + ref : ref;
  if (full === '') return '';
  let dst = '/';
  let first = true;
  let elem = '';
  const parts = full.split('/');
  for (elem of parts) {
    if (elem === '.') {
      first = false;
      continue;
    }
    if (elem === '..') {
      const str = dst.slice(1);
      const index = str.lastIndexOf('/');
      dst = '/' + (index === -1 ? '' : str.slice(0, index));
      if (index === -1) first = true;
    } else {
      if (!first) dst += '/';
      dst += elem;
      first = false;
    }
  }
  if (elem === '.' || elem === '..') dst += '/';
  return dst.length > 1 && dst[1] === '/' ? dst.slice(1) : dst;
}

/** URL.ResolveReference(ref): the URL a Location points to from `base`. */
export function resolveReference(base: GoURL, ref: GoURL): GoURL {
  const url: GoURL = { ...ref };
  if (!ref.scheme) url.scheme = base.scheme;
  if (ref.scheme || ref.host || ref.user !== undefined) {
    url.path = resolvePath(ref.path, '');
    return url;
  }
  if (ref.opaque) return { ...url, user: undefined, host: '', path: '' };
  if (ref.path === '' && !ref.forceQuery && ref.rawQuery === '') {
    url.rawQuery = base.rawQuery;
    url.forceQuery = base.forceQuery;
    if (ref.fragment === '') url.fragment = base.fragment;
  }
  url.host = base.host;
  url.user = base.user;
  url.path = resolvePath(base.path, ref.path);
  return url;
}

/** url.splitHostPort as Hostname()/Port() use it. */
function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) [host, port] = [host.slice(0, colon), host.slice(colon + 1)];
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

/** URL.Hostname(): no port, no brackets, case as written. */
export const hostname = (u: GoURL) => splitHostPort(u.host)[0];
/** URL.Port(). */
export const port = (u: GoURL) => splitHostPort(u.host)[1];

/** URL.RequestURI(): the request target; the query goes out exactly as written. */
export function requestTarget(u: GoURL): string {
  let s = u.opaque ? (u.opaque.startsWith('//') ? `${u.scheme}:${u.opaque}` : u.opaque) : u.path || '/';
  if (u.forceQuery || u.rawQuery) s += '?' + u.rawQuery;
  return s;
}

/** URL.String(). */
export function goURLString(u: GoURL): string {
  let s = u.scheme ? u.scheme + ':' : '';
  if (u.opaque) s += u.opaque;
  else {
    if (u.scheme || u.host || u.user !== undefined) {
      if (u.host || u.path || u.user !== undefined) s += '//';
      if (u.user !== undefined) s += u.user + '@';
      s += escape(u.host, 'host');
    }
    if (u.path && u.path[0] !== '/' && u.host) s += '/';
    s += u.path;
  }
  if (u.forceQuery || u.rawQuery) s += '?' + u.rawQuery;
  if (u.fragment) s += '#' + escape(u.fragment, 'path');
  return s;
}

/** A byte string (latin1) as text for messages: valid UTF-8 is decoded. */
export const bytesToText = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
/** Text (e.g. from a manifest) as a byte string: its UTF-8 bytes. */
export const textToBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
