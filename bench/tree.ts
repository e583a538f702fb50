// Workspace tree benchmark: `node --import tsx bench/tree.ts [files]` (default 2,000 manifests).
// Writes realistic manifests (Deployments, StatefulSets, DaemonSets, CronJobs with probes, some with
// a Service or a sidecar, a few with lint findings or a YAML error) to a temp dir, then measures:
//   1. tree ready: read every file, register it in the WorkspaceIndex, build and render the first
//      level (what the view shows at once) — goal < 1 s; ratio to reading the files alone;
//   2. fully indexed: parse + lint every file and build and render every node of the tree; ratio to
//      the bare YAML parse of the same texts (the yaml library alone);
//   3. one file changed: the nodes rebuilt (only that file's) and the time, against a full re-index.
// Baselines are measured in the same run. Figures are printed, never checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { WorkspaceIndex } from '../src/core/workspace';
import { WorkspaceTreeModel, type FileNode, type WorkspaceNode } from '../src/core/workspace/tree-model';
import { median } from './util';

const COUNT = Number(process.argv[2] ?? 2000);

function probe(kind: 'http' | 'tcp' | 'exec' | 'grpc', i: number, extra: string[]): string[] {
  const head =
    kind === 'http'
      ? ['httpGet:', `  path: /${['healthz', 'ready', 'startup', 'livez'][i % 4]}`, '  port: http']
      : kind === 'tcp'
        ? ['tcpSocket:', '  port: 5432']
        : kind === 'grpc'
          ? ['grpc:', '  port: 9090']
          : ['exec:', '  command: ["pg_isready", "-U", "app"]'];
  return [...head, ...extra];
}

