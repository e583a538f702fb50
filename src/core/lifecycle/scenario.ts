// The scenario format (docs/semantics/pod-lifecycle.md, "Simulation: scenario and output"): what the app does each time it starts, parsed and validated
// with messages that name the key and its line. Pure TypeScript; no 'vscode'.
import { LineCounter, parseDocument, isMap } from 'yaml';
import type { ConditionStatus } from './types';
import { editDistance } from '../util/edit-distance';

export interface ScenarioRunInput {
  healthyAfter?: number;
  unhealthyAfter?: number;
  exitAfter?: number;
  exitCode?: number;
  oomKilled?: boolean;
  ignoresSigterm?: boolean;
  /** Our addition: how long the preStop hook takes (default: its sleep action / `sleep N` exec, else 0). */
  preStopSeconds?: number;
  /**
   * Our addition: how the postStart hook of this run goes. `seconds`: how long it runs (default: its
   * sleep action / a literal `sleep N` exec, else 0); `fails`: it returns an error (default false).
   */
  postStart?: ScenarioHookInput;
}

export interface ScenarioHookInput {
  seconds?: number;
  fails?: boolean;
}

export interface ScenarioContainerInput {
  pullSeconds?: number;
  pullFails?: boolean;
  runs?: ScenarioRunInput[];
}

export interface Scenario {
  /** Seconds of simulated time to play (default 600). */
  until: number;
  /** Seconds the pod stays unscheduled (default 0). */
  scheduleAfter: number;
  /** Our addition: the pod is deleted at this second (deletionTimestamp set, grace = the pod's). */
  deleteAfter?: number;
  /** Our addition: status of the conditions named by spec.readinessGates (absent = condition missing). */
  readinessGates: Record<string, ConditionStatus>;
  containers: Record<string, ScenarioContainerInput>;
  /** Spec-valid but probably unintended settings (simulated anyway; the CLI prints them on stderr). */
  warnings?: string[];
}

export const DEFAULT_UNTIL = 600;

/** The scenario used when none is given: every container is healthy at once and never exits. */
export function defaultScenario(): Scenario {
  return { until: DEFAULT_UNTIL, scheduleAfter: 0, readinessGates: {}, containers: {} };
}

export class ScenarioError extends Error {
  constructor(readonly problems: string[], source = 'scenario') {
    super(`${source}: ${problems.length === 1 ? problems[0] : '\n  ' + problems.join('\n  ')}`);
    this.name = 'ScenarioError';
  }
}

type Path = (string | number)[];

const TOP_KEYS = ['until', 'scheduleAfter', 'deleteAfter', 'readinessGates', 'containers'];
const CONTAINER_KEYS = ['pullSeconds', 'pullFails', 'runs'];
const RUN_KEYS = ['healthyAfter', 'unhealthyAfter', 'exitAfter', 'exitCode', 'oomKilled', 'ignoresSigterm', 'preStopSeconds', 'postStart'];
const HOOK_KEYS = ['seconds', 'fails'];
/** One simulated hour is cheap; a simulated year of 1 s probes is not. */
export const MAX_UNTIL = 24 * 3600;

