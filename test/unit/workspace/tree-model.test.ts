// The Workspace Probes tree as the user sees it: labels, descriptions, icons, contextValues — and
// that a change rebuilds the changed file's nodes only.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../../src/core/workspace';
import { WorkspaceTreeModel, healthOf, type FileNode, type HandlerStatus, type WorkspaceNode } from '../../../src/core/workspace/tree-model';
import { EMPTY_TALLY, type WatchTally } from '../../../src/core/probe/watch';
import type { HandlerLocator } from '../../../src/core/probe/locate';
import type { ProbeRunResult } from '../../../src/core/probe/types';

const EXAMPLES = join(__dirname, '../../../examples/manifests');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

const NOW = Date.UTC(2025, 0, 1, 10, 30);

function setup(files: Record<string, string>, status?: (path: string, loc: HandlerLocator) => HandlerStatus | undefined, clock = { now: NOW }) {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) index.update(path, text);
  const model = new WorkspaceTreeModel(index, {
    displayPath: (p) => {
      const i = p.lastIndexOf('/');
      return { name: p.slice(i + 1), folder: p.slice(0, Math.max(i, 0)) };
    },
    ...(status && { status }),
    now: () => clock.now,
  });
  /** What each index change asked to refresh (a file's node; undefined: the root). */
  const refreshed: (WorkspaceNode | undefined)[] = [];
  index.onDidChange((c) => refreshed.push(model.apply(c)));
  return { index, model, refreshed };
}

/** Folders and files only, indented. */
function outline(model: WorkspaceTreeModel, node?: WorkspaceNode, depth = 0): string[] {
  return model.children(node).flatMap((n) =>
    n.type === 'folder' ? [`${'  '.repeat(depth)}${n.label}`, ...outline(model, n, depth + 1)] : n.type === 'file' ? [`${'  '.repeat(depth)}${model.item(n).label}`] : [],
  );
}

