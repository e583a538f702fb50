// Large files: findings deep in a file of thousands of documents (or in a List of thousands of items)
// are placed and attributed exactly as in a small one. These guard the linear-time paths of the linter
// (the Service index, the workload and template-action bisections, one line-break scan per
// file); they assert what a user reads in `kube-probes lint --format json`, never how long it took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { lintText } from '../../../src/core/lint/engine';
import { documentAt } from '../../../src/core/manifest/nav';
import { LineIndex } from '../../../src/core/util/line-index';

interface JsonFinding { rule: string; line: number; column: number; endLine: number; endColumn: number; kind?: string; name?: string; container?: string; probe?: string; message: string }

async function lintJson(text: string): Promise<JsonFinding[]> {
  const io = memoryIO(process.cwd(), text);
  await lintCommand(['-', '--format', 'json'], io);
  assert.equal(io.err, '');
  return JSON.parse(io.out);
}

/** A Deployment whose `web` container has a liveness probe and no readiness probe, and the Service selecting it. */
function app(i: number, suppressed = false): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ns-${i % 7}
spec:
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i}, tier: web }
    spec:
      containers:
${suppressed ? '        # kube-probes-disable-next-line probe/missing-readiness\n' : ''}        - name: web
          image: example/web:${i}
          ports: [{ name: http, containerPort: 8080 }]
          livenessProbe:
            httpGet: { path: /healthz, port: http }
---
apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ns-${i % 7}
spec:
  selector: { app: app-${i} }
  ports: [{ port: 80, targetPort: http }]
`;
}

/** 1-based line and column of the n-th occurrence of `needle` in `text`, counted the slow, obvious way. */
function whereIs(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} is in the text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const COUNT = 2000;

test(`a file of ${COUNT * 2} documents: a finding in the last one has its exact line, column and subject`, async () => {
  const text = Array.from({ length: COUNT }, (_, i) => app(i, i === COUNT - 2)).join('---\n');
  const findings = await lintJson(text);
  const last = `app-${COUNT - 1}`;
  const readiness = findings.filter((f) => f.rule === 'probe/missing-readiness');
  // Every Deployment but the suppressed one has the finding, on its container's name.
  assert.equal(readiness.length, COUNT - 1);
  const f = readiness.find((x) => x.name === last)!;
  const at = whereIs(text, 'web', text.indexOf('- name: web', text.indexOf(`name: ${last}\n`)));
  assert.deepEqual(
    { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, kind: f.kind, container: f.container },
    { line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 3, kind: 'Deployment', container: 'web' },
  );
  assert.ok(f.line > COUNT * 20, `deep in the file (line ${f.line})`);
  // The suppression comment deep in the file silences exactly its next line.
  assert.equal(readiness.some((x) => x.name === `app-${COUNT - 2}`), false);
  assert.equal(readiness.some((x) => x.name === `app-${COUNT - 3}`), true);
});

test(`a file of ${COUNT * 2} documents: each container behind a Service is matched with its own Service`, async () => {
  const text = Array.from({ length: COUNT }, (_, i) => app(i)).join('---\n');
  const findings = await lintJson(text);
  const behind = findings.filter((f) => f.rule === 'workload/no-prestop-behind-service');
  assert.equal(behind.length, COUNT);
  for (const i of [0, 1, COUNT / 2, COUNT - 1]) {
    const f = behind.find((x) => x.name === `app-${i}`);
    assert.match(f?.message ?? '', new RegExp(`behind Service "svc-${i}"`), `app-${i}`);
  }
});

test('of several Services selecting a pod, the first in the file is named, whichever label their selectors start with', () => {
  const pod = app(1).split('---\n')[0];
  const svc = (name: string, selector: string, ns = 'ns-1') =>
    `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: ${selector}\n  ports: [{ port: 80 }]\n`;
  const text =
    pod +
    svc('wrong-namespace', '{ app: app-1 }', 'ns-2') +
    svc('wants-more', '{ tier: web, app: app-1, zone: a }') +
    svc('by-tier', '{ tier: web }') +
    svc('by-app', '{ app: app-1 }');
  const { findings } = lintText(text, 'x.yaml', { rules: { 'workload/no-prestop-behind-service': 'info' } });
  const f = findings.find((x) => x.rule === 'workload/no-prestop-behind-service');
  assert.match(f?.message ?? '', /behind Service "by-tier"/);
  // A numeric selector value matches the label written as the same number.
  const numeric = lintText(pod.replace('tier: web', 'version: 2') + svc('v2', '{ version: 2 }'), 'x.yaml').findings;
  assert.match(numeric.find((x) => x.rule === 'workload/no-prestop-behind-service')?.message ?? '', /behind Service "v2"/);
});

test(`a List of ${COUNT} Deployments: a duplicate key in the last item names that item and its container`, async () => {
  const items = Array.from({ length: COUNT }, (_, i) =>
    app(i)
      .split('---\n')[0]
      .replace(i === COUNT - 1 ? 'image: example/web' : '\u0000', 'image: a\n          image: example/web')
      .replace(/\n$/, '')
      .split('\n')
      .map((l, k) => (k === 0 ? '  - ' : '    ') + l)
      .join('\n'),
  );
  const text = `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
  const dup = (await lintJson(text)).filter((f) => f.rule === 'schema/duplicate-key');
  assert.equal(dup.length, 1);
  // On the second `image` key, the one that wins.
  const at = whereIs(text, 'image: example/web', text.indexOf(`name: app-${COUNT - 1}\n`));
  assert.deepEqual(
    { line: dup[0].line, column: dup[0].column, kind: dup[0].kind, name: dup[0].name, container: dup[0].container },
    { line: at.line, column: at.column, kind: 'Deployment', name: `app-${COUNT - 1}`, container: 'web' },
  );
});

