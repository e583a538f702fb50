#!/usr/bin/env node
// The Kubernetes Probes demo app: something real for probes to talk to. It serves liveness,
// readiness and startup endpoints over HTTP, a plain TCP port and grpc.health.v1, and can be made
// slow, failing or hung — at start with flags, or at run time through POST /admin/mode.
// Plain ESM JavaScript so that it runs without a build: `node examples/demo-app/server.mjs --help`.
import http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';

const USAGE = `usage: node demo-app/server.mjs [options]

Every option can also be given as an environment variable: --start-delay 40 is DEMO_START_DELAY=40,
--hang is DEMO_HANG=1. Flags win over the environment.

  --host ADDR           address to bind (default 127.0.0.1; 0.0.0.0 inside a container)
  --http-port N         HTTP port (default 8080; 0 = any free port)
  --tcp-port N          TCP port (default 9000; 0 = any free port)
  --grpc-port N         gRPC port (default 9090; 0 = any free port)
  --start-delay S       probes fail (HTTP 503, gRPC NOT_SERVING) and the TCP port refuses
                        connections for the first S seconds
  --fail-after S        from S seconds on, the probe endpoints fail (the TCP port stays open)
  --hang-after S        from S seconds on, the probe endpoints never answer (the TCP port stays open)
  --hang                the same as --hang-after 0
  --slow MS             a healthy probe endpoint answers after MS milliseconds
  --flaky N             while running, every N-th answer of each HTTP probe endpoint is a 503:
                        a flaky but healthy app (for measuring and tuning failureThreshold)
  --exit-after S        the process exits S seconds after start, with --exit-code (default 1)
  --exit-code C
  --replace             when a port is held by another demo app (e.g. the one \`npm start\` runs, or
                        an earlier task), ask it to stop (POST /admin/stop) and take its ports
  -h, --help

Admin API (also as buttons on the status page, GET /):
  GET  /admin/mode      the current state as JSON
  POST /admin/mode?liveness=fail&readiness=slow:3000&grpc=NOT_SERVING
       checks: liveness (/healthz), readiness (/ready), startup (/startup), tcp,
               grpc (service ""), grpc.demo (service "demo")
       values: ok | fail | hang | slow:MS | auto   (tcp: ok | fail | auto; grpc also SERVING |
               NOT_SERVING). auto drops the override and goes back to what the flags say.
  POST /admin/stop      stops the app, as SIGTERM does (only from this machine: a loopback client)`;

