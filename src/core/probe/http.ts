// The httpGet prober — pkg/probe/http/http.go (§2.2–§2.4) on undici: a fresh connection per
// request (no keep-alive, `Connection: close`), no proxy, no decompression, certificates not
// verified, h2 offered by ALPN on HTTPS, redirects followed by hand (RedirectChecker(false)),
// body read up to 10 KiB, one timeout over the whole exchange.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Client, type Dispatcher } from 'undici';
import type buildConnector from 'undici/types/connector';
import { goDialTimeout, goNetError, goQuote, joinHostPort, type NodeSysError, type SocketEnds } from './go';
import { invalidHeaderError, wireHeaders, type HttpRequest } from './request';
import type { HttpDetails, ProberResult } from './types';
import { requestURI, urlString } from './url';

/** maxRespBodyLength: 10 KiB; a longer body is truncated, not an error (§2.4.2). */
export const MAX_BODY_BYTES = 10 * 1024;
/** RedirectChecker's limit: the 10th redirect is not followed. */
const MAX_REDIRECTS = 10;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

export interface HttpRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** 'probe': the prober's transport. 'lifecycle': Go's default transport, as lifecycle hooks use. */
  purpose: 'probe' | 'lifecycle';
  /** Host header when the request has no custom Host (Go's default is the URL's host:port). */
  defaultHost?: string;
  /** Hostnames that count as the original host for redirects, besides the URL's own (the pod's address behind a port-forward). */
  sameHosts?: readonly string[];
  /** Where to connect for a URL host and port (a port-forward); default: that host and port. */
  route?: (hostname: string, port: number) => { host: string; port: number };
}

/** The client's view of one exchange: a final response, or Go's url.Error text. */
export type HttpExchange = HttpDetails &
  (
    | { kind: 'response'; status: number; body: string; bodyError?: string }
    | { kind: 'error'; error: string; timedOut?: boolean }
  );

/** One request of the exchange (the first, or a redirect hop). */
interface Hop {
  url: string;
  scheme: string;
  hostname: string;
  port: number;
  path: string;
  host: string;
}

type Phase = 'dial' | 'headers' | 'body';

/** Passed to Client.destroy() when a request is over: one shared error, no stack captured per probe. */
const FINISHED = new Error('probe finished');
/** Ends the socket of a stopped exchange; undici then fails the request or the body read. */
const STOPPED = () => Object.assign(new Error('probe stopped'), { code: 'ABORT_ERR' });

class ExchangeState {
  phase: Phase = 'dial';
  ends: SocketEnds | undefined;
  socket: net.Socket | undefined;
  /** Why the exchange was stopped: the probe's timeout, or the caller's signal. */
  stopped: 'timeout' | 'cancel' | undefined;

  stop(why: 'timeout' | 'cancel'): void {
    if (this.stopped) return;
    this.stopped = why;
    this.socket?.destroy(STOPPED());
  }
}

/** Our connector: TCP or TLS (unverified, SNI = URL host name, ALPN h2 + http/1.1 when allowed). */
function connector(state: ExchangeState, servername: string | undefined, allowH2: boolean): buildConnector.connector {
  return (o, callback) => {
    if (state.stopped) return callback(STOPPED(), null);
    const port = Number(o.port) || (o.protocol === 'https:' ? 443 : 80);
    const socket =
      o.protocol === 'https:'
        ? tls.connect({
            host: o.hostname,
            port,
            servername,
            rejectUnauthorized: false,
            ALPNProtocols: allowH2 ? ['h2', 'http/1.1'] : ['http/1.1'],
          })
        : net.connect({ host: o.hostname, port });
    state.socket = socket;
    socket.setNoDelay(true);
    socket.once('connect', () => {
      state.phase = 'headers';
      state.ends = { local: joinHostPort(socket.localAddress ?? '', socket.localPort ?? 0), remote: joinHostPort(o.hostname, port) };
    });
    skipInformational(socket);
    let called = false;
    socket.once(o.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      if (!called) {
        called = true;
        callback(null, socket);
      }
    });
    socket.on('error', (err) => {
      if (!called) {
        called = true;
        callback(err, null);
      }
    });
  };
}

const INFORMATIONAL = /^HTTP\/1\.[01] (1(?!01)\d\d)[ \r\n]/;
const HEAD_END = /\r?\n\r?\n/;

/**
 * Go's transport reads past any 1xx response but 101 (100 Continue, 102, 103 Early Hints) and
 * waits for the final one; undici fails on a 100 it did not ask for. So the interim responses at
 * the start of an HTTP/1 stream are dropped before undici's parser sees them (one request per
 * connection: the stream starts with our response). HTTP/2 (h2 by ALPN) is left alone.
 */
