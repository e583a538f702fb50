// Shared helpers of the demo-app tests: the real demo app as a child process on free ports, and
// small HTTP, TCP and gRPC clients that talk to it on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { credentials, makeClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

export const EXAMPLES = resolve(__dirname, '../../../examples');
export const SERVER = join(EXAMPLES, 'demo-app/server.mjs');
export const CHECK_SCRIPT = join(EXAMPLES, 'demo-app/check.mjs');

export interface Ports { http: number; tcp: number; grpc: number }

export interface DemoApp {
  child: ChildProcess;
  ports: Ports;
  /** Every stdout line so far. */
  lines: string[];
  url(path: string): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

/** Starts the demo app on free ports and waits for its `{"event":"listening"}` line. */
export async function startDemoApp(args: string[] = []): Promise<DemoApp> {
  const child = spawn(process.execPath, [SERVER, '--http-port', '0', '--tcp-port', '0', '--grpc-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal ?? -1)));
  const ports = await new Promise<Ports>((resolveStart, rejectStart) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('{')) {
        const event = JSON.parse(line) as Ports & { event: string };
        if (event.event === 'listening') resolveStart({ http: event.http, tcp: event.tcp, grpc: event.grpc });
      }
    });
    void exited.then((code) => rejectStart(new Error(`demo app exited (${code}) before listening: ${stderr}`)));
  });
  return {
    child,
    ports,
    lines,
    url: (path) => `http://127.0.0.1:${ports.http}${path}`,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface HttpAnswer { status: number; headers: IncomingHttpHeaders; body: string }

/** One request without keep-alive (as the kubelet sends it); rejects if no answer within timeoutMs. */
export function http(url: string, { method = 'GET', timeoutMs = 5000 } = {}): Promise<HttpAnswer> {
  return new Promise((resolveAnswer, rejectAnswer) => {
    const req = (method === 'GET' ? httpGet : httpRequest)(url, { method, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', rejectAnswer);
    req.end();
  });
}

/** POST /admin/mode with the given query, e.g. 'readiness=fail'. */
export function setMode(app: DemoApp, query: string): Promise<HttpAnswer> {
  return http(app.url(`/admin/mode?${query}`), { method: 'POST' });
}

/** Connects to the TCP port: resolves with what the app wrote, rejects with the error code (ECONNREFUSED). */
export function tcp(port: number): Promise<string> {
  return new Promise((resolveData, rejectData) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolveData(data));
    socket.on('error', (err: NodeJS.ErrnoException) => rejectData(new Error(err.code ?? err.message)));
  });
}

const HealthClientCtor = makeClientConstructor(healthService, 'grpc.health.v1.Health');

/** grpc.health.v1.Health/Check: resolves with the serving status, or with `error:<grpc code>`. */
export function grpcCheck(port: number, service: string, timeoutMs = 5000): Promise<string> {
  const client = new HealthClientCtor(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise<string>((resolveStatus) =>
    client.check({ service }, { deadline: Date.now() + timeoutMs }, (err: ServiceError | null, res?: { status: string }) =>
      resolveStatus(err ? `error:${err.code}` : res!.status),
    ),
  ).finally(() => client.close());
}

/** Waits until cond() is true (polling), or fails after timeoutMs. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves to true when the promise rejects; for polling on "refused", "fails" and the like. */
export const rejects = (p: Promise<unknown>): Promise<boolean> => p.then(() => false, () => true);
