// The httpGet prober — pkg/probe/http/http.go DoHTTPProbe with the kubelet's transport and client
// (docs/semantics/http-probes.md): a fresh connection per request (no keep-alive, `Connection:
// close`), no proxy, no decompression, certificates not verified, h2 offered by ALPN on HTTPS,
// redirects followed by hand (RedirectChecker(false)), body read up to 10 KiB, one timeout over the
// whole exchange. HTTP/1.x requests and responses go through our own reader with Go's rules
// (http1.ts, which says why); an h2 connection goes to Node's http2 client (h2.ts).
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ClientHttp2Session } from 'node:http2';
import { goDialTimeout, goNetError, goQuote, joinHostPort, netFailure, type NodeSysError, type SocketEnds } from './go';
import { bytesToText, goURLString, hostname, parseGoURL, port as urlPort, requestTarget, resolveReference, textToBytes, type GoURL } from './gourl';
import { h2Request } from './h2';
import { ConnReader, GoHttpError, readBody, readResponseHead, requestBytes } from './http1';
import { headerGet, invalidHeaderError, wireHeaders, type HttpRequest } from './request';
import type { HttpDetails, ProbeFailure, ProberResult } from './types';
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
    | { kind: 'response'; status: number; body: string; bodyError?: string; bodyFailure?: ProbeFailure }
    | { kind: 'error'; error: string; timedOut?: boolean; failure: ProbeFailure }
  );

/** One request of the exchange (the first, or a redirect hop). Byte strings where they go on the wire. */
interface Hop {
  url: GoURL;
  /** Host line (req.Host, else the URL's host). */
  host: string;
  /** req.Host was set (a custom Host header, kept across relative redirects only). */
  customHost: boolean;
}

/** A response whose head has arrived. */
interface Reply {
  status: number;
  header: Map<string, string[]>;
  body(limit: number): Promise<Buffer>;
  close(): void;
}

type Phase = 'dial' | 'headers' | 'body';

class ExchangeState {
  phase: Phase = 'dial';
  ends: SocketEnds | undefined;
  socket: net.Socket | undefined;
  session: ClientHttp2Session | undefined;
  /** Why the exchange was stopped: the probe's timeout, or the caller's signal. */
  stopped: 'timeout' | 'cancel' | undefined;
  /** The kind of the error that ended the exchange, when one did (roundTripError, bodyError). */
  failure: ProbeFailure | undefined;

  stop(why: 'timeout' | 'cancel'): void {
    if (this.stopped) return;
    this.stopped = why;
    this.session?.destroy();
    this.socket?.destroy();
  }
}