test('a template with hundreds of actions: a literal mistake is reported, one in a templated value is not', () => {
  const labels = Array.from({ length: 400 }, (_, i) => `    l${i}: {{ .Values.l${i} }}`).join('\n');
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
${labels}
spec:
  containers:
    - name: app
      image: x
      livenessProbe:
        exec: { command: [true] }
        periodSeconds: {{ .Values.period }}
        timeoutSeconds: -1
`;
  const seen = lintText(text, 't.yaml').findings.filter((f) => f.rule.startsWith('api/'));
  assert.deepEqual(seen.map((f) => [f.rule, text.slice(f.span.start, f.span.end)]), [['api/probe-negative-field', '-1']]);
});

test('a CRLF file of many documents gets CRLF in its fixes, an LF one LF', () => {
  const lf = Array.from({ length: 300 }, (_, i) => app(i)).join('---\n');
  const fixText = (text: string) =>
    lintText(text, 'x.yaml').findings.find((f) => f.rule === 'probe/missing-readiness' && f.name === 'app-299')!.fixes![0].edits[0].newText;
  assert.match(fixText(lf), /^[^\r]*\n/);
  assert.doesNotMatch(fixText(lf), /\r/);
  assert.match(fixText(lf.replace(/\n/g, '\r\n')), /readinessProbe:\r\n/);
});

test('LineIndex: positions and offsets round-trip on every line of a text, clamped at its ends', () => {
  const text = 'a\n\nbc\r\nd';
  const idx = new LineIndex(text);
  const slow = (o: number) => {
    const lines = text.slice(0, o).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  for (let o = 0; o <= text.length; o++) {
    assert.deepEqual(idx.positionAt(o), slow(o), `offset ${o}`);
    assert.equal(idx.offsetAt(idx.positionAt(o)), o);
  }
  assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(idx.positionAt(99), { line: 3, character: 1 });
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), 7);
});

test('documentAt: the document holding an offset, the first of two starting at the same place, none between', () => {
  const d = (start: number, end: number, id: string) => ({ span: { start, end }, id });
  const docs = [d(0, 10, 'a'), d(10, 10, 'empty'), d(10, 20, 'b'), d(25, 30, 'c')];
  assert.equal(documentAt(docs, 0)?.id, 'a');
  assert.equal(documentAt(docs, 9)?.id, 'a');
  assert.equal(documentAt(docs, 10)?.id, 'empty');
  assert.equal(documentAt(docs, 11)?.id, 'b');
  assert.equal(documentAt(docs, 22), undefined);
  assert.equal(documentAt(docs, 29)?.id, 'c');
  assert.equal(documentAt(docs, 30), undefined);
  assert.equal(documentAt([], 0), undefined);
});