function skipInformational(socket: net.Socket): void {
  const push = socket.push.bind(socket);
  let pending: Buffer | undefined = Buffer.alloc(0); // undefined once past the interim responses
  /** Hands what is held, then `chunk`, to the socket; later chunks go straight through. */
  const pass = (chunk: Buffer | string | null | undefined, encoding?: BufferEncoding): boolean => {
    socket.push = push;
    const held = pending;
    pending = undefined;
    const more = held?.length ? push(held) : true;
    return chunk === undefined ? more : push(chunk, encoding);
  };
  socket.push = (chunk: Buffer | string | null, encoding?: BufferEncoding) => {
    if (pending === undefined || chunk === null || typeof chunk === 'string' || (socket as tls.TLSSocket).alpnProtocol === 'h2') return pass(chunk, encoding);
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 13 && 'HTTP/1.1 1'.startsWith(pending.subarray(0, 10).toString('latin1').replace(/^HTTP\/1\.0/, 'HTTP/1.1'))) return true;
      if (!INFORMATIONAL.test(pending.subarray(0, 13).toString('latin1'))) return pass(undefined);
      const end = HEAD_END.exec(pending.toString('latin1'));
      if (!end) return pending.length > 1 << 20 ? pass(undefined) : true;
      pending = pending.subarray(end.index + end[0].length);
    }
  };
}

/** Go's text for a failed round trip (without the `Get "url": ` prefix). */
function roundTripError(err: unknown, state: ExchangeState, dialAddr: string): string {
  if (state.stopped === 'timeout' || (err as NodeSysError).code === 'UND_ERR_CONNECT_TIMEOUT') {
    return state.phase === 'dial'
      ? `${goDialTimeout(dialAddr)} (Client.Timeout exceeded while awaiting headers)`
      : 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
  }
  if (state.stopped) return 'context canceled';
  const e = err as NodeSysError & { message: string };
  const net = goNetError(e, dialAddr, state.ends);
  if (net) return net;
  if (e.code === 'UND_ERR_SOCKET') return 'EOF';
  if (e.code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'http: server gave HTTP response to HTTPS client';
  if (e.code?.startsWith('ERR_SSL_') || e.code?.startsWith('ERR_TLS_')) return `tls: ${e.message.split('\n')[0]}`;
  if (e.code?.startsWith('HPE_')) return `net/http: HTTP/1.x transport connection broken: malformed HTTP response (${e.message})`;
  return e.message;
}

/** Go's text for a failed body read (the probe is then errored, §2.4.2). */
function bodyError(err: unknown, state: ExchangeState): string {
  if (state.stopped === 'timeout') return 'context deadline exceeded (Client.Timeout or context cancellation while reading body)';
  if (state.stopped) return 'context canceled';
  const e = err as NodeSysError & { message: string };
  if (e.code === 'ECONNRESET' && state.ends) return goNetError(e, state.ends.remote, state.ends) ?? e.message;
  if (e.code === 'UND_ERR_SOCKET' || e.code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || e.code === 'ECONNRESET') return 'unexpected EOF';
  return e.message;
}

/** Drops a body we will not read. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads at most `limit` bytes (utilio.ReadAtMost); the rest of the body is never read. */
async function readAtMost(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const take = Math.min(chunk.length, limit - size);
    chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
    size += take;
    if (size >= limit) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks, size);
}

