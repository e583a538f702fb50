// Which scenario file belongs to a manifest, so that "Simulate" opens the Pod Timeline on the app
// the manifest was written for instead of the default (healthy at once). The rules, in order
// (docs/pod-timeline.md, "Which scenario"):
//   1. a scenario named in a comment of the manifest: `# kube-probes-scenario: <path>`, or the
//      `--scenario <path>` of a `kube-probes simulate` command line in a comment;
//   2. `<name>.scenario.yaml` next to the manifest `<name>.yaml`;
//   3. `scenarios/<name>.yaml` in the manifest's folder or a folder above it.
// A relative path of rule 1 is tried against the manifest's folder and then each folder above it
// (a command line in a comment is usually run from a parent folder), never above `root`.
// Pure: the caller says which files exist and reads the one chosen.
import * as path from 'node:path';

export interface ScenarioCandidate {
  /** Absolute path. */
  path: string;
  /** Why it matches, in words for the panel ("named in a comment of the manifest"). */
  why: string;
}

const MARKER = /#.*?\bkube-probes-scenario:\s*(\S+)/;
const FLAG = /#.*\bkube-probes\s+simulate\b.*?--scenario(?:=|\s+)(\S+)/;

/** The scenario paths named in the manifest's comments, in order of appearance. */
export function namedInComments(manifestText: string): string[] {
  const out: string[] = [];
  // Comments are at most a few lines at the top of a document; a 20 MB file is not read to its end.
  for (const line of manifestText.slice(0, 200_000).split('\n')) {
    if (!line.includes('#')) continue;
    const m = MARKER.exec(line) ?? FLAG.exec(line);
    const p = m?.[1]?.replace(/^["']|["']$/g, '');
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** The manifest's folder and each folder above it, up to and including root (or the filesystem root). */
function foldersUp(dir: string, root: string | undefined): string[] {
  const out: string[] = [];
  const stop = root ? path.resolve(root) : undefined;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    out.push(d);
    if (d === stop || path.dirname(d) === d) break;
    if (stop && !isInside(d, stop)) break;
  }
  return out;
}

function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Every file that would match, most specific first (duplicates removed). */
export function scenarioCandidates(manifestText: string, manifestPath: string, root?: string): ScenarioCandidate[] {
  const dir = path.dirname(manifestPath);
  const name = path.basename(manifestPath).replace(/\.(ya?ml|json)$/i, '');
  const ups = foldersUp(dir, root);
  const out: ScenarioCandidate[] = [];
  const add = (p: string, why: string) => {
    if (!out.some((c) => c.path === p) && (!root || isInside(p, path.resolve(root)))) out.push({ path: p, why });
  };
  for (const named of namedInComments(manifestText)) {
    if (path.isAbsolute(named)) add(path.normalize(named), 'named in a comment of the manifest');
    else for (const d of ups) add(path.resolve(d, named), 'named in a comment of the manifest');
  }
  for (const ext of ['yaml', 'yml']) add(path.join(dir, `${name}.scenario.${ext}`), `next to the manifest, named after it`);
  for (const d of ups) for (const ext of ['yaml', 'yml']) add(path.join(d, 'scenarios', `${name}.${ext}`), `in a scenarios/ folder, named after the manifest`);
  return out;
}

/** The first candidate that exists. */
export async function findScenarioFile(
  manifestText: string,
  manifestPath: string,
  root: string | undefined,
  exists: (p: string) => Promise<boolean>,
): Promise<ScenarioCandidate | undefined> {
  for (const c of scenarioCandidates(manifestText, manifestPath, root)) if (await exists(c.path)) return c;
  return undefined;
}
