// Go's text formats that the kubelet's messages are made of (durations: src/core/util/duration.ts):
// %q quoting, net.JoinHostPort and the net package's error strings.
import type { ProbeFailure } from './types';

/** strconv.Quote: double quotes, Go escapes, printable Unicode kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** net.JoinHostPort: IPv6 literals get brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's syscall.Errno texts (Linux strerror) for the socket errors a probe meets. */
const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ECONNABORTED: 'software caused connection abort',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EHOSTDOWN: 'host is down',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EADDRINUSE: 'address already in use',
  EPIPE: 'broken pipe',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EINVAL: 'invalid argument',
};

export interface NodeSysError {
  code?: string;
  syscall?: string;
  hostname?: string;
  message?: string;
}

/** The endpoints of a connection, for Go's `read tcp A->B` texts. */
export interface SocketEnds {
  local?: string;
  remote: string;
}

/**
 * The text Go's net package gives for a Node socket error: `dial tcp 127.0.0.1:1: connect:
 * connection refused`, `dial tcp: lookup x: no such host`, `read tcp A->B: read: connection reset by
 * peer`. `addr` is the address dialed (host:port). Returns undefined for errors that are not socket errors.
 */
export function goNetError(err: NodeSysError, addr: string, ends?: SocketEnds): string | undefined {
  const code = err.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA') {
    return `dial tcp: lookup ${err.hostname ?? addr}: no such host`;
  }
  if (code === 'EAI_AGAIN') return `dial tcp: lookup ${err.hostname ?? addr}: server misbehaving`;
  if (code === 'ERR_SOCKET_BAD_PORT') return `dial tcp: address ${addr.slice(addr.lastIndexOf(':') + 1)}: invalid port`;
  const text = ERRNO_TEXT[code];
  if (!text) return undefined;
  if (err.syscall === 'connect' || !ends) return `dial tcp ${addr}: connect: ${text}`;
  const op = err.syscall === 'write' ? 'write' : 'read';
  const pair = ends.local ? `${ends.local}->${ends.remote}` : ends.remote;
  return `${op} tcp ${pair}: ${op}: ${text}`;
}

/** The kind of a Node socket error (the same errors goNetError words): refused, reset, unresolved, timeout, other. */
export function netFailure(err: NodeSysError | undefined): ProbeFailure {
  switch (err?.code) {
    case 'ECONNREFUSED': return 'refused';
    case 'ECONNRESET': case 'EPIPE': case 'ECONNABORTED': case 'UND_EOF': return 'reset';
    case 'ENOTFOUND': case 'EAI_NONAME': case 'EAI_NODATA': case 'EAI_AGAIN': return 'unresolved';
    case 'ETIMEDOUT': return 'timeout';
    default: return 'other';
  }
}

/** Go's text for a dial that ran out of time. */
export function goDialTimeout(addr: string): string {
  return `dial tcp ${addr}: i/o timeout`;
}
