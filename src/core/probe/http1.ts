// HTTP/1.x on the wire with Go's rules, for the kubelet's probes and hooks (docs/semantics/
// http-probes.md): the request as net/http Request.write puts it, and the response as Go's
// transport reads it — net/http ReadResponse, net/textproto ReadMIMEHeader, transfer.go
// readTransfer/fixLength, internal/chunked.go, transport.go readLoop/readResponse.
//
// Why our own reader: Node's parser (llhttp, inside undici and node:http) is stricter than Go's
// client and fails responses the kubelet accepts — bare-LF line endings, obs-fold continuation
// lines, repeated identical Content-Length headers, Content-Length beside chunked, a body on a
// 204/304, a status line without a reason phrase — and its lenient mode
// (insecureHTTPParser) accepts things Go rejects. Neither agrees with Go in both directions, so the
// response is read here, rule for rule, over the plain or TLS socket.
// Over ~450 lines on purpose: one reader that follows Go's transport read path end to end (status
// line, headers, framing, chunks, trailers); split, the framing rules would be far from their reader.
import type { Duplex } from 'node:stream';
import { goQuote } from './go';

/** Go's Transport default MaxResponseHeaderBytes: all response headers, 1xx ones included. */
export const MAX_RESPONSE_HEADER_BYTES = 10 << 20;
/** bufio's default buffer: bounds chunk-size lines and trailers. */
const BUFIO_SIZE = 4096;
/** Stop reading from the socket while this much is waiting to be parsed. */
const HIGH_WATER = 1 << 20;

/** A failure inside Go's ReadResponse/readTransfer or a body read; the message is Go's error text. */
export class GoHttpError extends Error {}

/** Bytes from a socket, read the way Go's bufio.Reader hands them to the parsers. One growing buffer. */
export class ConnReader {
  private buf = Buffer.allocUnsafe(16 * 1024);
  private start = 0;
  private end = 0;
  /** Bytes from `start` known to hold no '\n'. */
  private scanned = 0;
  private eof = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Bytes handed to the parsers so far (the stream offset of the next byte). */
  consumed = 0;

  constructor(private readonly socket: Duplex) {
    socket.on('data', (b: Buffer) => {
      this.append(b);
      if (this.size > HIGH_WATER) socket.pause();
      this.notify();
    });
    socket.on('end', () => {
      this.eof = true;
      this.notify();
    });
    socket.on('error', (e: Error) => {
      this.failure ??= e;
      this.notify();
    });
    socket.on('close', () => {
      this.eof = true;
      this.notify();
    });
  }

  get size(): number {
    return this.end - this.start;
  }

