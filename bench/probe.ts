// Probe runner benchmark: `node --import tsx bench/probe.ts`.
// 1. Overhead per probe, as a ratio to a bare request on the same local server in the same run:
//    httpGet vs one node:http request on a fresh connection (what a probe must do), tcpSocket vs a bare
//    net.connect. Goal ≤ 1.2×.
// 2. Event-loop lag (perf_hooks.monitorEventLoopDelay) with 200 watch workers probing every second
//    for ~10 s, next to the idle lag of the same process. Goal: p99 < 20 ms.
// The server runs in a child process so that its own work is not counted. Figures are printed,
// never checked. Under tsx every closure goes through esbuild's keepNames helper; the shipped
// bundles do not, so a bundled run (esbuild bench/probe.ts --bundle) shows a few % less overhead.
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import * as http from 'node:http';
import { runHandler } from '../src/core/probe';
import { watchProbe } from '../src/core/probe/watch';
import { median } from './util';

const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => res.end('ok'));
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;
const WATCHERS = 200;
const WATCH_SECONDS = 10;
const RESOLUTION_MS = 10;

async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { port: Number(line), stop: () => child.kill() };
}

/** One GET on a fresh connection with Node's own client, body read. */
function bareRequest(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve());
    });
    req.once('error', reject);
  });
}

function bareConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

interface Pair {
  name: string;
  baseline: string;
  run(): Promise<unknown>;
  bare(): Promise<unknown>;
}

/**
 * Each sample is one probe and one bare call back to back, in alternating order, so that drift over
 * the run (TIME_WAIT sockets, GC, JIT) hits both sides alike; medians keep other processes' noise
 * out. A warm-up period is not counted.
 */
async function overhead(port: number): Promise<void> {
  const pairs: Pair[] = [
    {
      name: 'httpGet probe',
      baseline: 'bare node:http request (fresh connection)',
      run: () => runHandler({ httpGet: { port, path: '/healthz' } }, {}, {}, { site: 'livenessProbe' }),
      bare: () => bareRequest(port),
    },
    {
      name: 'tcpSocket probe',
      baseline: 'bare net.connect',
      run: () => runHandler({ tcpSocket: { port } }, {}, {}, { site: 'livenessProbe' }),
      bare: () => bareConnect(port),
    },
  ];
  console.log('Overhead per probe (same server, same run; median of interleaved samples)');
  for (const pair of pairs) {
    const times = { run: [] as number[], bare: [] as number[] };
    const warmupEnd = performance.now() + 300;
    const end = warmupEnd + 2500;
    for (let flip = false; performance.now() < end; flip = !flip) {
      const counted = performance.now() >= warmupEnd;
      for (const side of flip ? (['run', 'bare'] as const) : (['bare', 'run'] as const)) {
        const t = performance.now();
        await pair[side]();
        if (counted) times[side].push(performance.now() - t);
      }
    }
    const run = median(times.run);
    const bare = median(times.bare);
    console.log(`  ${pair.name.padEnd(16)} ${run.toFixed(3)} ms   ${pair.baseline} ${bare.toFixed(3)} ms   ratio ${(run / bare).toFixed(2)}×   (goal ≤ 1.2×, ${times.run.length} samples)`);
  }
}

async function lag(seconds: number, work: (signal: AbortSignal) => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // shared by every watcher
  const timer = setTimeout(() => stop.abort(), seconds * 1000);
  h.enable();
  await work(stop.signal);
  h.disable();
  clearTimeout(timer);
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS); // the histogram counts the sampling timer's own interval
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

async function watchLag(port: number): Promise<void> {
  const idle = await lag(2, (signal) => new Promise((resolve) => signal.addEventListener('abort', resolve)));
  let attempts = 0;
  // Workers start spread over the first period, as pods admitted at different times would be.
  const busy = await lag(WATCH_SECONDS, (signal) =>
    Promise.all(
      Array.from({ length: WATCHERS }, (_, i) =>
        new Promise((resolve) => setTimeout(resolve, (i * 1000) / WATCHERS)).then(() =>
          watchProbe({ httpGet: { port, path: '/healthz' }, periodSeconds: 1 }, {}, {}, {
            site: 'readinessProbe',
            signal,
            onEvent: (e) => void (e.type === 'attempt' && attempts++),
          }),
        ),
      ),
    ),
  );
  const fmt = (l: { p50: number; p99: number; max: number }) => `p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;
  console.log(`Event-loop lag (monitorEventLoopDelay: delay beyond its ${RESOLUTION_MS} ms sampling timer)`);
  console.log(`  idle baseline                       ${fmt(idle)}`);
  console.log(`  ${WATCHERS} watch workers, 1 s period, ${WATCH_SECONDS} s ${fmt(busy)}   (goal p99 < 20 ms)`);
  console.log(`  probe attempts: ${attempts} (≈ ${(attempts / WATCH_SECONDS).toFixed(0)}/s)`);
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    await overhead(server.port);
    await watchLag(server.port);
  } finally {
    server.stop();
  }
}

void main();
