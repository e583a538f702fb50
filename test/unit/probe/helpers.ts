// Real servers on 127.0.0.1 for the probe runner's tests: HTTP(S) with throw-away certificates
// made by openssl, HTTP/2, gRPC with the grpc-health-check service, silent TCP listeners.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type Metadata, Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import type { Container } from '../../../src/core/k8s';
import { canonicalMIMEHeaderKey } from '../../../src/core/probe/request';

const closers: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Listens on host:0, registers the server for closing after the file's tests, returns its port. */
export async function listen(server: net.Server, host = '127.0.0.1'): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function httpServer(handler: Handler, host = '127.0.0.1'): Promise<number> {
  return listen(http.createServer(handler), host);
}

export interface Cert {
  key: Buffer;
  cert: Buffer;
}
const certs = new Map<string, Cert>();
/** A self-signed certificate for CN=`cn`; `expired` makes its notAfter lie in the past. */
export function selfSigned(cn: string, expired = false): Cert {
  const id = `${cn}/${expired}`;
  const cached = certs.get(id);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'probe-cert-'));
  const [key, csr, crt] = ['key.pem', 'req.csr', 'cert.pem'].map((f) => join(dir, f));
  const quiet = { stdio: 'ignore' as const };
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`], quiet);
  execFileSync('openssl', ['x509', '-req', '-in', csr, '-signkey', key, '-days', expired ? '-1' : '2', '-out', crt], quiet);
  const c = { key: readFileSync(key), cert: readFileSync(crt) };
  rmSync(dir, { recursive: true, force: true });
  certs.set(id, c);
  return c;
}

export async function httpsServer(handler: Handler, cert: Cert = selfSigned('wrong.example')): Promise<number> {
  return listen(https.createServer({ ...cert }, handler));
}

/** HTTPS that negotiates h2 by ALPN (HTTP/1.1 allowed too). Reports the protocol version it saw. */
export async function http2Server(handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void): Promise<number> {
  const server = http2.createSecureServer({ ...selfSigned('h2.example'), allowHTTP1: true }, handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  closers.push(() => {
    for (const s of sessions) s.destroy();
  });
  return listen(server);
}

/** A TCP listener that accepts and never says anything (a hung server, a TLS handshake that hangs). */
export async function silentServer(onSocket: (s: net.Socket) => void = () => undefined): Promise<number> {
  return listen(net.createServer(onSocket));
}

/** A port with nothing listening (bound then released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The request headers as a Go server sees them: canonical names, Host not among them. */
export function goHeaders(req: http.IncomingMessage | http2.Http2ServerRequest): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (name.startsWith(':') || name.toLowerCase() === 'host') continue;
    out.push([canonicalMIMEHeaderKey(name), req.rawHeaders[i + 1]]);
  }
  return out;
}

/** Go's headerEchoHandler: "Name: value" lines. */
export const echoHeaders: Handler = (req, res) => res.end(goHeaders(req).map(([k, v]) => `${k}: ${v}\n`).join(''));

/** A gRPC server on 127.0.0.1 with the health service (statuses per service), or with none. */
export async function grpcServer(
  statuses: ServingStatusMap | undefined,
  check?: (service: string, reply: (status: string) => void, userAgent: string) => void,
): Promise<number> {
  const server = new Server();
  if (statuses) new HealthImplementation(statuses).addToServer(server);
  if (check) {
    const { service } = await import('grpc-health-check');
    server.addService(service as Parameters<Server['addService']>[0], {
      check: (call: { request: { service: string }; metadata: Metadata }, cb: (err: null, res: { status: string }) => void) =>
        check(call.request.service, (status) => cb(null, { status }), String(call.metadata.get('user-agent')[0] ?? '')),
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  closers.push(() => {
    server.forceShutdown();
  });
  return port;
}

/** A container whose ports name `http` → 8080 and `grpc` → 9090, as the port map's keys. */
export const app: Container = {
  name: 'app',
  ports: [
    { name: 'http', containerPort: 8080 },
    { name: 'grpc', containerPort: 9090 },
  ],
};

/** True when the process is gone (or a zombie waiting to be reaped). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^\d+ \(.*\)/, ''));
  } catch {
    return true;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RawServer {
  port: number;
  /** The request heads received, as bytes (latin1 strings), in order. */
  requests: string[];
}

/**
 * A raw TCP server that reads a request head (up to the blank line) and answers with exactly the
 * bytes given, then closes — for responses Node's own HTTP server would never write.
 */
export async function rawHttpServer(reply: string | Buffer | ((head: string, s: net.Socket) => void), host = '127.0.0.1'): Promise<RawServer> {
  const requests: string[] = [];
  const server = net.createServer((s) => {
    let head = '';
    s.on('error', () => undefined);
    s.on('data', function onData(b: Buffer) {
      head += b.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      s.off('data', onData);
      requests.push(head.slice(0, end + 4));
      if (typeof reply === 'function') reply(head.slice(0, end + 4), s);
      else s.end(typeof reply === 'string' ? Buffer.from(reply, 'latin1') : reply);
    });
  });
  const port = await listen(server, host);
  return { port, requests };
}
