// Where the tests that read the reference data kept beside the repository (the shared evaluation
// corpus and the rule catalog, in ../shared) find it, and what they do when it is absent.
// A user's plain clone has no ../shared: those tests are skipped with a reason that names the
// missing path (visible in the test report as "# SKIP …" and on stderr), never passed silently.
// CI keeps ../shared beside its clone, so under CI=true missing data is a failure, not a skip.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
/**
 * The folder beside the repository that holds the corpus and the catalog; KUBE_PROBES_SHARED names
 * another place (e.g. for a git worktree that does not sit beside it).
 */
export const SHARED = process.env.KUBE_PROBES_SHARED ? resolve(process.env.KUBE_PROBES_SHARED) : resolve(REPO, '..', 'shared');

/** true when the CI environment variable says so (CI=true / CI=1, as CI services set it). */
export function underCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(true|1|yes)$/i.test(env.CI ?? '');
}

/**
 * The `skip` option for a test that needs `path`: false when the data is there or under CI (the test
 * then runs and fails on the missing file), else the reason the test is skipped.
 */
export function needsReferenceData(path: string, what: string, env: NodeJS.ProcessEnv = process.env): false | string {
  if (existsSync(path)) return false;
  if (underCI(env)) return false;
  const reason = `SKIPPED: ${what} not found at ${path} (reference data kept beside the repository, not in it; CI=true makes this a failure)`;
  process.stderr.write(`\n*** ${reason}\n`);
  return reason;
}

/** First line of a test that needs `path`: under CI a missing path fails here, with its name. */
export function assertReferenceData(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}; CI=true requires the reference data beside the repository`);
}