/** The flags (for util.parseArgs) and their defaults; each also reads DEMO_<NAME> from the environment. */
const OPTIONS = {
  host: { type: 'string' },
  'http-port': { type: 'string' },
  'tcp-port': { type: 'string' },
  'grpc-port': { type: 'string' },
  'start-delay': { type: 'string' },
  'fail-after': { type: 'string' },
  'hang-after': { type: 'string' },
  hang: { type: 'boolean' },
  slow: { type: 'string' },
  flaky: { type: 'string' },
  'exit-after': { type: 'string' },
  'exit-code': { type: 'string' },
  replace: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
const DEFAULTS = {
  host: '127.0.0.1',
  'http-port': '8080',
  'tcp-port': '9000',
  'grpc-port': '9090',
  'start-delay': '0',
  slow: '0',
  'exit-code': '1',
};

/** The endpoint behind each check, and the gRPC health service name of the gRPC checks. */
const PROBE_PATHS = { '/healthz': 'liveness', '/ready': 'readiness', '/startup': 'startup' };
const GRPC_SERVICES = { '': 'grpc', demo: 'grpc.demo' };
const CHECKS = ['liveness', 'readiness', 'startup', 'tcp', 'grpc', 'grpc.demo'];
/** Where /redirect-external points: another loopback address, so a probe that follows it stays local. */
const EXTERNAL_HOST = '127.0.0.2';
/** How long in-flight requests may take after SIGTERM before their connections are closed. */
const SHUTDOWN_GRACE_MS = 2000;

/** The Server header of every HTTP answer: how a demo app started with --replace knows the holder of its port. */
const SERVER_NAME = 'kube-probes-demo-app';

class UsageError extends Error {}

const startedAt = Date.now();
const uptime = () => (Date.now() - startedAt) / 1000;
const log = (message) => console.log(`[${uptime().toFixed(1).padStart(7)}s] ${message}`);

// ---------------------------------------------------------------------------------------------
// Options

function readOptions(argv, env) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true }));
  } catch (err) {
    if (err.code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message);
    throw err;
  }
  const raw = (name) => values[name] ?? env[`DEMO_${name.toUpperCase().replaceAll('-', '_')}`] ?? DEFAULTS[name];
  const number = (name, { min, max, integer }) => {
    const text = raw(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new UsageError(`--${name} ${text}: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return n;
  };
  const port = (name) => number(name, { min: 0, max: 65535, integer: true });
  const seconds = (name) => number(name, { min: 0, max: 1e6 });
  const hang = values.hang || ['1', 'true'].includes(env.DEMO_HANG);
  return {
    help: values.help ?? false,
    host: raw('host'),
    httpPort: port('http-port'),
    tcpPort: port('tcp-port'),
    grpcPort: port('grpc-port'),
    startDelay: seconds('start-delay'),
    failAfter: seconds('fail-after'),
    hangAfter: hang ? 0 : seconds('hang-after'),
    slowMs: number('slow', { min: 0, max: 600000, integer: true }),
    flakyEvery: number('flaky', { min: 0, max: 1e6, integer: true }) ?? 0,
    exitAfter: seconds('exit-after'),
    exitCode: number('exit-code', { min: 0, max: 255, integer: true }),
    replace: values.replace || ['1', 'true'].includes(env.DEMO_REPLACE),
  };
}

/** ok | fail | hang | slow:MS, or auto (no override). SERVING / NOT_SERVING read as ok / fail. */
function parseMode(check, value) {
  const mode = { SERVING: 'ok', NOT_SERVING: 'fail' }[value] ?? value;
  if (['auto', 'ok', 'fail'].includes(mode)) return mode;
  if (check !== 'tcp' && (mode === 'hang' || /^slow:\d{1,6}$/.test(mode))) return mode;
  const allowed = check === 'tcp' ? 'ok|fail|auto' : 'ok|fail|hang|slow:MS|auto';
  throw new UsageError(`${check}=${value}: expected ${allowed}`);
}

// ---------------------------------------------------------------------------------------------
// Behaviour: the app's phase (driven by the flags and the clock) and the admin overrides

/** Phases only move forward: starting → running → failing → hung. */
const PHASES = ['starting', 'running', 'failing', 'hung'];

function createBehaviour(opts, onChange) {
  const overrides = new Map();
  const answered = new Map();
  let phase = 'starting';
  const advance = (to) => {
    if (PHASES.indexOf(to) <= PHASES.indexOf(phase)) return;
    phase = to;
    log(`phase: ${to}`);
    onChange();
  };
  // In phase order, so that of several phases due at 0 s the last one wins.
  const phaseStarts = [[opts.startDelay, 'running'], [opts.failAfter, 'failing'], [opts.hangAfter, 'hung']];
  for (const [seconds, to] of phaseStarts) if (seconds === 0) phase = to;

  const phaseMode = (check) => {
    switch (phase) {
      case 'starting':
        return 'fail';
      case 'running':
        return check !== 'tcp' && opts.slowMs > 0 ? `slow:${opts.slowMs}` : 'ok';
      case 'failing':
        return check === 'tcp' ? 'ok' : 'fail';
      case 'hung':
        return check === 'tcp' ? 'ok' : 'hang';
    }
  };
  const phaseReason = () => {
    switch (phase) {
      case 'starting':
        return `starting, --start-delay ${opts.startDelay}s, ${Math.max(0, opts.startDelay - uptime()).toFixed(1)}s to go`;
      case 'running':
        return 'running';
      case 'failing':
        return `--fail-after ${opts.failAfter}s`;
      case 'hung':
        return opts.hangAfter ? `--hang-after ${opts.hangAfter}s` : '--hang';
    }
  };

  return {
    /** Schedules the later phases, counting from the start of the process; call once listening. */
    start() {
      for (const [seconds, to] of phaseStarts) {
        if (seconds) setTimeout(() => advance(to), Math.max(0, seconds - uptime()) * 1000).unref();
      }
    },
    /** The check's current mode and why: an admin override, else the phase. */
    modeOf(check) {
      const override = overrides.get(check);
      return override ? { mode: override, reason: 'admin override' } : { mode: phaseMode(check), reason: phaseReason() };
    },
    /**
     * The mode for one answer of a probe endpoint: modeOf, except that with --flaky N every N-th
     * healthy answer of each check fails (counted per check, only while running without override).
     */
    answerMode(check) {
      const m = this.modeOf(check);
      if (!opts.flakyEvery || phase !== 'running' || overrides.has(check) || m.mode === 'fail' || m.mode === 'hang') return m;
      const n = (answered.get(check) ?? 0) + 1;
      answered.set(check, n);
      return n % opts.flakyEvery === 0 ? { mode: 'fail', reason: `--flaky ${opts.flakyEvery}: answer ${n}` } : m;
    },
    /** Applies `check=value` pairs; all are validated before any is applied. */
    override(pairs) {
      const changes = pairs.map(([check, value]) => {
        if (!CHECKS.includes(check)) throw new UsageError(`unknown check '${check}'; expected one of ${CHECKS.join(', ')}`);
        return [check, parseMode(check, value)];
      });
      for (const [check, mode] of changes) {
        if (mode === 'auto') overrides.delete(check);
        else overrides.set(check, mode);
      }
      if (changes.length) onChange();
    },
    state() {
      const checks = Object.fromEntries(CHECKS.map((c) => [c, this.modeOf(c).mode]));
      return { phase, reason: phaseReason(), uptimeSeconds: Number(uptime().toFixed(1)), checks, overrides: Object.fromEntries(overrides) };
    },
  };
}

/** Runs the branch of `on` that the mode calls for; slow:MS delays the ok branch. */
function behave(mode, on) {
  if (mode === 'hang') return on.hang();
  if (mode === 'fail') return on.fail();
  const delayMs = mode.startsWith('slow:') ? Number(mode.slice('slow:'.length)) : 0;
  if (delayMs > 0) setTimeout(on.ok, delayMs).unref();
  else on.ok();
}

// ---------------------------------------------------------------------------------------------
// Servers

const hostForUrl = (host) => (host.includes(':') ? `[${host}]` : host);

function createHttpServer(app) {
  const send = (req, res, status, body, headers = {}) => {
    log(`HTTP ${req.method} ${req.url} → ${status}  (${req.headers['user-agent'] ?? 'no user-agent'})`);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', server: SERVER_NAME, ...headers });
    res.end(body);
  };

  const answerProbe = (req, res, check) => {
    const { mode, reason } = app.behaviour.answerMode(check);
    behave(mode, {
      ok: () => send(req, res, 200, `${check}: ok\n`),
      fail: () => send(req, res, 503, `${check}: failing (${reason})\n`),
      hang: () => log(`HTTP ${req.method} ${req.url} → no answer (${check}: hang, ${reason})`),
    });
  };

  const admin = (req, res, params) => {
    if (req.method === 'POST') {
      try {
        app.behaviour.override([...params]);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        return send(req, res, 400, `${err.message}\n`);
      }
      if (params.size) log(`admin: ${params}`);
    } else if (req.method !== 'GET') {
      return send(req, res, 405, 'use GET or POST\n', { allow: 'GET, POST' });
    }
    send(req, res, 200, `${JSON.stringify(app.behaviour.state(), null, 2)}\n`, { 'content-type': 'application/json' });
  };

  // Another demo app started with --replace asks this one to make room. Only a client on this
  // machine may: the app binds 0.0.0.0 in a container, and stopping it is not for the network.
  const stopOnRequest = (req, res) => {
    if (req.method !== 'POST') return send(req, res, 405, 'use POST\n', { allow: 'POST' });
    const from = req.socket.remoteAddress ?? '';
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(from)) return send(req, res, 403, 'only a client on this machine may stop the app\n');
    send(req, res, 202, `stopping (pid ${process.pid})\n`);
    setImmediate(() => app.stop('POST /admin/stop'));
  };

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo-app');
    const path = url.pathname;
    const statusCode = /^\/status\/(\d{3})$/.exec(path)?.[1];
    if (Object.hasOwn(PROBE_PATHS, path)) answerProbe(req, res, PROBE_PATHS[path]);
    else if (path === '/') send(req, res, 200, statusPage(app), { 'content-type': 'text/html; charset=utf-8' });
    else if (path === '/admin/mode') admin(req, res, url.searchParams);
    else if (path === '/admin/stop') stopOnRequest(req, res);
    else if (path === '/redirect') send(req, res, 302, 'see /healthz\n', { location: '/healthz' });
    else if (path === '/redirect-external') {
      const location = `http://${EXTERNAL_HOST}:${app.ports.http}/healthz`;
      send(req, res, 302, `see ${location}\n`, { location });
    } else if (statusCode && Number(statusCode) >= 200 && Number(statusCode) <= 599) {
      send(req, res, Number(statusCode), `status ${statusCode}\n`);
    } else send(req, res, 404, 'not found; GET / lists the endpoints\n');
  });
}

