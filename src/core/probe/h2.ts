// One GET over HTTP/2 on a TLS socket that negotiated h2 by ALPN — what the kubelet's transport does
// on HTTPS (apimachinery SetTransportDefaults configures HTTP/2). Node's http2 client on the socket
// we dialled. As Go's HTTP/2 transport does, connection-specific headers (Connection, Keep-Alive,
// Proxy-Connection, Transfer-Encoding, Upgrade) are not sent and names go lower-case. Strings are
// byte strings (latin1): Node's http2 writes each char as one byte, so UTF-8 bytes go out as Go sends them.
import * as http2 from 'node:http2';
import type * as tls from 'node:tls';
import { canonicalMIMEHeaderKey } from './request';

const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

export interface H2Reply {
  status: number;
  header: Map<string, string[]>;
  body(limit: number): Promise<Buffer>;
  close(): void;
}

/** Sends the request; resolves with the response head, rejects with the stream's or session's error. */
export function h2Request(socket: tls.TLSSocket, authority: string, target: string, lines: readonly (readonly [string, string])[], onSession: (s: http2.ClientHttp2Session) => void): Promise<H2Reply> {
  const session = http2.connect(`https://${authority}`, { createConnection: () => socket });
  onSession(session);
  session.on('error', () => undefined);
  const headers: http2.OutgoingHttpHeaders = { ':method': 'GET', ':path': target, ':scheme': 'https', ':authority': authority };
  for (const [k, v] of lines) {
    const name = k.toLowerCase();
    if (CONNECTION_SPECIFIC.has(name)) continue;
    const prev = headers[name];
    headers[name] = prev === undefined ? v : ([] as string[]).concat(prev as string | string[], v);
  }
  const close = () => {
    session.destroy();
    socket.destroy();
  };
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: true });
    const fail = (err: Error) => reject(err);
    stream.once('error', fail);
    session.once('error', fail);
    session.once('close', () => reject(Object.assign(new Error('EOF'), { code: 'UND_EOF' })));
    stream.once('response', (h) => {
      stream.off('error', fail);
      session.off('error', fail);
      const header = new Map<string, string[]>();
      for (const [k, v] of Object.entries(h)) {
        if (k.startsWith(':') || v === undefined) continue;
        header.set(canonicalMIMEHeaderKey(k), Array.isArray(v) ? v : [String(v)]);
      }
      resolve({
        status: Number(h[':status']),
        header,
        close,
        body: (limit) =>
          new Promise<Buffer>((done, bad) => {
            const parts: Buffer[] = [];
            let got = 0;
            const finish = () => {
              stream.removeAllListeners('data');
              done(Buffer.concat(parts, got));
            };
            stream.on('data', (b: Buffer) => {
              const take = Math.min(b.length, limit - got);
              parts.push(b.subarray(0, take));
              got += take;
              if (got >= limit) finish();
            });
            stream.once('end', finish);
            stream.once('error', bad);
            session.once('close', () => bad(Object.assign(new Error('unexpected EOF'), { code: 'UND_EOF' })));
          }),
      });
    });
  });
}
