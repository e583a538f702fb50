// The Workspace Probes tree as the user sees it: labels, descriptions, icons, contextValues — and
// that a change rebuilds the changed file's nodes only.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../../src/core/workspace';
import { WorkspaceTreeModel, healthOf, type HandlerStatus, type WorkspaceNode } from '../../../src/core/workspace/tree-model';
import type { HandlerLocator } from '../../../src/core/probe/locate';
import type { ProbeRunResult } from '../../../src/core/probe/types';

const EXAMPLES = join(__dirname, '../../../examples/manifests');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

function setup(files: Record<string, string>, status?: (path: string, loc: HandlerLocator) => HandlerStatus | undefined) {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) index.update(path, text);
  const model = new WorkspaceTreeModel(index, {
    displayPath: (p) => {
      const i = p.lastIndexOf('/');
      return { name: p.slice(i + 1), folder: p.slice(0, Math.max(i, 0)) };
    },
    ...(status && { status }),
  });
  /** What each index change asked to refresh (a file's node; undefined: the root). */
  const refreshed: (WorkspaceNode | undefined)[] = [];
  index.onDidChange((c) => refreshed.push(model.apply(c)));
  return { index, model, refreshed };
}

/** label → item, for the whole (expanded) tree. */
function render(model: WorkspaceTreeModel, node?: WorkspaceNode, depth = 0, out: string[] = []): string[] {
  for (const child of model.children(node)) {
    const m = model.item(child);
    out.push(`${'  '.repeat(depth)}${m.label} | ${m.description ?? ''} | ${m.icon.id}${m.icon.color ? `/${m.icon.color}` : ''} | ${m.contextValue}`);
    render(model, child, depth + 1, out);
  }
  return out;
}

const failure = (message: string): ProbeRunResult => ({
  result: 'failure',
  message,
  durationMs: 3,
  probe: { type: 'httpGet', target: 'http://127.0.0.1:8080/healthz' },
});