  private append(b: Buffer): void {
    if (this.end + b.length > this.buf.length) {
      const need = this.size + b.length;
      if (need <= this.buf.length / 2) this.buf.copy(this.buf, 0, this.start, this.end);
      else {
        const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
        this.buf.copy(bigger, 0, this.start, this.end);
        this.buf = bigger;
      }
      this.end = this.size;
      this.start = 0;
    }
    b.copy(this.buf, this.end);
    this.end += b.length;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Waits for more bytes; false at end of stream. Throws the socket's error once the buffer is drained. */
  async more(): Promise<boolean> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.eof) return false;
      const before = this.size;
      this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.size > before) return true;
    }
  }

  /** Removes and returns (a copy of) the first n buffered bytes. */
  private take(n: number): Buffer {
    const out = Buffer.from(this.buf.subarray(this.start, this.start + n));
    this.skip(n);
    return out;
  }

  private skip(n: number): void {
    this.start += n;
    this.scanned = Math.max(0, this.scanned - n);
    this.consumed += n;
    if (this.size < HIGH_WATER) this.socket.resume();
  }

  /**
   * Without waiting: the next line (bytes up to and including '\n'); at end of stream the partial
   * line, or null when nothing is left; 'more' when the line is not complete yet; 'long' when no
   * '\n' comes within `window` bytes.
   */
  lineNow(window = Infinity): Buffer | null | 'more' | 'long' {
    const i = this.buf.subarray(0, this.end).indexOf(0x0a, this.start + this.scanned);
    if (i >= 0) {
      this.scanned = 0;
      return i - this.start < window ? this.take(i - this.start + 1) : 'long';
    }
    this.scanned = this.size;
    if (this.size >= window) return 'long';
    if (this.eof || this.failure) {
      if (this.failure && this.size === 0) throw this.failure;
      return this.size > 0 ? this.take(this.size) : null;
    }
    return 'more';
  }

  /** lineNow as a byte string without its '\n' or '\r\n' (bufio ReadLine), with no Buffer copied. */
  lineTextNow(window = Infinity): string | null | 'more' | 'long' {
    const i = this.buf.subarray(0, this.end).indexOf(0x0a, this.start + this.scanned);
    if (i >= 0) {
      this.scanned = 0;
      if (i - this.start >= window) return 'long';
      const end = i > this.start && this.buf[i - 1] === 0x0d ? i - 1 : i;
      const text = this.buf.toString('latin1', this.start, end);
      this.skip(i - this.start + 1);
      return text;
    }
    const line = this.lineNow(window);
    return line === null || line === 'more' || line === 'long' ? line : lineText(line);
  }

  /** Without waiting: the next byte; null at end of stream; 'more' when none has arrived yet. */
  byteNow(): number | null | 'more' {
    if (this.size > 0) return this.buf[this.start];
    return this.eof || this.failure ? null : 'more';
  }

  /** bufio ReadSlice('\n') with a window: the next line, the partial line at the end, null, or 'long'. */
  async readLine(window = Infinity): Promise<Buffer | null | 'long'> {
    for (;;) {
      const line = this.lineNow(window);
      if (line !== 'more') return line;
      await this.more();
    }
  }

  /** Up to n of the bytes already buffered, without waiting or consuming them. */
  bufferedNow(n: number): Buffer {
    return this.buf.subarray(this.start, this.start + Math.min(n, this.size));
  }

  /** Up to n bytes without consuming them (fewer only at end of stream). */
  async peek(n: number): Promise<Buffer> {
    while (this.size < n && (await this.more()));
    return this.buf.subarray(this.start, this.start + Math.min(n, this.size));
  }

  /** Up to `max` bytes as soon as some are there; null at end of stream. */
  async read(max: number): Promise<Buffer | null> {
    while (this.size === 0) if (!(await this.more())) return null;
    return this.take(Math.min(max, this.size));
  }

  /** Exactly n bytes, or fewer at end of stream. */
  async readFull(n: number): Promise<Buffer> {
    while (this.size < n && (await this.more()));
    return this.take(Math.min(n, this.size));
  }
}