/** Sends one request on a fresh connection: the response, or Go's text for the failure. */
async function send(hop: Hop, headers: string[], state: ExchangeState, opts: HttpRunOptions): Promise<Dispatcher.ResponseData | string> {
  const to = opts.route?.(hop.hostname, hop.port) ?? { host: hop.hostname, port: hop.port };
  const https = hop.scheme === 'https';
  const client = new Client(`${hop.scheme}://${joinHostPort(to.host, to.port)}`, {
    connect: connector(state, https && !net.isIP(hop.hostname) ? hop.hostname : undefined, https),
    allowH2: https,
    pipelining: opts.purpose === 'probe' ? 0 : 1, // 0: no keep-alive, `Connection: close`
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const close = () => void client.destroy(FINISHED).catch(() => undefined);
  state.phase = 'dial';
  state.ends = undefined;
  try {
    const res = await client.request({ path: hop.path, method: 'GET', headers: ['host', hop.host, ...headers] });
    state.phase = 'body';
    res.body.once('close', close);
    return res;
  } catch (err) {
    close();
    return roundTripError(err, state, joinHostPort(to.host, to.port));
  }
}

/** The next hop for a Location, or Go's error text when it does not parse. */
function nextHop(current: Hop, location: string, customHost: string): Hop | string {
  let u: URL;
  try {
    u = new URL(location, current.url);
  } catch {
    return `failed to parse Location header ${goQuote(location)}: invalid URL`;
  }
  const scheme = u.protocol.slice(0, -1);
  const hostname = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port) || (scheme === 'https' ? 443 : 80);
  // Go keeps a custom Host header only when the Location is relative (no scheme).
  const relative = !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(location);
  return { url: u.href, scheme, hostname, port, path: u.pathname + u.search, host: relative && customHost ? customHost : u.host };
}

/**
 * client.Do(req) then the body read, as the kubelet's http.Client does it: redirects per
 * RedirectChecker(false) (§2.3), one deadline for everything.
 */
export async function httpExchange(req: HttpRequest, opts: HttpRunOptions): Promise<HttpExchange> {
  const state = new ExchangeState();
  const timer = setTimeout(() => state.stop('timeout'), opts.timeoutMs);
  const onCancel = () => state.stop('cancel');
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  if (opts.signal?.aborted) onCancel();
  try {
    return await exchange(req, opts, state);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }
}

async function exchange(req: HttpRequest, opts: HttpRunOptions, state: ExchangeState): Promise<HttpExchange> {
  const firstUrl = urlString(req.url);
  const customHost = req.host || opts.defaultHost || '';
  const extra: [string, string][] = opts.purpose === 'lifecycle' && !req.header.has('Accept-Encoding') && !req.header.has('Range')
    ? [['Accept-Encoding', 'gzip']]
    : [];
  const wire = wireHeaders(req, opts.defaultHost, extra);
  const sent: Record<string, string[]> = { Host: [wire.host] };
  if (opts.purpose === 'probe') sent.Connection = ['close'];
  for (const [k, v] of wire.lines) (sent[k] ??= []).push(v);
  const details: HttpDetails = { redirects: [], headers: sent, ...(wire.dropped.length > 0 && { notSent: wire.dropped }) };
  const fail = (url: string, text: string): HttpExchange => ({
    ...details,
    kind: 'error',
    error: `Get ${goQuote(url)}: ${text}`,
    ...(state.stopped === 'timeout' && { timedOut: true }),
  });

  const invalid = invalidHeaderError(req);
  if (invalid) return fail(firstUrl, invalid);
  const sameHosts = new Set([req.url.hostname, ...(opts.sameHosts ?? [])]);
  let hop: Hop = { url: firstUrl, scheme: req.url.scheme, hostname: req.url.hostname, port: req.url.port, path: requestURI(req.url), host: wire.host };
  let headers = wire.lines.flat();
  for (let requests = 1; ; requests++) {
    if (hop.scheme !== 'http' && hop.scheme !== 'https') return fail(hop.url, `unsupported protocol scheme ${goQuote(hop.scheme)}`);
    const res = await send(hop, headers, state, opts);
    if (typeof res === 'string') return fail(hop.url, res);
    const location = res.headers.location;
    const loc = Array.isArray(location) ? location[0] : location;
    if (REDIRECT_CODES.has(res.statusCode) && loc) {
      const next = nextHop(hop, loc, customHost);
      if (typeof next === 'string') {
        discard(res.body);
        return fail(hop.url, next);
      }
      if (sameHosts.has(next.hostname)) {
        discard(res.body);
        if (requests >= MAX_REDIRECTS) return fail(loc, `stopped after ${MAX_REDIRECTS} redirects`);
        details.redirects.push(next.url);
        // Go copies the first request's headers to each hop and sets Referer (not from https to http).
        headers = wire.lines.flat();
        if (!req.header.has('Referer') && !(hop.scheme === 'https' && next.scheme === 'http')) headers.push('Referer', hop.url);
        hop = next;
        continue;
      }
      // Another host: ErrUseLastResponse, the 3xx is the final response.
    }
    try {
      const body = await readAtMost(res.body, MAX_BODY_BYTES);
      return { ...details, kind: 'response', status: res.statusCode, body: body.toString('utf8') };
    } catch (err) {
      return { ...details, kind: 'response', status: res.statusCode, body: '', bodyError: bodyError(err, state) };
    }
  }
}

/** DoHTTPProbe (§2.4): 2xx Success with the body, 3xx Warning, else Failure; transport errors are Failures. */
export async function doHTTPProbe(req: HttpRequest, opts: HttpRunOptions): Promise<ProberResult & { http: HttpDetails }> {
  const ex = await httpExchange(req, opts);
  const http: HttpDetails = { redirects: ex.redirects, headers: ex.headers, ...(ex.notSent && { notSent: ex.notSent }) };
  if (opts.signal?.aborted) return { result: 'unknown', output: '', error: 'context canceled', http };
  if (ex.kind === 'error') return { result: 'failure', output: ex.error, http };
  http.status = ex.status;
  if (ex.bodyError !== undefined) return { result: 'failure', output: '', error: ex.bodyError, http };
  if (ex.status >= 200 && ex.status < 300) return { result: 'success', output: ex.body, http };
  if (ex.status >= 300 && ex.status < 400) {
    return { result: 'warning', output: `Probe terminated redirects, Response body: ${ex.body}`, http };
  }
  return { result: 'failure', output: `HTTP probe failed with statuscode: ${ex.status}`, http };
}