/** Go's text for a failed round trip (without the `Get "url": ` prefix). */
function roundTripError(err: unknown, state: ExchangeState, dialAddr: string, sawFirstByte: boolean): string {
  state.failure = state.stopped === 'timeout' ? 'timeout' : netFailure(err as NodeSysError);
  if (state.stopped === 'timeout') {
    return state.phase === 'dial'
      ? `${goDialTimeout(dialAddr)} (Client.Timeout exceeded while awaiting headers)`
      : 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
  }
  if (state.stopped) return 'context canceled';
  const e = err as NodeSysError & { message: string };
  // Errors inside ReadResponse, after the first byte: persistConn.mapRoundTripError says the connection broke.
  const broken = (text: string) => (sawFirstByte ? `net/http: HTTP/1.x transport connection broken: ${text}` : text);
  if (err instanceof GoHttpError) return broken(e.message);
  if (e.code === 'UND_EOF') return e.message;
  const net = goNetError(e, dialAddr, state.ends);
  if (net) return broken(net);
  if (e.code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'http: server gave HTTP response to HTTPS client';
  if (e.code?.startsWith('ERR_SSL_') || e.code?.startsWith('ERR_TLS_')) return `tls: ${e.message.split('\n')[0]}`;
  return e.message;
}

/** Go's text for a failed body read (the probe is then errored, §2.4.2). */
function bodyError(err: unknown, state: ExchangeState): string {
  state.failure = state.stopped === 'timeout' ? 'timeout' : netFailure(err as NodeSysError);
  if (state.stopped === 'timeout') return 'context deadline exceeded (Client.Timeout or context cancellation while reading body)';
  if (state.stopped) return 'context canceled';
  const e = err as NodeSysError & { message: string };
  if (err instanceof GoHttpError || e.code === 'UND_EOF') return e.message;
  if (state.ends) {
    const net = goNetError(e, state.ends.remote, state.ends);
    if (net) return net;
  }
  return e.message;
}

/** Dials TCP, or TCP + TLS (unverified, SNI = URL host name unless an IP, ALPN h2 + http/1.1). */
function dial(hop: Hop, to: { host: string; port: number }, state: ExchangeState): Promise<net.Socket> {
  const https = hop.url.scheme === 'https';
  const name = hostname(hop.url);
  const socket = https
    ? tls.connect({ host: to.host, port: to.port, servername: net.isIP(name) ? undefined : name, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'] })
    : net.connect({ host: to.host, port: to.port });
  state.socket = socket;
  socket.on('error', () => undefined); // errors are read where they matter (the promise below, ConnReader)
  if (state.stopped) socket.destroy();
  socket.setNoDelay(true);
  socket.once('connect', () => {
    state.phase = 'headers';
    state.ends = { local: joinHostPort(socket.localAddress ?? '', socket.localPort ?? 0), remote: joinHostPort(to.host, to.port) };
  });
  return new Promise((resolve, reject) => {
    socket.once(https ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
    socket.once('close', () => reject(Object.assign(new Error('probe stopped'), { code: 'ABORT_ERR' })));
  });
}

/** Sends one request on a fresh connection: the response head, or Go's text for the failure. */
async function send(hop: Hop, lines: [string, string][], state: ExchangeState, opts: HttpRunOptions): Promise<Reply | string> {
  const name = hostname(hop.url);
  const port = Number(urlPort(hop.url)) || (hop.url.scheme === 'https' ? 443 : 80);
  const to = opts.route?.(name, port) ?? { host: name, port };
  const dialAddr = joinHostPort(to.host, to.port);
  if (!name) return 'http: no Host in request URL';
  state.phase = 'dial';
  state.ends = undefined;
  let socket: net.Socket;
  try {
    socket = await dial(hop, to, state);
  } catch (err) {
    return roundTripError(err, state, dialAddr, false);
  }
  const target = requestTarget(hop.url);
  if ((socket as tls.TLSSocket).alpnProtocol === 'h2') {
    try {
      const reply = await h2Request(socket as tls.TLSSocket, hop.host, target, lines, (s) => (state.session = s));
      state.phase = 'body';
      return reply;
    } catch (err) {
      socket.destroy();
      return roundTripError(err, state, dialAddr, false);
    }
  }
  const reader = new ConnReader(socket);
  socket.write(requestBytes(target, hop.host, lines));
  let sawFirstByte = false;
  try {
    // readLoop's Peek(1): nothing at all is the bare read error (EOF, a reset), not a broken connection.
    if ((await reader.peek(1)).length === 0) throw Object.assign(new Error('EOF'), { code: 'UND_EOF' });
    sawFirstByte = true;
    const head = await readResponseHead(reader);
    state.phase = 'body';
    return {
      status: head.status,
      header: head.header,
      body: (limit) => readBody(reader, head.framing, limit),
      close: () => socket.destroy(),
    };
  } catch (err) {
    socket.destroy();
    return roundTripError(err, state, dialAddr, sawFirstByte);
  }
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
    state.session?.destroy();
    state.socket?.destroy();
  }
}

/** Header lines as bytes on the wire: the first request's headers, and Connection: close for probes. */
function requestLines(base: [string, string][], purpose: HttpRunOptions['purpose'], header: HttpRequest['header']): [string, string][] {
  const lines = base.map(([k, v]): [string, string] => [k, textToBytes(v)]);
  // persistConn.roundTrip: DisableKeepAlives adds `Connection: close` unless the request already
  // asks to close or switches protocols (Upgrade + Connection: Upgrade).
  const hasToken = (name: string, token: string) => (header.get(name) ?? []).some((v) => v.split(',').some((t) => t.trim().toLowerCase() === token));
  const switching = headerGet(header, 'Upgrade') !== '' && hasToken('Connection', 'upgrade');
  if (purpose === 'probe' && !hasToken('Connection', 'close') && !switching) lines.push(['Connection', 'close']);
  return lines;
}

async function exchange(req: HttpRequest, opts: HttpRunOptions, state: ExchangeState): Promise<HttpExchange> {
  const firstUrl = urlString(req.url);
  const extra: [string, string][] = opts.purpose === 'lifecycle' && !req.header.has('Accept-Encoding') && !req.header.has('Range')
    ? [['Accept-Encoding', 'gzip']]
    : [];
  const wire = wireHeaders(req, opts.defaultHost, extra);
  const first = requestLines(wire.lines, opts.purpose, req.header);
  const sent: Record<string, string[]> = { Host: [wire.host] };
  for (const [k, v] of first) (sent[k] ??= []).push(bytesToText(v));
  const details: HttpDetails = { redirects: [], headers: sent };
  const fail = (url: string, text: string): HttpExchange => ({
    ...details,
    kind: 'error',
    error: `Get ${goQuote(url)}: ${text}`,
    failure: state.failure ?? (state.stopped === 'timeout' ? 'timeout' : 'other'),
    ...(state.stopped === 'timeout' && { timedOut: true }),
  });

  const invalid = invalidHeaderError(req);
  if (invalid) return fail(firstUrl, invalid);
  // RedirectChecker compares URL.Hostname() strings exactly: no case folding.
  const sameHosts = new Set([req.url.hostname, ...(opts.sameHosts ?? [])]);
  const url: GoURL = {
    scheme: req.url.scheme,
    opaque: '',
    host: textToBytes(joinHostPort(req.url.hostname, req.url.port)),
    path: requestURI({ ...req.url, query: undefined }),
    forceQuery: req.url.query === '',
    rawQuery: textToBytes(req.url.query ?? ''),
    fragment: '',
  };
  const customHost = Boolean(req.host || opts.defaultHost);
  let hop: Hop = { url, host: textToBytes(wire.host), customHost };
  let hopUrl = firstUrl;
  let lines = first;
  for (let requests = 1; ; requests++) {
    if (hop.url.scheme !== 'http' && hop.url.scheme !== 'https') return fail(hopUrl, `unsupported protocol scheme ${goQuote(hop.url.scheme)}`);
    const res = await send(hop, lines, state, opts);
    if (typeof res === 'string') return fail(hopUrl, res);
    const loc = res.header.get('Location')?.[0] ?? '';
    if (REDIRECT_CODES.has(res.status) && loc) {
      let next: GoURL;
      try {
        next = resolveReference(hop.url, parseGoURL(loc));
      } catch (err) {
        res.close();
        return fail(hopUrl, `failed to parse Location header ${goQuote(bytesToText(loc))}: ${(err as Error).message}`);
      }
      // Go keeps a custom Host only when the Location is relative (no scheme).
      const relative = !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(loc.split('#')[0]);
      const keepHost = hop.customHost && relative;
      if (sameHosts.has(bytesToText(hostname(next)))) {
        res.close();
        if (requests >= MAX_REDIRECTS) return fail(bytesToText(loc), `stopped after ${MAX_REDIRECTS} redirects`);
        const nextText = bytesToText(goURLString(next));
        details.redirects.push(nextText);
        // Go copies the first request's headers to each hop and sets Referer (not from https to http).
        lines = [...first];
        if (!req.header.has('Referer') && !(hop.url.scheme === 'https' && next.scheme === 'http')) lines.push(['Referer', goURLString(hop.url)]);
        hop = { url: next, host: keepHost ? hop.host : next.host, customHost: keepHost };
        hopUrl = nextText;
        continue;
      }
      // Another host name: ErrUseLastResponse, the 3xx is the final response.
    }
    try {
      const body = await res.body(MAX_BODY_BYTES);
      if (state.stopped) throw new Error('stopped'); // a close-delimited body cut by the deadline is an error, not the end
      return { ...details, kind: 'response', status: res.status, body: body.toString('utf8') };
    } catch (err) {
      const text = bodyError(err, state);
      return { ...details, kind: 'response', status: res.status, body: '', bodyError: text, bodyFailure: state.failure };
    } finally {
      res.close();
    }
  }
}

/** DoHTTPProbe (§2.4): 2xx Success with the body, 3xx Warning, else Failure; transport errors are Failures. */
export async function doHTTPProbe(req: HttpRequest, opts: HttpRunOptions): Promise<ProberResult & { http: HttpDetails }> {
  const ex = await httpExchange(req, opts);
  const http: HttpDetails = { redirects: ex.redirects, headers: ex.headers };
  if (opts.signal?.aborted) return { result: 'unknown', output: '', error: 'context canceled', http };
  if (ex.kind === 'error') return { result: 'failure', output: ex.error, failure: ex.failure, http };
  http.status = ex.status;
  if (ex.bodyError !== undefined) return { result: 'failure', output: '', error: ex.bodyError, ...(ex.bodyFailure && { failure: ex.bodyFailure }), http };
  if (ex.status >= 200 && ex.status < 300) return { result: 'success', output: ex.body, http };
  if (ex.status >= 300 && ex.status < 400) {
    return { result: 'warning', output: `Probe terminated redirects, Response body: ${ex.body}`, http };
  }
  return { result: 'failure', output: `HTTP probe failed with statuscode: ${ex.status}`, failure: 'status', http };
}