describe('WorkspaceTreeModel', () => {
  test('manifests → workloads → containers → probes, with effective timing and icons', () => {
    const { model } = setup({ 'manifests/deployment.yaml': example('deployment.yaml') });
    assert.deepEqual(render(model), [
      'deployment.yaml | manifests | file-code | manifest',
      '  Deployment web | demo | rocket | workload.Deployment',
      '    web | ghcr.io/example/demo:1.0 | package | container.container',
      '      livenessProbe · HTTP GET /healthz on http | every 10 s, timeout 2 s, 3 failures → restart after 30 s, after the startup probe succeeds | globe | probe.livenessProbe',
      '      readinessProbe · HTTP GET /ready on http | every 5 s, timeout 2 s, 2 failures → removed from Service endpoints after 10 s, after the startup probe succeeds | globe | probe.readinessProbe',
      '      startupProbe · HTTP GET /startup on http | every 5 s, timeout 1 s, allows up to 120 s to start (24 × 5 s), then restart | globe | probe.startupProbe',
    ]);
  });

  test('items: ids, collapsible states, tooltips and where "Go to definition" goes', () => {
    const { model } = setup({ 'manifests/deployment.yaml': example('deployment.yaml') });
    const [file] = model.roots();
    const [workload] = model.children(file);
    const [container] = model.children(workload);
    const [liveness] = model.children(container);
    assert.equal(model.item(file!).collapsible, 'collapsed');
    assert.equal(model.item(workload!).collapsible, 'expanded');
    assert.equal(model.item(liveness!).collapsible, 'none');
    assert.equal(model.item(liveness!).id, 'manifests/deployment.yaml#0..Deployment/web#container.0#livenessProbe');
    assert.deepEqual(model.location(liveness!), { path: 'manifests/deployment.yaml', at: { line: 36, character: 10 } });
    assert.equal(model.location(file!), undefined);
    const tip = model.item(liveness!).tooltip!;
    assert.match(tip, /^\*\*livenessProbe\*\* · GET \/healthz on port http \\\(8080\\\)/);
    assert.match(tip, /Not run yet/);
    assert.equal(model.parent(liveness!), container);
  });

  test('hooks, sidecars and init containers; lint findings colour the path down to the probe', () => {
    const { model } = setup({
      'manifests/native-sidecar.yaml': example('native-sidecar.yaml'),
      'manifests/timing-smells.yaml': example('timing-smells.yaml'),
    });
    const lines = render(model);
    assert.ok(lines.includes('    migrate | init container · ghcr.io/example/migrate:3.1 | debug-step-into | container.initContainer'));
    assert.ok(lines.includes('    proxy | sidecar · ghcr.io/example/demo:1.0 | split-horizontal | container.initContainer'));
    assert.ok(lines.includes('timing-smells.yaml | manifests · 2 warnings | file-code/problemsWarningIcon.foreground | manifest'));
    assert.ok(lines.includes('  Deployment slow-endpoint | 1 warning | rocket/problemsWarningIcon.foreground | workload.Deployment'));
    assert.ok(
      lines.includes(
        '      readinessProbe · HTTP GET /ready on http | 1 warning · every 5 s, timeout 10 s, 3 failures → removed from Service endpoints after 15 s, after the startup probe succeeds | globe/problemsWarningIcon.foreground | probe.readinessProbe',
      ),
    );
    const smelly = model.children(model.roots().find((r) => r.path.endsWith('timing-smells.yaml')));
    const probe = model.children(model.children(smelly[0])[0])[1]!;
    assert.equal(model.item(probe).label, 'readinessProbe · HTTP GET /ready on http');
    assert.match(model.item(probe).tooltip!, /⚠ `probe\/timeout-ge-period`/);
  });

  test('broken YAML: the file is red and lists its error first', () => {
    const { model } = setup({ 'manifests/broken-yaml.yaml': example('broken-yaml.yaml') });
    const [file] = model.roots();
    assert.equal(model.item(file!).icon.color, 'problemsErrorIcon.foreground');
    assert.match(model.item(file!).description!, /YAML error/);
    const [problem, workload] = model.children(file);
    assert.equal(problem!.type, 'problem');
    assert.equal(model.item(problem!).contextValue, 'problem');
    assert.equal(model.item(problem!).description, 'line 53');
    assert.deepEqual(model.location(problem!)!.at.line, 52);
    assert.equal(model.item(workload!).label, 'Deployment web');
  });

  test('a file change rebuilds that file’s nodes only', () => {
    const { index, model, refreshed } = setup({
      'a/deployment.yaml': example('deployment.yaml'),
      'b/statefulset.yaml': example('statefulset.yaml'),
    });
    render(model); // expand everything once
    const [a, b] = model.roots();
    const bChildren = model.children(b);
    const builtBefore = model.built;
    refreshed.length = 0;
    index.update('a/deployment.yaml', example('deployment.yaml').replace('timeoutSeconds: 2', 'timeoutSeconds: 4'));
    assert.deepEqual(refreshed, [a], 'the changed file’s node is refreshed, not the root');
    assert.equal(model.built, builtBefore, 'nothing is rebuilt until VS Code asks');
    const lines = render(model, a);
    assert.equal(model.built - builtBefore, 5, 'a: 1 workload, 1 container, 3 probes');
    assert.equal(model.children(b), bChildren, 'b’s nodes are the same objects');
    assert.match(lines[2]!, /every 10 s, timeout 4 s/);
  });

  test('files added or removed refresh the root; files are sorted by folder and name', () => {
    const { index, model, refreshed } = setup({ 'z/one.yaml': example('pod.yaml'), 'a/two.yaml': example('pod.yaml') });
    assert.deepEqual(model.roots().map((r) => r.path), ['a/two.yaml', 'z/one.yaml']);
    refreshed.length = 0;
    index.update('m/three.yaml', example('pod.yaml'));
    assert.deepEqual(refreshed, [undefined]);
    assert.deepEqual(model.roots().map((r) => r.path), ['a/two.yaml', 'm/three.yaml', 'z/one.yaml']);
    index.remove('a/two.yaml');
    assert.deepEqual(model.roots().map((r) => r.path), ['m/three.yaml', 'z/one.yaml']);
  });

  test('last run and watch state: icons, descriptions, contextValues, failing count', () => {
    const state = new Map<string, HandlerStatus>();
    const { model } = setup({ 'manifests/deployment.yaml': example('deployment.yaml') }, (path, loc) => state.get(`${path}#${loc.site}`));
    assert.deepEqual(model.scanStatus(), { changed: [], failing: 0 });

    state.set('manifests/deployment.yaml#livenessProbe', { last: { at: Date.UTC(2025, 0, 1, 10, 30), result: failure('Get "http://127.0.0.1:8080/healthz": dial tcp 127.0.0.1:8080: connect: connection refused'), target: '127.0.0.1' } });
    state.set('manifests/deployment.yaml#readinessProbe', { watching: { text: '3 ok · 0 failed · Success', cached: 'Success' } });
    const scan = model.scanStatus();
    assert.equal(scan.failing, 1);
    assert.deepEqual(scan.changed, model.roots());
    assert.deepEqual(model.scanStatus().changed, [], 'nothing changed since');

    const lines = render(model);
    assert.equal(lines[0], 'deployment.yaml | manifests · 1 failing | file-code/testing.iconFailed | manifest');
    assert.match(lines[3]!, /^ {6}livenessProbe · HTTP GET \/healthz on http \| ✗ connection refused · every 10 s, timeout 2 s/);
    assert.match(lines[3]!, /\| error\/testing\.iconFailed \| probe\.livenessProbe$/);
    assert.match(lines[4]!, /\| watching: 3 ok · 0 failed · Success · every 5 s/);
    assert.match(lines[4]!, /\| eye\/testing\.iconPassed \| probe\.readinessProbe\.watching$/);
    const [file] = model.roots();
    const liveness = model.children(model.children(model.children(file)[0])[0])[0]!;
    assert.match(model.item(liveness).tooltip!, /\*\*Last run\*\* ✗ connection refused against 127\\\.0\\\.0\\\.1 at /);
  });

  test('health: a watch’s cached result wins over the last run', () => {
    assert.equal(healthOf(undefined), undefined);
    assert.equal(healthOf({ last: { at: 0, result: failure('x'), target: 't' } }), 'failing');
    assert.equal(healthOf({ last: { at: 0, result: failure('x'), target: 't' }, watching: { text: '', cached: 'Success' } }), 'passing');
    assert.equal(healthOf({ last: { at: 0, result: { ...failure('x'), result: 'success' }, target: 't' } }), 'passing');
    assert.equal(healthOf({ last: { at: 0, result: { ...failure('x'), errored: 'timeout' }, target: 't' } }), 'unknown');
    assert.equal(healthOf({ watching: { text: 'starting…' } }), undefined);
  });

  test('files not parsed yet are listed and parsed when expanded', () => {
    const index = new WorkspaceIndex();
    index.enqueue('p/pod.yaml', example('pod.yaml'));
    const model = new WorkspaceTreeModel(index, { displayPath: (p) => ({ name: p.slice(2), folder: 'p' }) });
    const [file] = model.roots();
    assert.equal(model.item(file!).description, 'p · reading…');
    assert.equal(model.children(file).length, 1);
    assert.equal(model.item(file!).description, 'p');
  });

  test('a file too large to read is listed, with its size, and cannot be expanded', () => {
    const index = new WorkspaceIndex({ maxChars: 100 });
    index.update('big/huge.yaml', example('deployment.yaml'));
    const model = new WorkspaceTreeModel(index, { displayPath: (p) => ({ name: 'huge.yaml', folder: p.split('/')[0]! }) });
    const item = model.item(model.roots()[0]!);
    assert.equal(item.description, 'big · too large to show (0.0 MB)');
    assert.equal(item.collapsible, 'none');
    assert.deepEqual(model.children(model.roots()[0]), []);
  });

  test('text from manifests is escaped in tooltips', () => {
    const { model } = setup({
      'x.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "a*b_[c](d)"\nspec:\n  containers:\n    - name: app\n      image: x\n',
    });
    const [w] = model.children(model.roots()[0]);
    assert.equal(model.item(w!).label, 'Pod a*b_[c](d)');
    assert.match(model.item(w!).tooltip!, /^\*\*Pod a\\\*b\\_\\\[c\\\]\\\(d\\\)\*\*/);
  });
});