function pathText(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function closest(word: string, choices: string[]): string | undefined {
  const lw = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of choices) {
    const d = editDistance(lw, c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}


class Checker {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  constructor(private readonly where: (path: Path) => string) {}

  problem(path: Path, msg: string): void {
    this.problems.push(`${this.where(path)}${pathText(path)}: ${msg}`);
  }

  warn(path: Path, msg: string): void {
    this.warnings.push(`${this.where(path)}${pathText(path)}: ${msg}`);
  }

  object(v: unknown, path: Path, keys: string[] | undefined): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.problem(path, `expected a mapping, got ${describe(v)}`);
      return undefined;
    }
    const o = v as Record<string, unknown>;
    if (keys) {
      for (const k of Object.keys(o)) {
        if (keys.includes(k)) continue;
        const near = closest(k, keys);
        this.problem([...path, k], `unknown key${near ? ` (did you mean ${near}?)` : ''}; expected one of ${keys.join(', ')}`);
      }
    }
    return o;
  }

  seconds(o: Record<string, unknown>, key: string, path: Path, opts: { max?: number; positive?: boolean } = {}): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.problem([...path, key], `expected a number of seconds, got ${describe(v)}`);
      return undefined;
    }
    if (v < 0 || (opts.positive && v === 0)) {
      this.problem([...path, key], `must be ${opts.positive ? 'greater than 0' : '0 or more'}, got ${v}`);
      return undefined;
    }
    if (opts.max !== undefined && v > opts.max) {
      this.problem([...path, key], `must be at most ${opts.max}, got ${v}`);
      return undefined;
    }
    return v;
  }

  integer(o: Record<string, unknown>, key: string, path: Path, min: number, max: number): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem([...path, key], `expected a whole number from ${min} to ${max}, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  bool(o: Record<string, unknown>, key: string, path: Path): boolean | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.problem([...path, key], `expected true or false, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function checkRun(c: Checker, v: unknown, path: Path): ScenarioRunInput {
  const o = c.object(v, path, RUN_KEYS) ?? {};
  const run: ScenarioRunInput = {};
  const set = <K extends keyof ScenarioRunInput>(k: K, x: ScenarioRunInput[K] | undefined) => { if (x !== undefined) run[k] = x; };
  set('healthyAfter', c.seconds(o, 'healthyAfter', path));
  set('unhealthyAfter', c.seconds(o, 'unhealthyAfter', path));
  set('exitAfter', c.seconds(o, 'exitAfter', path));
  set('exitCode', c.integer(o, 'exitCode', path, 0, 255));
  set('oomKilled', c.bool(o, 'oomKilled', path));
  set('ignoresSigterm', c.bool(o, 'ignoresSigterm', path));
  set('preStopSeconds', c.seconds(o, 'preStopSeconds', path));
  const hook = c.object(o.postStart, [...path, 'postStart'], HOOK_KEYS);
  if (hook) {
    const h: ScenarioHookInput = {};
    const seconds = c.seconds(hook, 'seconds', [...path, 'postStart']);
    if (seconds !== undefined) h.seconds = seconds;
    const fails = c.bool(hook, 'fails', [...path, 'postStart']);
    if (fails !== undefined) h.fails = fails;
    run.postStart = h;
  }
  // Both combinations are valid per the scenario format ("oomKilled: true: exit reason OOMKilled, exit
  // code 137"; an attempt succeeds when healthyAfter <= t < unhealthyAfter, so such an app is never
  // healthy). They are simulated as written, with a warning, not rejected.
  if (run.oomKilled && run.exitCode !== undefined && run.exitCode !== 137) {
    c.warn([...path, 'exitCode'], 'an OOM-killed process exits with 137; exitCode is ignored');
  }
  if (run.unhealthyAfter !== undefined && run.healthyAfter !== undefined && run.unhealthyAfter < run.healthyAfter) {
    c.warn([...path, 'unhealthyAfter'], `is before healthyAfter (${run.healthyAfter}), so the app is never healthy`);
  }
  return run;
}

function checkContainer(c: Checker, v: unknown, path: Path): ScenarioContainerInput {
  const o = c.object(v, path, CONTAINER_KEYS) ?? {};
  const out: ScenarioContainerInput = {};
  const pull = c.seconds(o, 'pullSeconds', path);
  if (pull !== undefined) out.pullSeconds = pull;
  const fails = c.bool(o, 'pullFails', path);
  if (fails !== undefined) out.pullFails = fails;
  const runs = o.runs;
  if (runs !== undefined && runs !== null) {
    if (!Array.isArray(runs)) c.problem([...path, 'runs'], `expected a list of runs, got ${describe(runs)}`);
    else if (runs.length === 0) c.problem([...path, 'runs'], 'needs at least one run (the last one repeats forever)');
    else out.runs = runs.map((r, i) => checkRun(c, r, [...path, 'runs', i]));
  }
  return out;
}

/** Validates a plain value (already parsed from YAML or JSON). Throws ScenarioError listing every problem. */
export function validateScenario(value: unknown, where: (path: Path) => string = () => '', source?: string): Scenario {
  const c = new Checker(where);
  const top = c.object(value, [], TOP_KEYS) ?? {};
  const scenario = defaultScenario();
  scenario.until = c.seconds(top, 'until', [], { max: MAX_UNTIL, positive: true }) ?? DEFAULT_UNTIL;
  scenario.scheduleAfter = c.seconds(top, 'scheduleAfter', []) ?? 0;
  const del = c.seconds(top, 'deleteAfter', []);
  if (del !== undefined) scenario.deleteAfter = del;
  const gates = c.object(top.readinessGates, ['readinessGates'], undefined);
  for (const [k, v] of Object.entries(gates ?? {})) {
    const s = typeof v === 'boolean' ? (v ? 'True' : 'False') : v;
    if (s === 'True' || s === 'False' || s === 'Unknown') scenario.readinessGates[k] = s;
    else c.problem(['readinessGates', k], `expected True, False or Unknown, got ${describe(v)}`);
  }
  const containers = c.object(top.containers, ['containers'], undefined);
  for (const [name, v] of Object.entries(containers ?? {})) {
    scenario.containers[name] = checkContainer(c, v, ['containers', name]);
  }
  if (c.problems.length) throw new ScenarioError(c.problems, source);
  if (c.warnings.length) scenario.warnings = c.warnings;
  return scenario;
}

/** Parses scenario YAML (or JSON) text. Throws ScenarioError with line numbers. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `line ${pos.line}, column ${pos.col}: ${e.message.split('\n')[0]}`;
      }),
      source,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ScenarioError(['expected a mapping with keys like until, scheduleAfter, containers'], source);
  }
  const where = (path: Path): string => {
    for (let p = path; p.length; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const { line } = lineCounter.linePos(node.range[0]);
        return `line ${line}: `;
      }
    }
    return '';
  };
  return validateScenario(doc.toJS() ?? {}, where, source);
}
