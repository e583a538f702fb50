// Which scenario file belongs to a manifest (src/core/timeline/scenario-file.ts): on a throw-away
// folder tree with real files, and on the examples/ of this repository.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findScenarioFile, namedInComments, scenarioCandidates } from '../../../src/core/timeline/scenario-file';

const ROOT = resolve(__dirname, '../../..');
const exists = async (p: string) => existsSync(p);
const tmp = mkdtempSync(join(tmpdir(), 'kp-scenario-file-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text = 'until: 60\n'): string {
  const p = join(tmp, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

test('comments that name a scenario: the marker and the --scenario of a kube-probes simulate line', () => {
  const text = [
    '# Run: kube-probes simulate deploy/web.yaml --scenario scenarios/slow.yaml --until 300',
    '# kube-probes-scenario: "other.yaml"',
    '# kube-probes simulate x.yaml --scenario=third.yaml',
    'apiVersion: apps/v1 # --scenario not-a-command.yaml',
    'kind: Deployment',
    '# kube-probes-scenario: scenarios/slow.yaml',
  ].join('\n');
  assert.deepEqual(namedInComments(text), ['scenarios/slow.yaml', 'other.yaml', 'third.yaml']);
  assert.deepEqual(namedInComments('kind: Pod\nmetadata: {name: "kube-probes-scenario: x"}\n'), [], 'not in a comment');
});

test('rule order: named in a comment, then <name>.scenario.yaml beside it, then scenarios/<name>.yaml upwards', async () => {
  const manifest = write('repo/deploy/web/app.yaml', 'kind: Pod\n');
  const root = join(tmp, 'repo');
  assert.equal(await findScenarioFile('kind: Pod\n', manifest, root, exists), undefined, 'nothing yet');
  const up = write('repo/scenarios/app.yaml');
  assert.deepEqual(await findScenarioFile('kind: Pod\n', manifest, root, exists), { path: up, why: 'in a scenarios/ folder, named after the manifest' });
  const near = write('repo/deploy/web/scenarios/app.yml');
  assert.equal((await findScenarioFile('kind: Pod\n', manifest, root, exists))!.path, near, 'the nearest scenarios/ folder wins');
  const beside = write('repo/deploy/web/app.scenario.yaml');
  assert.equal((await findScenarioFile('kind: Pod\n', manifest, root, exists))!.path, beside);
  const named = write('repo/stories/slow.yaml');
  const text = '# kube-probes simulate deploy/web/app.yaml --scenario stories/slow.yaml\nkind: Pod\n';
  assert.deepEqual(await findScenarioFile(text, manifest, root, exists), { path: named, why: 'named in a comment of the manifest' });
});

test('never above the workspace folder', async () => {
  write('outside/scenarios/svc.yaml');
  const manifest = write('outside/ws/svc.yaml', 'kind: Pod\n');
  assert.equal(await findScenarioFile('kind: Pod\n', manifest, join(tmp, 'outside/ws'), exists), undefined);
  assert.ok(scenarioCandidates('# kube-probes-scenario: ../../x.yaml\n', manifest, join(tmp, 'outside/ws')).every((c) => c.path.startsWith(join(tmp, 'outside/ws'))));
  assert.ok(await findScenarioFile('kind: Pod\n', manifest, undefined, exists), 'without a workspace folder it looks all the way up');
});

test('examples/: the slow-start manifests open on scenarios/slow-start.yaml (named in their comments)', async () => {
  for (const m of ['crashloop.yaml', 'fixed.yaml']) {
    const file = join(ROOT, 'examples/manifests/slow-start', m);
    const found = await findScenarioFile(readFileSync(file, 'utf8'), file, join(ROOT, 'examples'), exists);
    assert.deepEqual(found, { path: join(ROOT, 'examples/scenarios/slow-start.yaml'), why: 'named in a comment of the manifest' }, m);
  }
  const plain = join(ROOT, 'examples/manifests/deployment.yaml');
  assert.equal(await findScenarioFile(readFileSync(plain, 'utf8'), plain, join(ROOT, 'examples'), exists), undefined);
});
