// Command-line parsing for every subcommand: one option table per command read by node:util
// parseArgs, one UsageError, one way to report it (message, then the usage when it helps, exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './io';

export class UsageError extends Error {
  constructor(message: string, readonly showUsage = false) {
    super(message);
  }
}

export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** Options of the commands that take a chart or overlay folder (lint, run, simulate). */
export const RENDER_OPTIONS = {
  values: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  release: { type: 'string' },
  namespace: { type: 'string' },
  helm: { type: 'string' },
  kubectl: { type: 'string' },
} as const satisfies OptionTable;

export const RENDER_USAGE = `chart and overlay folders (FILE or PATH holding Chart.yaml or kustomization.yaml):
  --values FILE ...          Helm values files, in order (the last one that sets a key wins)
  --set KEY=VALUE ...        Helm --set values
  --release NAME             Helm release name (default release-name)
  --namespace NS             Helm namespace
  --helm PATH                helm binary (default: helm on PATH)
  --kubectl PATH             kubectl binary for kustomize (default: kubectl on PATH)`;

/**
 * Parses `argv` against `options` (plus --help/-h). Unknown options, missing values and a value
 * given to a flag are UsageErrors with the usage shown. Positionals keep their order; '-' is one.
 * A single-valued option (not `multiple`) given twice with different values is a UsageError too
 * (one line, no usage): parseArgs alone would keep the last one silently, so `--probe livenessProbe
 * --probe readinessProbe` would run a probe the user may not have meant. The same value twice is
 * harmless and accepted; flags (booleans) may repeat.
 */
export function parseCommandLine<T extends OptionTable>(argv: string[], options: T) {
  const table: OptionTable = { ...options, help: { type: 'boolean', short: 'h' } };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: table, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(describeParseError(e as NodeJS.ErrnoException, argv), true);
  }
  const first = new Map<string, string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || t.value === undefined || table[t.name]?.multiple) continue;
    const seen = first.get(t.name);
    if (seen === undefined) first.set(t.name, t.value);
    else if (seen !== t.value) throw new UsageError(`option '--${t.name}' given twice ('${seen}', then '${t.value}'); it takes one value`);
  }
  return { values: parsed.values as ParsedValues<T> & { help?: boolean }, positionals: parsed.positionals };
}

type ParsedValues<T extends OptionTable> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : T[K] extends { multiple: true } ? string[] : string;
};

function describeParseError(e: NodeJS.ErrnoException, argv: string[]): string {
  const name = /'(-{1,2}[^' =<]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${name || argv.find((a) => a.startsWith('-') && a !== '-') || '?'}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument is ambiguous/.test(e.message)) return `option '${name}' needs a value (write ${name}=VALUE for a value starting with '-')`;
      if (/does not take an argument/.test(e.message)) return `option '${name}' takes no value`;
      return `option '${name}' needs a value`;
    default:
      return e.message.split('\n')[0];
  }
}

/** Writes a usage error the one way every command does; returns exit code 2. */
export function usageError(io: CliIO, command: string, e: UsageError, usage: string): number {
  io.stderr(`kube-probes ${command}: ${e.message}\n${e.showUsage ? `\n${usage}\n` : ''}`);
  return 2;
}

/** `--port-map CONTAINERPORT:LOCALPORT` entries (run, measure) → a port map; a usage error names a bad one. */
export function parsePortMap(entries: readonly string[] = []): Record<number, number> {
  const map: Record<number, number> = {};
  for (const value of entries) {
    const m = /^(\d+):(\d+)$/.exec(value);
    const [from, to] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!(from > 0 && from < 65536 && to > 0 && to < 65536)) throw new UsageError(`--port-map wants CONTAINERPORT:LOCALPORT (ports 1-65535), got '${value}'`, true);
    map[from] = to;
  }
  return map;
}