/** The file nodes, wherever they are in the folders. */
function files(model: WorkspaceTreeModel, node?: WorkspaceNode): FileNode[] {
  return model.children(node).flatMap((n) => (n.type === 'file' ? [n] : n.type === 'folder' ? files(model, n) : []));
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
      'manifests |  | folder | folder',
      '  deployment.yaml |  | file-code | manifest',
      '    Deployment web | demo | rocket | workload.Deployment',
      '      web | ghcr.io/example/demo:1.0 | package | container.container',
      '        livenessProbe · HTTP GET /healthz on http | restart after 30 s | globe | probe.livenessProbe',
      '        readinessProbe · HTTP GET /ready on http | unready after 10 s | globe | probe.readinessProbe',
      '        startupProbe · HTTP GET /startup on http | up to 120 s to start | globe | probe.startupProbe',
    ]);
  });

  test('items: ids, collapsible states, tooltips and where "Go to definition" goes', () => {
    const { model } = setup({ 'manifests/deployment.yaml': example('deployment.yaml') });
    const [file] = files(model);
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
    assert.match(tip, /every 10 s, timeout 2 s, 3 failures → restart after 30 s/, 'the full timing is in the tooltip');
    assert.match(tip, /Not run yet/);
    assert.equal(model.parent(liveness!), container);
    assert.equal(model.parent(file!), model.roots()[0], 'a file’s parent is its folder (reveal needs it)');
    assert.equal(model.parent(model.roots()[0]!), undefined);
  });

  test('hooks, sidecars and init containers; lint findings colour the path down to the probe', () => {
    const { model } = setup({
      'manifests/native-sidecar.yaml': example('native-sidecar.yaml'),
      'manifests/timing-smells.yaml': example('timing-smells.yaml'),
    });
    const lines = render(model);
    assert.ok(lines.includes('      migrate | init container · ghcr.io/example/migrate:3.1 | debug-step-into | container.initContainer'));
    assert.ok(lines.includes('      proxy | sidecar · ghcr.io/example/demo:1.0 | split-horizontal | container.initContainer'));
    assert.ok(lines.includes('  timing-smells.yaml | 2 warnings | file-code/problemsWarningIcon.foreground | manifest'));
    assert.ok(lines.includes('    Deployment slow-endpoint | 1 warning | rocket/problemsWarningIcon.foreground | workload.Deployment'));
    assert.ok(
      lines.includes(
        '        readinessProbe · HTTP GET /ready on http | 1 warning · unready after 15 s | globe/problemsWarningIcon.foreground | probe.readinessProbe',
      ),
    );
    const smelly = model.children(files(model).find((r) => r.path.endsWith('timing-smells.yaml')));
    const probe = model.children(model.children(smelly[0])[0])[1]!;
    assert.equal(model.item(probe).label, 'readinessProbe · HTTP GET /ready on http');
    assert.match(model.item(probe).tooltip!, /⚠ `probe\/timeout-ge-period`/);
  });

  test('broken YAML: the file is red and lists its error first', () => {
    const { model } = setup({ 'manifests/broken-yaml.yaml': example('broken-yaml.yaml') });
    const [file] = files(model);
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
    const [a, b] = files(model);
    const bChildren = model.children(b);
    const builtBefore = model.built;
    refreshed.length = 0;
    index.update('a/deployment.yaml', example('deployment.yaml').replace('timeoutSeconds: 2', 'timeoutSeconds: 4'));
    assert.deepEqual(refreshed, [a], 'the changed file’s node is refreshed, not the root');
    assert.equal(model.built, builtBefore, 'nothing is rebuilt until VS Code asks');
    const lines = render(model, a);
    assert.equal(model.built - builtBefore, 5, 'a: 1 workload, 1 container, 3 probes');
    assert.equal(model.children(b), bChildren, 'b’s nodes are the same objects');
    const [liveness] = model.children(model.children(model.children(a)[0])[0]).map((n) => model.item(n).tooltip);
    assert.match(liveness!, /every 10 s, timeout 4 s/);
    assert.equal(lines.length, 5);
  });

  test('files added or removed refresh the root; folders first, then files, in natural order', () => {
    const { index, model, refreshed } = setup({ 'z/one.yaml': example('pod.yaml'), 'a/two.yaml': example('pod.yaml') });
    const tree = () => outline(model);
    assert.deepEqual(tree(), ['a', '  two.yaml', 'z', '  one.yaml']);
    refreshed.length = 0;
    index.update('m/three.yaml', example('pod.yaml'));
    assert.deepEqual(refreshed, [undefined]);
    assert.deepEqual(tree(), ['a', '  two.yaml', 'm', '  three.yaml', 'z', '  one.yaml']);
    index.remove('a/two.yaml');
    assert.deepEqual(tree(), ['m', '  three.yaml', 'z', '  one.yaml']);
  });

  test('folders group files as the explorer does: compacted single-child folders, natural order', () => {
    const pod = example('pod.yaml');
    const { model } = setup({
      'manifests/statefulset.yaml': pod,
      'manifests/slow-start/crashloop.yaml': pod,
      'manifests/slow-start/fixed.yaml': pod,
      'manifests/web-10.yaml': pod,
      'manifests/web-2.yaml': pod,
      'manifests/Deployment.yaml': pod,
      'charts/demo/templates/deployment.yaml': pod,
      'root.yaml': pod,
    });
    assert.deepEqual(
      outline(model),
      [
        'charts/demo/templates',
        '  deployment.yaml',
        'manifests',
        '  slow-start',
        '    crashloop.yaml',
        '    fixed.yaml',
        '  Deployment.yaml',
        '  statefulset.yaml',
        '  web-2.yaml',
        '  web-10.yaml',
        'root.yaml',
      ],
    );
    const [charts, manifests] = model.roots();
    assert.equal(model.item(charts!).id, 'folder:charts/demo/templates');
    assert.equal(model.item(manifests!).collapsible, 'expanded');
    const slow = model.children(manifests)[0]!;
    assert.equal(model.item(slow).label, 'slow-start');
    assert.equal(model.parent(model.children(slow)[0]!), slow);
    assert.equal(model.parent(slow), manifests);
    assert.match(model.item(slow).tooltip!, /manifests\/slow\\-start\*\*\n\n2 manifests/);
  });

  test('last run and watch state: icons, descriptions with ages, contextValues, what fails now', () => {
    const state = new Map<string, HandlerStatus>();
    const clock = { now: NOW };
    const { model } = setup({ 'manifests/deployment.yaml': example('deployment.yaml') }, (path, loc) => state.get(`${path}#${loc.site}`), clock);
    assert.deepEqual(model.scanStatus(), { changed: [], failing: [] });

    const refused = failure('Get "http://127.0.0.1:8080/healthz": dial tcp 127.0.0.1:8080: connect: connection refused');
    state.set('manifests/deployment.yaml#livenessProbe', { last: { at: NOW - 2 * 60_000 - 5_000, result: refused, target: '127.0.0.1' } });
    const watching: WatchTally = { ...EMPTY_TALLY, ok: 3, streak: { result: 'success', count: 3, threshold: 1 }, cached: 'Success', next: 'ready; 2 failures in a row mark it not ready' };
    state.set('manifests/deployment.yaml#readinessProbe', { watching });
    const scan = model.scanStatus();
    assert.deepEqual(scan.failing, [{ label: 'Deployment web › web › livenessProbe', text: '✗ connection refused · 2 min ago' }]);
    const [folder] = model.roots();
    const [file] = files(model);
    assert.deepEqual(scan.changed, [file, folder], 'the file and the folder above it');
    assert.equal(scan.nextChangeAt, NOW + 55_000, 'the age changes to "3 min ago" then');
    assert.deepEqual(model.scanStatus().changed, [], 'nothing changed since');

    const lines = render(model);
    assert.equal(lines[0], 'manifests | 1 failing | folder/testing.iconFailed | folder');
    assert.equal(lines[1], '  deployment.yaml | 1 failing | file-code/testing.iconFailed | manifest');
    assert.match(lines[4]!, /^ {8}livenessProbe · HTTP GET \/healthz on http \| ✗ connection refused · 2 min ago · restart after 30 s \| error\/testing\.iconFailed \| probe\.livenessProbe$/);
    assert.match(lines[5]!, /\| watching: passing · 3 checks · unready after 10 s \| eye\/testing\.iconPassed \| probe\.readinessProbe\.watching$/);
    const liveness = model.children(model.children(model.children(file)[0])[0])[0]!;
    assert.match(model.item(liveness).tooltip!, /\*\*Last run\*\* ✗ connection refused against 127\\\.0\\\.0\\\.1, 2 min ago/);
    const readiness = model.children(model.children(model.children(file)[0])[0])[1]!;
    assert.match(model.item(readiness).tooltip!, /Next: ready; 2 failures in a row mark it not ready/);

    // A later success clears it at once.
    state.set('manifests/deployment.yaml#livenessProbe', { last: { at: NOW, result: { ...refused, result: 'success', message: '' }, target: '127.0.0.1' } });
    assert.deepEqual(model.scanStatus().failing, []);
    // A failure nobody looked at again ends after 10 minutes: old, not failing now.
    state.set('manifests/deployment.yaml#livenessProbe', { last: { at: NOW, result: refused, target: '127.0.0.1' } });
    assert.equal(model.scanStatus().failing.length, 1);
    clock.now = NOW + 10 * 60_000;
    assert.deepEqual(model.scanStatus().failing, []);
    assert.match(render(model)[4]!, /\| ✗ connection refused · 10 min ago · restart after 30 s \| history \| probe\.livenessProbe$/);
    assert.equal(render(model)[1], '  deployment.yaml |  | file-code | manifest');
  });

  test('a watched liveness probe that keeps failing stays failing across its simulated restarts', () => {
    const state = new Map<string, HandlerStatus>();
    const { model } = setup({ 'manifests/deployment.yaml': example('deployment.yaml') }, (path, loc) => state.get(`${path}#${loc.site}`));
    state.set('manifests/deployment.yaml#livenessProbe', {
      watching: { ...EMPTY_TALLY, failed: 4, restarts: 1, cached: 'Success', streak: { result: 'failure', count: 1, threshold: 3 }, next: '2 more failures restart the container' },
    });
    assert.deepEqual(model.scanStatus().failing, [{ label: 'Deployment web › web › livenessProbe', text: 'watching: 1 of 3 failures · restarted 1×' }]);
    assert.match(render(model)[4]!, /\| watching: 1 of 3 failures · restarted 1× · restart after 30 s \| eye\/testing\.iconFailed \|/);
  });

  test('health: a watch wins over the last run; a run’s verdict gets old', () => {
    const last = (r: Partial<ProbeRunResult>, at = NOW) => ({ at, result: { ...failure('x'), ...r }, target: 't' });
    assert.equal(healthOf(undefined, NOW), undefined);
    assert.equal(healthOf({ last: last({}) }, NOW), 'failing');
    assert.equal(healthOf({ last: last({}), watching: { ...EMPTY_TALLY, streak: { result: 'success', count: 1, threshold: 1 } } }, NOW), 'passing');
    assert.equal(healthOf({ last: last({ result: 'success' }) }, NOW), 'passing');
    assert.equal(healthOf({ last: last({ errored: 'timeout' }) }, NOW), 'unknown');
    assert.equal(healthOf({ watching: EMPTY_TALLY }, NOW), 'unknown', 'a watch before its first counted check');
    assert.equal(healthOf({ last: last({}, NOW - 11 * 60_000) }, NOW), 'stale');
  });

  test('files not parsed yet are listed and parsed when expanded', () => {
    const index = new WorkspaceIndex();
    index.enqueue('p/pod.yaml', example('pod.yaml'));
    const model = new WorkspaceTreeModel(index, { displayPath: (p) => ({ name: p.slice(2), folder: 'p' }) });
    const [file] = files(model);
    assert.equal(model.item(file!).description, 'reading…');
    assert.equal(model.children(file).length, 1);
    assert.equal(model.item(file!).description, undefined);
  });

  test('a file too large to read is listed, with its size, and cannot be expanded', () => {
    const index = new WorkspaceIndex({ maxChars: 100 });
    index.update('big/huge.yaml', example('deployment.yaml'));
    const model = new WorkspaceTreeModel(index, { displayPath: (p) => ({ name: 'huge.yaml', folder: p.split('/')[0]! }) });
    const [file] = files(model);
    const item = model.item(file!);
    assert.equal(item.description, 'too large (0.0 MB)');
    assert.equal(item.collapsible, 'none');
    assert.deepEqual(model.children(file), []);
  });

  test('templated timing is unknown, not its default: "set by a template"', () => {
    const { model } = setup({ 'charts/demo/templates/deployment.yaml': example('helm-template.yaml') });
    const rows = render(model).filter((l) => /Probe · /.test(l)).map((l) => l.trim().split(' | ').slice(0, 2).join(' | '));
    assert.deepEqual(rows, [
      'livenessProbe · HTTP GET /healthz on http | restart after 30 s',
      'readinessProbe · set by a template | ',
      'startupProbe · HTTP GET /startup on http | failureThreshold set by a template',
    ]);
    const [, , startup] = files(model).flatMap((f) => model.children(model.children(model.children(f)[0])[0]));
    assert.match(model.item(startup!).tooltip!, /timing set by a template \\\(failureThreshold\\\): known after rendering/);
    assert.doesNotMatch(model.item(startup!).tooltip!, /15 s|3 ×/);
  });

  test('rows fit the default sidebar (~300 px): every example probe’s description is short', async () => {
    const { readdirSync } = await import('node:fs');
    const all = Object.fromEntries(readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => [`manifests/${f}`, example(f)]));
    const { model } = setup(all);
    const long = render(model)
      .map((l) => l.split(' | '))
      .filter(([label, , , context]) => context!.startsWith('probe.') && !/preStop|postStart/.test(label!))
      .filter(([, description]) => description!.length > 34);
    assert.deepEqual(long, []);
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
