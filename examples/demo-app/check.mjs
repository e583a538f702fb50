#!/usr/bin/env node
// Exec-probe helper, the kind of script an image ships for `exec` probes: asks the demo app's
// HTTP endpoint for one check and exits 0 when it answers 2xx, 1 otherwise (refused, 5xx, no
// answer within --timeout), 2 on a usage error. It prints one line, which becomes the probe's output.
//
//   node demo-app/check.mjs [liveness|readiness|startup] [--url http://127.0.0.1:8080] [--timeout 10]
//
// The default URL is http://127.0.0.1:$DEMO_HTTP_PORT (8080): the app in the same container or,
// for exec probes run locally from the editor, on this machine.
import { parseArgs } from 'node:util';

const PATHS = { liveness: '/healthz', readiness: '/ready', startup: '/startup' };

function usage(message) {
  console.error(`check: ${message}\nusage: node demo-app/check.mjs [${Object.keys(PATHS).join('|')}] [--url URL] [--timeout SECONDS]`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: `http://127.0.0.1:${process.env.DEMO_HTTP_PORT ?? 8080}` },
      timeout: { type: 'string', default: '10' },
    },
  });
} catch (err) {
  usage(err.message);
}
const [check = 'liveness', ...extra] = args.positionals;
const timeoutSeconds = Number(args.values.timeout);
if (!Object.hasOwn(PATHS, check) || extra.length) usage(`unexpected arguments: ${args.positionals.join(' ')}`);
if (!(timeoutSeconds > 0)) usage(`--timeout ${args.values.timeout}: expected a positive number of seconds`);

let url;
try {
  url = new URL(PATHS[check], args.values.url);
} catch {
  usage(`--url ${args.values.url}: not a URL`);
}
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000) });
  const body = (await res.text()).trim();
  console.log(`${url} → ${res.status} ${body}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  const reason = err.name === 'TimeoutError' ? `no answer within ${timeoutSeconds}s` : (err.cause?.code ?? err.message);
  console.log(`${url} → ${reason}`);
  process.exit(1);
}