function statusPage(app) {
  const { phase, reason, uptimeSeconds, checks, overrides } = app.behaviour.state();
  const endpoint = {
    liveness: '/healthz',
    readiness: '/ready',
    startup: '/startup',
    tcp: `TCP :${app.ports.tcp}`,
    grpc: 'gRPC service ""',
    'grpc.demo': 'gRPC service "demo"',
  };
  const rows = CHECKS.map((check) => {
    const values = check === 'tcp' ? ['ok', 'fail', 'auto'] : ['ok', 'fail', 'hang', 'slow:3000', 'auto'];
    const buttons = values.map((v) => `<button data-set="${check}=${v}">${v}</button>`).join(' ');
    const source = check in overrides ? 'admin' : 'flags';
    const mode = checks[check];
    return `<tr><td>${check}</td><td><code>${endpoint[check]}</code></td><td class="${mode.split(':')[0]}">${mode}</td>` +
      `<td>${source}</td><td>${buttons}</td></tr>`;
  }).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>demo app: ${phase}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}
.ok{color:#080}.slow{color:#a60}.fail,.hang{color:#c00;font-weight:bold}</style></head>
<body><h1>Kubernetes Probes demo app</h1>
<p>Phase <b>${phase}</b> (${reason}), up ${uptimeSeconds} s. HTTP :${app.ports.http}, TCP :${app.ports.tcp}, gRPC :${app.ports.grpc}.</p>
<table><tr><th>check</th><th>endpoint</th><th>mode</th><th>set by</th><th>set to</th></tr>
${rows}
</table>
<p>Also: <a href="/redirect">/redirect</a>, <a href="/redirect-external">/redirect-external</a>,
<a href="/status/500">/status/500</a>, <a href="/admin/mode">/admin/mode</a> (JSON).</p>
<script>document.addEventListener('click', async (e) => {
  const set = e.target.dataset && e.target.dataset.set;
  if (!set) return;
  await fetch('/admin/mode?' + set, { method: 'POST' });
  location.reload();
});</script></body></html>
`;
}

function createTcpServer() {
  return net.createServer((socket) => {
    log(`TCP connection from ${socket.remoteAddress}:${socket.remotePort}`);
    // Probers close at once, often with a reset (the kubelet sets SO_LINGER 0): not an app error.
    socket.on('error', () => socket.destroy());
    socket.end('demo-app\n');
  });
}

function createGrpcServer(app) {
  const server = new GrpcServer();
  // The library keeps the statuses and implements Watch and List; Check is wrapped so that the
  // hang and slow:MS modes can swallow or delay its answer.
  app.health.addToServer({
    addService: (definition, handlers) =>
      server.addService(definition, {
        ...handlers,
        check: (call, callback) => {
          const service = call.request.service;
          const answer = () =>
            handlers.check(call, (err, response) => {
              log(`gRPC Check service="${service}" → ${err ? `error: ${err.details}` : response.status}`);
              callback(err, response);
            });
          if (!Object.hasOwn(GRPC_SERVICES, service)) return answer();
          const check = GRPC_SERVICES[service];
          const { mode, reason } = app.behaviour.modeOf(check);
          behave(mode, {
            ok: answer,
            fail: answer,
            hang: () => log(`gRPC Check service="${service}" → no answer (${check}: hang, ${reason})`),
          });
        },
      }),
  });
  return server;
}

// ---------------------------------------------------------------------------------------------
// Start, mode changes, shutdown

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

function bindGrpc(server, port, host) {
  return new Promise((resolve, reject) => {
    const address = `${hostForUrl(host)}:${port}`;
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
}

/** Makes the TCP listener and the gRPC statuses follow the current modes. */
function applyModes(app) {
  const tcpWanted = app.behaviour.modeOf('tcp').mode !== 'fail';
  if (tcpWanted !== app.tcpOpen) {
    app.tcpOpen = tcpWanted;
    // listen() completes later; a close wanted in between is done once it has.
    if (tcpWanted) app.tcp.listen(app.ports.tcp, app.host, () => app.tcpOpen || app.tcp.close());
    else if (app.tcp.listening) app.tcp.close();
    log(`TCP :${app.ports.tcp} ${tcpWanted ? 'listening' : 'closed (connections are refused)'}`);
  }
  for (const [service, check] of Object.entries(GRPC_SERVICES)) {
    const { mode } = app.behaviour.modeOf(check);
    // A hung app publishes nothing new: Watch streams keep the last status.
    if (mode !== 'hang') app.health.setStatus(service, mode === 'fail' ? 'NOT_SERVING' : 'SERVING');
  }
}

function printBanner(app, opts) {
  const h = hostForUrl(app.host);
  const plan = [
    opts.startDelay > 0 && `probes fail for the first ${opts.startDelay} s (--start-delay)`,
    opts.failAfter !== undefined && `probes fail from ${opts.failAfter} s on (--fail-after)`,
    opts.hangAfter !== undefined && (opts.hangAfter ? `probes hang from ${opts.hangAfter} s on (--hang-after)` : 'probes hang (--hang)'),
    opts.slowMs > 0 && `healthy answers take ${opts.slowMs} ms (--slow)`,
    opts.exitAfter !== undefined && `exits with code ${opts.exitCode} after ${opts.exitAfter} s (--exit-after)`,
  ].filter(Boolean);
  console.log(`Kubernetes Probes demo app (pid ${process.pid})
  HTTP  http://${h}:${app.ports.http}/          status page with buttons
        /healthz (liveness)  /ready (readiness)  /startup (startup)
        /redirect → /healthz   /redirect-external → http://${EXTERNAL_HOST}:${app.ports.http}/healthz   /status/<code>
        GET|POST /admin/mode?liveness=fail|ok|hang|slow:MS|auto&readiness=…&startup=…&tcp=…&grpc=…&grpc.demo=…
  TCP   ${h}:${app.ports.tcp}
  gRPC  ${h}:${app.ports.grpc}   grpc.health.v1.Health, services "" and "demo"
  ${plan.length ? plan.join('\n  ') : 'healthy from the start'}; Ctrl-C or SIGTERM stops it`);
  console.log(JSON.stringify({ event: 'listening', pid: process.pid, host: app.host, ...app.ports }));
}

/** How long --replace waits for the old demo app to let go of its ports. */
const REPLACE_WAIT_MS = 5000;

/**
 * --replace: the HTTP port is in use. When its holder is a demo app (it answers with our Server
 * header), ask it to stop. True when it agreed.
 */
async function askHolderToStop(opts) {
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const base = `http://${hostForUrl(host)}:${opts.httpPort}`;
  try {
    const answer = await fetch(`${base}/admin/stop`, { method: 'POST', signal: AbortSignal.timeout(2000) });
    if (answer.headers.get('server') !== SERVER_NAME || answer.status !== 202) return false;
    log(`--replace: the demo app on ${base} says: ${(await answer.text()).trim()}`);
    return true;
  } catch {
    return false;
  }
}

