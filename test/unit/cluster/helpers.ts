// Shared helpers of the cluster tests: temp dirs, the stand-ins' paths, child-process counting.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, get as httpGet, type Server } from 'node:http';

export const FIXTURES = resolve(__dirname, '../../fixtures/cluster');
/** STAND-IN kubectl (port-forward / exec), a node script. */
export const STAND_IN_KUBECTL = join(FIXTURES, 'stand-in-kubectl');
/** STAND-IN docker CLI, a node script. */
export const STAND_IN_DOCKER = join(FIXTURES, 'stand-in-docker');
/** The real kubectl of this machine. */
export const REAL_KUBECTL = '/usr/bin/kubectl';

// A checkout may lose the executable bit; the stand-ins must be runnable.
for (const f of [STAND_IN_KUBECTL, STAND_IN_DOCKER]) chmodSync(f, 0o755);

export function tempDir(prefix = 'kp-cluster-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment for kubectl children: its discovery cache in a temp dir, never the user's. */
export function kubectlEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECACHEDIR: join(dir, 'kube-cache'), ...extra };
  delete env.KUBECONFIG;
  return { ...env, ...extra };
}

/**
 * PIDs of all descendants of this process, from /proc (Linux). The esbuild service that tsx
 * starts to compile TypeScript on a cold cache is not ours and is left out.
 */
export function descendantPids(root = process.pid): number[] {
  const parentOf = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …  — comm may contain spaces and parentheses: split after the last ')'.
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(after[1]));
      comm.set(Number(name), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, ppid] of parentOf) {
      if (ppid === p && comm.get(pid) !== 'esbuild') {
        out.push(pid);
        walk(pid);
      }
    }
  };
  walk(root);
  return out;
}

/** Waits until cond() is true (polling), or fails after timeoutMs. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A real HTTP server on 127.0.0.1 that answers with its name and the request's Host header. */
export async function nameServer(name: string): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('connection', 'close');
    res.end(JSON.stringify({ name, host: req.headers.host, path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** GET http://127.0.0.1:<port><path> (no keep-alive), JSON body. */
export function get(port: number, path = '/', headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path, agent: false, headers, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

/** Command lines of the descendants (for assertion messages). */
export function describeDescendants(): string {
  return descendantPids()
    .map((pid) => {
      try {
        return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')}`;
      } catch {
        return `${pid}: ?`;
      }
    })
    .join('\n');
}
