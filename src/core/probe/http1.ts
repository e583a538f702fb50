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

/** Bytes from a socket, read the way Go's bufio.Reader hands them to the parsers. */
export class ConnReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes at the front known to hold no '\n'. */
  private scanned = 0;
  private eof = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Bytes handed to the parsers so far (the stream offset of the next byte). */
  consumed = 0;

  constructor(private readonly socket: Duplex) {
    socket.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.size += b.length;
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

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Waits for more bytes; false at end of stream. Throws the socket's error once the buffer is drained. */
  private async more(): Promise<boolean> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.eof) return false;
      const before = this.size;
      this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.size > before) return true;
    }
  }

  /** Removes and returns the first n buffered bytes. */
  private take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - off);
      c.copy(out, off, 0, k);
      off += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.size -= n;
    this.scanned = Math.max(0, this.scanned - n);
    this.consumed += n;
    if (this.size < HIGH_WATER) this.socket.resume();
    return out;
  }

  private indexOfNewline(): number {
    let base = 0;
    for (const c of this.chunks) {
      if (base + c.length > this.scanned) {
        const i = c.indexOf(0x0a, Math.max(0, this.scanned - base));
        if (i >= 0) return base + i;
      }
      base += c.length;
    }
    this.scanned = this.size;
    return -1;
  }

  /**
   * bufio ReadSlice('\n'): the bytes up to and including the next '\n'; at end of stream the
   * partial line, or null when nothing is left. `window`: give up (return 'long') when no '\n'
   * comes within that many bytes.
   */
  async readLine(window = Infinity): Promise<Buffer | null | 'long'> {
    for (;;) {
      const i = this.indexOfNewline();
      if (i >= 0 && i < window) return this.take(i + 1);
      if (i >= window || this.size >= window) return 'long';
      if (!(await this.more())) return this.size > 0 ? this.take(this.size) : null;
    }
  }

  /** Up to n bytes without consuming them (fewer only at end of stream). */
  async peek(n: number): Promise<Buffer> {
    while (this.size < n && (await this.more()));
    const want = Math.min(n, this.size);
    if (this.chunks.length === 0 || this.chunks[0].length >= want) return (this.chunks[0] ?? Buffer.alloc(0)).subarray(0, want);
    const parts: Buffer[] = [];
    let got = 0;
    for (const c of this.chunks) {
      if (got >= want) break;
      parts.push(c.subarray(0, want - got));
      got += parts[parts.length - 1].length;
    }
    return Buffer.concat(parts, want);
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

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
/** textproto.validHeaderValueByte: HTAB, SP, VCHAR, obs-text. */
const BAD_VALUE_BYTE = /[\x00-\x08\x0a-\x1f\x7f]/;

/** textproto.canonicalMIMEHeaderKey(k) → [key, ok]: spaces allowed but then not canonicalised. */
function canonicalKey(k: string): [string, boolean] {
  if (k === '') return ['', false];
  let space = false;
  for (const c of k) {
    if (TCHAR.test(c)) continue;
    if (c === ' ') space = true;
    else return [k, false];
  }
  if (space) return [k, true];
  return [k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()), true];
}

/** One line of the head, CRLF or bare LF stripped (textproto readLineSlice); Go's limit on all header bytes. */
async function headLine(r: ConnReader): Promise<string | null> {
  const window = MAX_RESPONSE_HEADER_BYTES - r.consumed;
  const line = await r.readLine(window);
  if (line === 'long') throw new GoHttpError(`net/http: server response headers exceeded ${MAX_RESPONSE_HEADER_BYTES} bytes; aborted`);
  if (line === null) return null;
  let end = line.length;
  if (line[end - 1] === 0x0a) end -= line[end - 2] === 0x0d ? 2 : 1;
  return line.toString('latin1', 0, end);
}

const trimSpTab = (s: string) => s.replace(/^[ \t]+|[ \t]+$/g, '');

/** textproto ReadMIMEHeader, with Go 1.20+'s checks on names and values. */
async function readMIMEHeader(r: ConnReader): Promise<Map<string, string[]>> {
  const m = new Map<string, string[]>();
  const first = await r.peek(1);
  if (first.length && (first[0] === 0x20 || first[0] === 0x09)) {
    const line = (await headLine(r)) ?? '';
    throw new GoHttpError(line.length > 80 ? 'message too large' : `malformed MIME header initial line: ${line}`);
  }
  for (;;) {
    // readContinuedLineSlice(mustHaveFieldNameColon)
    const line = await headLine(r);
    if (line === null) throw new GoHttpError('unexpected EOF');
    if (line === '') return m;
    if (!line.includes(':')) throw new GoHttpError(`malformed MIME header: missing colon: ${goQuote(line)}`);
    let kv = trimSpTab(line);
    for (;;) {
      // obs-fold: a following line that starts with SP/HT continues this one, joined by one space.
      const next = await r.peek(1);
      if (!next.length || (next[0] !== 0x20 && next[0] !== 0x09)) break;
      while ((await r.peek(1)).some((c) => c === 0x20 || c === 0x09)) await r.readFull(1);
      const more = await headLine(r);
      if (more === null) break;
      kv += ' ' + trimSpTab(more);
    }
    const colon = kv.indexOf(':');
    const [key, ok] = canonicalKey(kv.slice(0, colon));
    const value = kv.slice(colon + 1);
    if (!ok || BAD_VALUE_BYTE.test(value)) throw new GoHttpError(`malformed MIME header line: ${kv}`);
    const values = m.get(key);
    const v = value.replace(/^[ \t]+/, '');
    if (values) values.push(v);
    else m.set(key, [v]);
  }
}

/** http.ParseHTTPVersion. */
function parseHTTPVersion(v: string): [number, number] | undefined {
  if (v === 'HTTP/1.1') return [1, 1];
  if (v === 'HTTP/1.0') return [1, 0];
  const m = /^HTTP\/(\d)\.(\d)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** http.ReadResponse without the body: status line, then the MIME header. */
async function readOneHead(r: ConnReader): Promise<ResponseHead> {
  const line = await headLine(r);
  if (line === null) throw new GoHttpError('unexpected EOF');
  const sp = line.indexOf(' ');
  if (sp < 0) throw new GoHttpError(`malformed HTTP response ${goQuote(line)}`);
  const proto = line.slice(0, sp);
  const status = line.slice(sp + 1).replace(/^ +/, '');
  const code = status.split(' ')[0];
  // strconv.Atoi: optional sign, decimal digits.
  if (code.length !== 3 || !/^[+-]?\d+$/.test(code) || Number(code) < 0) throw new GoHttpError(`malformed HTTP status code ${goQuote(code)}`);
  const version = parseHTTPVersion(proto);
  if (!version) throw new GoHttpError(`malformed HTTP version ${goQuote(proto)}`);
  const header = await readMIMEHeader(r);
  return { status: Number(code), major: version[0], minor: version[1], header };
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
  const window = await r.peek(BUFIO_SIZE);
  if (window.indexOf('\r\n\r\n', 0, 'latin1') < 0) throw new GoHttpError('http: suspiciously long trailer after chunked body');
  await readMIMEHeader(r);
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
