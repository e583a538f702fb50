// Incremental splitter for a stream of concatenated JSON values, as `kubectl get -w -o json`
// prints them (one object after another, pretty-printed or compact, no separators guaranteed).
// Chunk boundaries may fall anywhere, including inside a string, an escape or a UTF-8 sequence.
import { StringDecoder } from 'node:string_decoder';

export interface JsonStreamOptions {
  /** A single value larger than this (characters) is dropped and reported. Default 64 Mi. */
  maxValueLength?: number;
  /** Text outside any value (not whitespace), values that fail JSON.parse, oversized values. */
  onError?: (message: string, text: string) => void;
}

/**
 * Feed chunks with push(); it returns the values completed by that chunk, in order. Only
 * top-level objects and arrays are recognised; stray text between them is skipped (reported).
 */
export class JsonStreamSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  /** Index in buf where scanning resumes. */
  private pos = 0;
  /** Start of the current value in buf, or -1 between values. */
  private start = -1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private readonly max: number;

  constructor(private readonly opts: JsonStreamOptions = {}) {
    this.max = opts.maxValueLength ?? 64 * 1024 * 1024;
  }

  push(chunk: Buffer | string): unknown[] {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    return this.scan();
  }

  /** Flushes the decoder; reports an unfinished value. */
  end(): unknown[] {
    this.buf += this.decoder.end();
    const out = this.scan();
    const rest = this.start >= 0 ? this.buf.slice(this.start) : this.buf.slice(this.pos);
    if (rest.trim()) this.opts.onError?.('the stream ended inside a JSON value', rest.slice(0, 200));
    this.buf = '';
    this.pos = 0;
    this.start = -1;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.discarding = false;
    return out;
  }

  /** Characters held for an unfinished value. */
  get pending(): number {
    return this.buf.length;
  }

  private scan(): unknown[] {
    const out: unknown[] = [];
    const s = this.buf;
    let i = this.pos;
    let junkFrom = -1;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.start < 0) {
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          if (junkFrom >= 0) {
            this.opts.onError?.('text between JSON values was skipped', s.slice(junkFrom, i).slice(0, 200));
            junkFrom = -1;
          }
          this.start = i;
          this.depth = 1;
        } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) {
          if (junkFrom < 0) junkFrom = i;
        }
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c /* \ */) this.escape = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        this.depth--;
        if (this.depth === 0) {
          const from = this.start;
          this.start = -1;
          if (this.discarding) {
            this.discarding = false;
            continue;
          }
          const text = s.slice(from, i + 1);
          try {
            out.push(JSON.parse(text));
          } catch (e) {
            this.opts.onError?.(`invalid JSON value (${(e as Error).message})`, text.slice(0, 200));
          }
        }
      }
    }
    if (junkFrom >= 0) this.opts.onError?.('text between JSON values was skipped', s.slice(junkFrom).slice(0, 200));

    // Keep only the unfinished value (if any).
    if (this.start >= 0) {
      if (!this.discarding && s.length - this.start > this.max) {
        this.opts.onError?.(`a JSON value exceeded ${this.max} characters and was dropped`, s.slice(this.start, this.start + 200));
        this.discarding = true;
      }
      if (this.discarding) {
        // Keep scanning state (depth, string) but not the text.
        this.buf = '';
        this.pos = 0;
        this.start = 0;
      } else {
        this.buf = s.slice(this.start);
        this.pos = i - this.start;
        this.start = 0;
      }
    } else {
      this.buf = '';
      this.pos = 0;
    }
    return out;
  }

  /** True while the rest of an oversized value is being skipped. */
  private discarding = false;
}

/** Splits a complete text into its JSON values (convenience for tests and one-shot output). */
export function splitJsonValues(text: string, onError?: JsonStreamOptions['onError']): unknown[] {
  const s = new JsonStreamSplitter({ onError });
  return [...s.push(text), ...s.end()];
}