function indent(lines: string[], n: number): string {
  return lines
    .join('\n')
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

function manifest(i: number): string {
  const kinds = ['Deployment', 'StatefulSet', 'Deployment', 'DaemonSet', 'Deployment', 'CronJob'];
  const kind = kinds[i % kinds.length]!;
  const name = `svc-${i}`;
  const period = 5 + (i % 4) * 5;
  const container = (cname: string, port: number, probes: string[]) =>
    [
      `- name: ${cname}`,
      `  image: registry.example.com/team-${i % 17}/${cname}:1.${i % 40}.${i % 7}`,
      '  ports:',
      '    - name: http',
      `      containerPort: ${port}`,
      '  resources:',
      '    requests: { cpu: 100m, memory: 128Mi }',
      '    limits: { memory: 256Mi }',
      ...probes,
    ].join('\n');
  const webProbes = [
    '  startupProbe:',
    indent(probe('http', 2, [`periodSeconds: 5`, `failureThreshold: ${12 + (i % 10)}`]), 4),
    '  livenessProbe:',
    indent(probe(kind === 'StatefulSet' ? 'exec' : 'http', 0, [`periodSeconds: ${period}`, 'timeoutSeconds: 2', 'failureThreshold: 3']), 4),
    '  readinessProbe:',
    // every 50th: timeoutSeconds >= periodSeconds (a lint finding)
    indent(probe(i % 9 === 0 ? 'grpc' : 'http', 1, [`periodSeconds: ${i % 50 === 0 ? 2 : 5}`, `timeoutSeconds: ${i % 50 === 0 ? 3 : 1}`]), 4),
  ];
  const sidecar = i % 5 === 0 ? `\n${indent([container('proxy', 15000, ['  readinessProbe:', indent(probe('tcp', 0, ['periodSeconds: 10']), 4)])], 6)}` : '';
  const podSpec = `      containers:\n${indent([container('app', 8080, webProbes)], 6)}${sidecar}`;
  const labels = `      labels:\n        app.kubernetes.io/name: ${name}\n        app.kubernetes.io/part-of: shop`;
  let doc: string;
  if (kind === 'CronJob') {
    doc = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${name}\n  namespace: team-${i % 17}\nspec:\n  schedule: "*/15 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: registry.example.com/jobs/${name}:1.0\n              args: ["--run", "${name}"]\n`;
  } else {
    doc =
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: team-${i % 17}\n  labels:\n    app.kubernetes.io/name: ${name}\nspec:\n` +
      (kind === 'DaemonSet' ? '' : `  replicas: ${1 + (i % 3)}\n`) +
      (kind === 'StatefulSet' ? `  serviceName: ${name}\n` : '') +
      `  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n  template:\n    metadata:\n${labels}\n    spec:\n${podSpec}\n`;
  }
  // every 4th file also has a Service; every 200th a YAML error in it
  if (i % 4 === 1) {
    const labelsIndent = i % 200 === 1 ? ' ' : '  '; // one space short: a YAML error
    doc += `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${labelsIndent}labels:\n    app.kubernetes.io/name: ${name}\nspec:\n  selector:\n    app.kubernetes.io/name: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`;
  }
  return doc;
}

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

function renderAll(model: WorkspaceTreeModel, node?: WorkspaceNode): number {
  let n = 0;
  for (const child of model.children(node)) {
    model.item(child);
    n += 1 + renderAll(model, child);
  }
  return n;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'kp-bench-tree-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const sub = join(dir, `team-${i % 17}`);
      mkdirSync(sub, { recursive: true });
      const f = join(sub, `svc-${i}.yaml`);
      writeFileSync(f, manifest(i));
      files.push(f);
    }
    const display = (p: string) => {
      const rel = p.slice(dir.length + 1);
      const slash = rel.lastIndexOf('/');
      return { name: rel.slice(slash + 1), folder: rel.slice(0, slash) };
    };
    let bytes = 0;

    // Baseline 1: reading the files alone.
    let t0 = performance.now();
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const readMs = ms(t0);
    for (const t of texts) bytes += t.length;

    // 1. Tree ready: read, register, first level built and rendered.
    t0 = performance.now();
    const index = new WorkspaceIndex();
    for (const f of files) index.enqueue(f, readFileSync(f, 'utf8'));
    const model = new WorkspaceTreeModel(index, { displayPath: display });
    index.onDidChange((c) => model.apply(c));
    for (const root of model.roots()) model.item(root);
    const readyMs = ms(t0);

    // Baseline 2: the bare YAML parse of every text.
    t0 = performance.now();
    for (const t of texts) parseAllDocuments(t);
    const yamlMs = ms(t0);

    // 2. Fully indexed: parse + lint + summarise every file, build and render every node.
    t0 = performance.now();
    index.indexPending();
    const parseMs = ms(t0);
    const builtBefore = model.built;
    const nodes = renderAll(model);
    const fullMs = ms(t0);
    const totals = index.totals();
    (globalThis as { gc?: () => void }).gc?.();
    const heapMb = process.memoryUsage().heapUsed / 1e6;

    // 3. One file changed (timeout of its liveness probe): what is rebuilt, and how long it takes.
    const target = files[Math.floor(COUNT / 2)]!;
    const changes: number[] = [];
    const rebuilt: number[] = [];
    let touchedOther = false;
    for (let k = 0; k < 9; k++) {
      const text = texts[Math.floor(COUNT / 2)]!.replace('timeoutSeconds: 2', `timeoutSeconds: ${3 + k}`);
      const before = model.built;
      t0 = performance.now();
      let refreshed: FileNode | undefined;
      const sub = index.onDidChange((c) => (refreshed = model.apply(c)));
      index.update(target, text);
      sub.dispose();
      const node = refreshed ?? model.fileNode(target)!;
      model.item(node);
      const n = renderAll(model, node);
      changes.push(ms(t0));
      rebuilt.push(model.built - before);
      touchedOther ||= model.built - before !== n || refreshed?.path !== target;
    }
    // Against: the same change picked up by a full re-index (what a re-scan per keystroke would cost).
    t0 = performance.now();
    const again = new WorkspaceIndex();
    for (let i = 0; i < texts.length; i++) again.update(files[i]!, texts[i]!);
    const rescanMs = ms(t0);

    console.log(`bench/tree: ${COUNT} manifests, ${(bytes / 1e6).toFixed(1)} MB, ${totals.workloads} workloads, ${totals.handlers} probes and hooks, ${totals.error} errors / ${totals.warning} warnings from lint`);
    console.log('');
    console.log(`  baseline: read the files                       ${fmt(readMs)} ms`);
    console.log(`  baseline: bare YAML parse (yaml library)        ${fmt(yamlMs)} ms`);
    console.log('');
    console.log(`  tree ready (files listed, first level rendered) ${fmt(readyMs)} ms   ${(readyMs / readMs).toFixed(1)}× reading   goal < 1000 ms: ${readyMs < 1000 ? 'met' : 'NOT met'}`);
    console.log(`  fully indexed (parse + lint + summary)          ${fmt(parseMs)} ms   ${(parseMs / yamlMs).toFixed(2)}× bare YAML parse`);
    console.log(`  … and every node built and rendered             ${fmt(fullMs)} ms   ${nodes + COUNT} nodes (${model.built - builtBefore} built)`);
    console.log(`  heap after indexing                             ${heapMb.toFixed(0)} MB${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a settled figure)'}`);
    console.log('');
    console.log(`  one file changed: nodes rebuilt                 ${median(rebuilt)} (that file's subtree only: ${touchedOther ? 'NO' : 'yes'})`);
    console.log(`  one file changed: update + rebuild + render     ${fmt(median(changes))} ms (median of ${changes.length})`);
    console.log(`  vs. re-indexing everything for that change      ${fmt(rescanMs)} ms   ${(rescanMs / median(changes)).toFixed(0)}× slower`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