/** Binds again every 100 ms while the old demo app lets go of its ports; undefined when it does not in time. */
async function retryBind(start) {
  const until = Date.now() + REPLACE_WAIT_MS;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      return await start();
    } catch {
      // still held
    }
  }
  return undefined;
}

function shutdown(app, signal) {
  if (app.stopping) return;
  app.stopping = true;
  log(`${signal}: shutting down`);
  if (app.tcp.listening) app.tcp.close();
  const closing = [
    new Promise((resolve) => app.http.close(resolve)),
    new Promise((resolve) => app.grpc.tryShutdown(resolve)),
  ];
  app.http.closeIdleConnections();
  // Hung requests never finish on their own.
  setTimeout(() => {
    app.http.closeAllConnections();
    app.grpc.forceShutdown();
  }, SHUTDOWN_GRACE_MS).unref();
  Promise.all(closing).then(() => {
    log('stopped');
    process.exit(0);
  });
}

async function main() {
  let opts;
  try {
    opts = readOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`demo-app: ${err.message} (--help lists the options)`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const app = { host: opts.host, ports: {}, health: new HealthImplementation() };
  app.behaviour = createBehaviour(opts, () => applyModes(app));
  app.http = createHttpServer(app);
  app.tcp = createTcpServer();
  app.grpc = createGrpcServer(app);
  app.stop = (why) => shutdown(app, why);
  let replacing = false;
  const bind = async (what, flag, port, start) => {
    try {
      return await start();
    } catch (err) {
      if (opts.replace && port !== 0) {
        // The HTTP port says who holds the ports; once a demo app was asked to stop, the other
        // ports are retried while it lets go of them (gRPC's bind error carries no code).
        if (what === 'HTTP' && err.code === 'EADDRINUSE') replacing = await askHolderToStop(opts);
        const bound = replacing ? await retryBind(start) : undefined;
        if (bound !== undefined) return bound;
      }
      const hint = err.code === 'EADDRINUSE' && !opts.replace ? ` (another demo app? --replace stops it and takes its ports)` : '';
      console.error(`demo-app: cannot listen for ${what} on ${opts.host}:${port}: ${err.message}${hint}; choose another port with ${flag}`);
      process.exit(1);
    }
  };
  app.ports.http = await bind('HTTP', '--http-port', opts.httpPort, () => listen(app.http, opts.httpPort, opts.host));
  app.ports.tcp = await bind('TCP', '--tcp-port', opts.tcpPort, () => listen(app.tcp, opts.tcpPort, opts.host));
  app.ports.grpc = await bind('gRPC', '--grpc-port', opts.grpcPort, () => bindGrpc(app.grpc, opts.grpcPort, opts.host));
  app.tcpOpen = true;
  app.tcp.on('error', (err) => log(`TCP :${app.ports.tcp}: ${err.message}`));
  applyModes(app);
  app.behaviour.start();
  printBanner(app, opts);

  if (opts.exitAfter !== undefined) {
    setTimeout(() => {
      log(`exiting with code ${opts.exitCode} (--exit-after ${opts.exitAfter})`);
      process.exit(opts.exitCode);
    }, Math.max(0, opts.exitAfter - uptime()) * 1000).unref();
  }
  process.once('SIGTERM', () => shutdown(app, 'SIGTERM'));
  process.once('SIGINT', () => shutdown(app, 'SIGINT'));
}

await main();
