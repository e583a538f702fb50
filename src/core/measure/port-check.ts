// Is the probe's port on this machine already held by a process Measure did not start? Asked
// before a cold start is launched, so that a second copy of the app is never started only to die
// with EADDRINUSE after a long wait (docs/measure.md, "Before a launch").
import { connect, createServer } from 'node:net';
import { isLoopback, planGrpc, planHttp, planTcp, type Endpoint } from '../probe/target';
import type { ProbeUnderTest } from './sample';

/** Where the probe connects (host and port after the port map); undefined for exec probes or an unresolvable port. */
export function probeEndpoint(p: Pick<ProbeUnderTest, 'probe' | 'container' | 'target'>): Endpoint | undefined {
  const { probe, container, target } = p;
  let e: Endpoint | { error: string } | undefined;
  if (probe.httpGet) {
    const plan = planHttp(probe.httpGet, container, target, 'probe');
    e = 'error' in plan ? plan : { host: plan.request.url.hostname.replace(/^\[|\]$/g, ''), port: Number(plan.request.url.port) };
  } else if (probe.tcpSocket) e = planTcp(probe.tcpSocket, container, target);
  else if (probe.grpc) e = planGrpc(probe.grpc, target);
  return e && !('error' in e) && Number.isInteger(e.port) && e.port > 0 ? { host: e.host, port: e.port } : undefined;
}

function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (v: boolean) => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Whether binding host:port fails because another socket holds it (only meaningful on this machine). */
function bindRefused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
    srv.listen({ host: host === 'localhost' ? '127.0.0.1' : host, port, exclusive: true }, () => srv.close(() => resolve(false)));
  });
}

/**
 * Whether something holds the endpoint: it accepts connections, or (on this machine) its port
 * cannot be bound. An app still starting may have bound its port without accepting yet, or accept
 * and answer 503: both count as held.
 */
export async function portHeld(e: Endpoint, timeoutMs = 1000): Promise<boolean> {
  if (await accepts(e.host, e.port, timeoutMs)) return true;
  return isLoopback(e.host) ? bindRefused(e.host, e.port) : false;
}

/** Waits (up to `ms`) for the endpoint to be free: a stopped app's socket can take a moment to go. */
export async function waitPortFree(e: Endpoint, ms: number, signal?: AbortSignal): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (!(await portHeld(e, 500))) return true;
    if (Date.now() >= until || signal?.aborted) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The words for a held port: which one, and what to do (`hint`: how this caller's user makes Measure own the app). */
export function portHeldMessage(e: Endpoint, hint: string): string {
  const where = e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
  return `port ${e.port} (${where}, where the probe connects) is already in use by a process Measure did not start — is the app already running (a task, a terminal)? Nothing was launched: a second copy would fail to listen on it. Stop that process and measure again, or ${hint}`;
}