/** The request as net/http Request.write + persistConn.roundTrip write it (no body). */
export function requestBytes(target: string, host: string, lines: readonly (readonly [string, string])[]): Buffer {
  let s = `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [k, v] of lines) s += `${k}: ${v}\r\n`;
  return Buffer.from(s + '\r\n', 'latin1');
}

/** The response head as Go's transport keeps it. Header names canonical, values byte strings. */
export interface ResponseHead {
  status: number;
  major: number;
  minor: number;
  header: Map<string, string[]>;
}

/** How the body is delimited (readTransfer). */
export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'eof' };

/** textproto.validHeaderValueByte: HTAB, SP, VCHAR, obs-text. */
const BAD_VALUE_BYTE = /[\x00-\x08\x0a-\x1f\x7f]/;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN_OR_SPACE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z ]+$/;
/** Most responses repeat a handful of names: their canonical forms are kept. */
const canonicalCache = new Map<string, string>();

/** textproto.canonicalMIMEHeaderKey(k) → [key, ok]: spaces allowed but then not canonicalised. */
function canonicalKey(k: string): [string, boolean] {
  const known = canonicalCache.get(k);
  if (known !== undefined) return [known, true];
  if (!TOKEN.test(k)) return [k, TOKEN_OR_SPACE.test(k)];
  const key = k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
  if (canonicalCache.size < 1000) canonicalCache.set(k, key);
  return [key, true];
}

const LIMIT_TEXT = `net/http: server response headers exceeded ${MAX_RESPONSE_HEADER_BYTES} bytes; aborted`;
const trimSpTab = (s: string) => s.replace(/^[ \t]+|[ \t]+$/g, '');

/** A line of the head without its '\n' or '\r\n' (bufio ReadLine), as a byte string. */
function lineText(line: Buffer): string {
  let end = line.length;
  if (line[end - 1] === 0x0a) end -= line[end - 2] === 0x0d ? 2 : 1;
  return line.toString('latin1', 0, end);
}

/** http.ParseHTTPVersion. */
function parseHTTPVersion(v: string): [number, number] | undefined {
  if (v === 'HTTP/1.1') return [1, 1];
  if (v === 'HTTP/1.0') return [1, 0];
  const m = /^HTTP\/(\d)\.(\d)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** http.ReadResponse's status line checks. */
function parseStatusLine(line: string): { status: number; major: number; minor: number } {
  const sp = line.indexOf(' ');
  if (sp < 0) throw new GoHttpError(`malformed HTTP response ${goQuote(line)}`);
  const proto = line.slice(0, sp);
  const code = line.slice(sp + 1).replace(/^ +/, '').split(' ')[0];
  // strconv.Atoi: optional sign, decimal digits.
  if (code.length !== 3 || !/^[+-]?\d+$/.test(code) || Number(code) < 0) throw new GoHttpError(`malformed HTTP status code ${goQuote(code)}`);
  const version = parseHTTPVersion(proto);
  if (!version) throw new GoHttpError(`malformed HTTP version ${goQuote(proto)}`);
  return { status: Number(code), major: version[0], minor: version[1] };
}

/**
 * textproto ReadMIMEHeader (Go 1.20+ checks on names and values), fed line by line without
 * awaiting each one: `step` takes every complete line already buffered and says whether the
 * blank line has come. Obs-fold lines (starting with SP/HT) continue the previous line, joined by
 * one space; a line at the end of the stream without its '\n' is still a line (bufio ReadLine).
 */
class MIMEHeaderReader {
  readonly header = new Map<string, string[]>();
  private kv: string | undefined;
  private first = true;

  constructor(private readonly window: () => number) {}

  private flush(): void {
    if (this.kv === undefined) return;
    const kv = this.kv;
    this.kv = undefined;
    const colon = kv.indexOf(':');
    const [key, ok] = canonicalKey(kv.slice(0, colon));
    const value = kv.slice(colon + 1);
    if (!ok || BAD_VALUE_BYTE.test(value)) throw new GoHttpError(`malformed MIME header line: ${kv}`);
    const v = value.replace(/^[ \t]+/, '');
    const values = this.header.get(key);
    if (values) values.push(v);
    else this.header.set(key, [v]);
  }

  /** true: the header is complete; false: more bytes are needed. Throws GoHttpError. */
  step(r: ConnReader): boolean {
    for (;;) {
      // The pending line is continued only if the next line starts with SP/HT: look before taking it.
      if (this.kv !== undefined) {
        const b = r.byteNow();
        if (b === 'more') return false;
        if (b !== 0x20 && b !== 0x09) this.flush();
      }
      const line = r.lineTextNow(this.window());
      if (line === 'more') return false;
      if (line === 'long') throw new GoHttpError(LIMIT_TEXT);
      if (line === null) {
        this.flush();
        throw new GoHttpError('unexpected EOF');
      }
      if (this.first && (line[0] === ' ' || line[0] === '\t')) {
        throw new GoHttpError(line.length > 80 ? 'message too large' : `malformed MIME header initial line: ${line}`);
      }
      this.first = false;
      if (this.kv !== undefined) {
        this.kv += ' ' + trimSpTab(line);
        continue;
      }
      if (line === '') return true;
      if (!line.includes(':')) throw new GoHttpError(`malformed MIME header: missing colon: ${goQuote(line)}`);
      this.kv = trimSpTab(line);
    }
  }
}

/** Runs a MIME header reader until the header is complete. */
async function readMIMEHeader(r: ConnReader, window: () => number): Promise<Map<string, string[]>> {
  const m = new MIMEHeaderReader(window);
  while (!m.step(r)) await r.more();
  return m.header;
}

/** http.ReadResponse without the body: status line, then the MIME header; every head counts toward the 10 MiB limit. */
async function readOneHead(r: ConnReader): Promise<ResponseHead> {
  const window = () => MAX_RESPONSE_HEADER_BYTES - r.consumed;
  const raw = await r.readLine(window());
  if (raw === 'long') throw new GoHttpError(LIMIT_TEXT);
  if (raw === null) throw new GoHttpError('unexpected EOF');
  const status = parseStatusLine(lineText(raw));
  return { ...status, header: await readMIMEHeader(r, window) };
}

/** %q of a []string: ["a" "b"]. */
const quoteList = (vs: string[]) => `[${vs.map(goQuote).join(' ')}]`;
/** textproto.TrimString: ASCII white space. */
const trimString = (s: string) => s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
const bodyAllowed = (status: number) => !(status >= 100 && status <= 199) && status !== 204 && status !== 304;

/** readTransfer for a response to GET: Transfer-Encoding, then fixLength, then fixTrailer. */
export function responseFraming(head: ResponseHead): Framing {
  const h = head.header;
  let chunked = false;
  const te = h.get('Transfer-Encoding');
  if (te) {
    h.delete('Transfer-Encoding');
    if (head.major > 1 || (head.major === 1 && head.minor >= 1)) {
      if (te.length !== 1) throw new GoHttpError(`too many transfer encodings: ${quoteList(te)}`);
      if (te[0].toLowerCase() !== 'chunked') throw new GoHttpError(`unsupported transfer encoding: ${goQuote(te[0])}`);
      chunked = true;
    }
  }
  let cl = h.get('Content-Length') ?? [];
  if (cl.length > 1) {
    const first = trimString(cl[0]);
    if (cl.some((v) => trimString(v) !== first)) throw new GoHttpError(`http: message cannot contain multiple Content-Length headers; got ${quoteList(cl)}`);
    cl = [first];
  }
  let length = -1;
  if (cl.length > 0) {
    const v = trimString(cl[0]);
    if (v === '') throw new GoHttpError(`invalid empty Content-Length ${goQuote(v)}`);
    if (!/^\d+$/.test(v) || BigInt(v) > 2n ** 63n - 1n) throw new GoHttpError(`bad Content-Length ${goQuote(v)}`);
    length = Number(v);
  }
  if (chunked && h.has('Trailer')) {
    for (const v of h.get('Trailer')!) {
      for (const f of v.split(',')) {
        const key = canonicalKey(trimString(f))[0];
        if (key === 'Transfer-Encoding' || key === 'Trailer' || key === 'Content-Length') throw new GoHttpError(`bad trailer key ${goQuote(key)}`);
      }
    }
  }
  // A 101 that switches protocols hands the raw connection over as the body (readResponse).
  const token = (name: string, t: string) => (h.get(name) ?? []).some((v) => v.split(',').some((x) => trimString(x).toLowerCase() === t));
  if (head.status === 101 && (h.get('Upgrade')?.[0] ?? '') !== '' && token('Connection', 'upgrade')) return { kind: 'eof' };
  if (!bodyAllowed(head.status)) return { kind: 'none' };
  if (chunked) return { kind: 'chunked' };
  if (length === 0) return { kind: 'none' };
  if (length > 0) return { kind: 'length', length };
  return { kind: 'eof' };
}

/**
 * persistConn.readResponse: responses are read until one is not a 1xx interim response (101 is
 * final). Every head, interim ones included, counts toward the 10 MiB header limit.
 * Throws GoHttpError (inside Go's ReadResponse) or the socket's error.
 */
export async function readResponseHead(r: ConnReader): Promise<ResponseHead & { framing: Framing }> {
  for (;;) {
    const head = await readOneHead(r);
    const framing = responseFraming(head);
    if (head.status >= 100 && head.status <= 199 && head.status !== 101) continue;
    return { ...head, framing };
  }
}

/** internal/chunked.go readChunkLine + parseHexUint: the size of the next chunk. */
async function chunkSize(r: ConnReader): Promise<{ n: number; lineLength: number }> {
  const line = await r.readLine(BUFIO_SIZE);
  if (line === 'long') throw new GoHttpError('header line too long');
  if (line === null || line[line.length - 1] !== 0x0a) throw new GoHttpError('unexpected EOF');
  const cr = line.indexOf(0x0d);
  if (cr < 0) throw new GoHttpError('chunked line ends with bare LF');
  if (cr !== line.length - 2) throw new GoHttpError('invalid CR in chunked line');
  const p = line.toString('latin1', 0, line.length - 2);
  if (p.length >= BUFIO_SIZE) throw new GoHttpError('header line too long');
  const hex = p.replace(/[ \t]+$/, '').split(';')[0];
  if (hex === '') throw new GoHttpError('empty hex number for chunk length');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new GoHttpError('invalid byte in chunk length');
  if (hex.length > 16) throw new GoHttpError('http chunk length too large');
  return { n: Number(BigInt('0x' + hex)), lineLength: p.length };
}

/** body.readTrailer after the last chunk: CRLF, or a trailer header within bufio's 4 KiB. */
async function readTrailer(r: ConnReader): Promise<void> {
  const two = await r.peek(2);
  if (two.length === 2 && two[0] === 0x0d && two[1] === 0x0a) return void (await r.readFull(2));
  if (two.length < 2) throw new GoHttpError('http: unexpected EOF reading trailer');
  // seeUpcomingDoubleCRLF: a CRLF CRLF must come within bufio's buffer; wait only until it does.
  for (;;) {
    const window = r.bufferedNow(BUFIO_SIZE);
    if (window.indexOf('\r\n\r\n', 0, 'latin1') >= 0) break;
    if (window.length >= BUFIO_SIZE || !(await r.more())) throw new GoHttpError('http: suspiciously long trailer after chunked body');
  }
  await readMIMEHeader(r, () => BUFIO_SIZE);
}

/**
 * The body as DoHTTPProbe reads it: utilio.ReadAtMost(body, limit) — at most `limit` bytes, more
 * is not an error and is never read. Throws GoHttpError or the socket's error.
 */
export async function readBody(r: ConnReader, framing: Framing, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  const room = () => limit - got;
  const add = (b: Buffer) => {
    parts.push(b);
    got += b.length;
  };
  switch (framing.kind) {
    case 'none':
      break;
    case 'length':
    case 'eof': {
      let left = framing.kind === 'length' ? framing.length : Infinity;
      while (room() > 0 && left > 0) {
        const b = await r.read(Math.min(room(), left));
        if (!b) {
          if (framing.kind === 'length') throw new GoHttpError('unexpected EOF');
          break;
        }
        add(b);
        left -= b.length;
      }
      break;
    }
    case 'chunked': {
      let excess = 0;
      while (room() > 0) {
        const { n, lineLength } = await chunkSize(r);
        excess = Math.max(0, excess + lineLength + 2 - 16 - 2 * n);
        if (excess > 16 * 1024) throw new GoHttpError('chunked encoding contains too much non-data');
        if (n === 0) {
          await readTrailer(r);
          break;
        }
        let left = n;
        while (left > 0 && room() > 0) {
          const b = await r.read(Math.min(left, room()));
          if (!b) throw new GoHttpError('unexpected EOF');
          add(b);
          left -= b.length;
        }
        if (left > 0) break; // the cap was reached inside this chunk
        if (room() === 0) break;
        const end = await r.readFull(2);
        if (end.length < 2) throw new GoHttpError('unexpected EOF');
        if (end[0] !== 0x0d || end[1] !== 0x0a) throw new GoHttpError('malformed chunked encoding');
      }
      break;
    }
  }
  return Buffer.concat(parts, got);
}
