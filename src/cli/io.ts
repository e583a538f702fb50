// Output sinks for the CLI subcommands, so tests can capture them without spawning a process.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (for the '-' path). */
  readStdin(): Promise<string>;
  /** Current working directory for relative paths. */
  cwd: string;
}

let io: (CliIO & { flush(): Promise<void> }) | undefined;
export function processIO(): CliIO & { flush(): Promise<void> } {
  if (io) return io;
  // A reader that goes away (`kube-probes lint --format json | head`) is no error of ours: the rest of
  // the output is dropped and the command still ends with its own exit code, without a stack trace.
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  io = {
    stdout: (t) => void (closed || process.stdout.write(t)),
    stderr: (t) => void process.stderr.write(t),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    cwd: process.cwd(),
    flush: () =>
      new Promise<void>((resolve) => {
        // Wait for stdout to drain so piped output is complete before process.exit().
        if (closed || process.stdout.writableLength === 0) resolve();
        else {
          process.stdout.once('drain', () => resolve());
          process.stdout.once('error', () => resolve());
        }
      }),
  };
  return io;
}

/** A captured IO for tests. */
export function memoryIO(cwd = process.cwd(), stdin = ''): CliIO & { out: string; err: string } {
  const m = {
    out: '',
    err: '',
    stdout(t: string) { m.out += t; },
    stderr(t: string) { m.err += t; },
    readStdin: async () => stdin,
    cwd,
  };
  return m;
}
