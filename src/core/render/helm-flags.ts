// Where a missing probe was turned off (docs/charts.md, "A probe turned off by a values flag"): a
// chart that renders a probe only `{{- if .Values.livenessProbe.enabled }}` reports the missing probe
// best at that flag. Candidates are the boolean values whose path names the probe's kind
// (`livenessProbe.enabled`, `metrics.livenessProbe.enabled`, `probes.liveness`); each is flipped in
// one more `helm template` run (a values file on stdin, after the user's, so `--set` still wins), and
// the one flag whose flip makes the probe appear in that container is where the finding goes.
import { parseAllDocuments } from 'yaml';
import type { ManifestDocument, PathSegment } from '../manifest/model';
import { nodeAt } from '../manifest/nav';
import { booleanLeaves, holderOf, sentinelValues, type ValueHit, type ValuesModel } from './helm-values';

/** At most this many flags are tried per kind of probe (one render each, shared by all containers). */
const MAX_FLAGS = 12;

interface Flag {
  path: PathSegment[];
  value: boolean;
}

type Objects = Array<Record<string, unknown>>;

export class ProbeFlags {
  /** Rendered objects with one flag flipped, by flag path (undefined: the render failed). */
  private renders = new Map<string, Promise<Objects | undefined>>();

  constructor(
    private readonly model: Promise<ValuesModel>,
    /** Renders the chart with one more values file (JSON text) after the user's; rejects on failure. */
    private readonly render: (values: string) => Promise<string>,
  ) {}

  /**
   * The values flag that brings back the probe at `p` (`[…, 'containers', i, 'livenessProbe']`) of
   * `doc`, absent from the render; undefined when none does, or more than one.
   */
  async locate(doc: ManifestDocument, p: readonly PathSegment[]): Promise<{ hit: ValueHit; path: PathSegment[] } | undefined> {
    const probe = p[p.length - 1];
    if (typeof probe !== 'string' || p.length < 3 || !doc.yaml || !doc.kind) return undefined;
    const containerName = nodeAt(doc.yaml, [...p.slice(0, -1), 'name'])?.toJSON?.() as unknown;
    if (typeof containerName !== 'string') return undefined;
    const word = probe.replace(/Probe$/, '').toLowerCase();
    const model = await this.model;
    const flags = booleanLeaves(model).filter((f) => f.path.some((s) => typeof s === 'string' && s.toLowerCase().includes(word)));
    if (!flags.length || flags.length > MAX_FLAGS) return undefined;
    const listPath = p.slice(0, -2);
    const meta = (doc.value as { metadata?: { name?: unknown; namespace?: unknown } } | undefined)?.metadata;
    const results = await Promise.all(
      flags.map(async (f) => {
        const objects = await this.flipped(model, f);
        const obj = objects?.find((o) => o.kind === doc.kind && sameMeta(o.metadata, meta));
        const list = obj && valueAt(obj, listPath);
        const c = Array.isArray(list) ? list.find((x) => x && typeof x === 'object' && (x as { name?: unknown }).name === containerName) : undefined;
        const got = c && (c as Record<string, unknown>)[probe];
        return got && typeof got === 'object' ? f : undefined;
      }),
    );
    const found = results.filter((f): f is Flag => !!f);
    if (found.length !== 1) return undefined;
    const hit = holderOf(model, found[0].path);
    return hit ? { hit, path: found[0].path } : undefined;
  }

  private flipped(model: ValuesModel, f: Flag): Promise<Objects | undefined> {
    const key = JSON.stringify(f.path);
    let r = this.renders.get(key);
    if (!r) {
      const values = JSON.stringify(sentinelValues(model, [{ path: f.path, value: !f.value }]));
      r = this.render(values).then(
        (text) => {
          const out: Objects = [];
          for (const d of parseAllDocuments(text)) {
            if ('errors' in d && d.errors.length) continue;
            const v = d.toJS({ maxAliasCount: 100 }) as unknown;
            if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
          }
          return out;
        },
        () => undefined, // a flag the chart refuses flipped (`fail`, a schema) is not the one
      );
      this.renders.set(key, r);
    }
    return r;
  }
}

function sameMeta(a: unknown, b: { name?: unknown; namespace?: unknown } | undefined): boolean {
  const m = (a ?? {}) as { name?: unknown; namespace?: unknown };
  return m.name === b?.name && (m.namespace ?? undefined) === (b?.namespace ?? undefined);
}

function valueAt(v: unknown, p: readonly PathSegment[]): unknown {
  let cur = v;
  for (const s of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}
