// WorkspaceIndex: what it keeps of each manifest, and that changes touch one file at a time.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceIndex, mayCarryPods, type IndexChange } from '../../../src/core/workspace';

const EXAMPLES = join(__dirname, '../../../examples/manifests');
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            tcpSocket:
              port: 8080
            periodSeconds: 5
            timeoutSeconds: 5
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`;

function recording(index: WorkspaceIndex): IndexChange[] {
  const seen: IndexChange[] = [];
  index.onDidChange((c) => seen.push(c));
  return seen;
}

describe('WorkspaceIndex', () => {
  test('keeps workloads, containers, probes and hooks with targets, effective timing and positions', () => {
    const index = new WorkspaceIndex();
    index.update('web.yaml', WEB);
    const file = index.summary('web.yaml');
    assert.ok(file);
    assert.equal(file.workloads.length, 1);
    const w = file.workloads[0]!;
    assert.equal(w.title, 'Deployment web');
    assert.equal(w.namespace, 'demo');
    assert.equal(w.ref, 'Deployment/web');
    assert.deepEqual(w.at, { line: 3, character: 8 });
    const c = w.containers[0]!;
    assert.equal(c.title, 'app');
    assert.equal(c.image, 'nginx:1.27');
    assert.deepEqual(
      c.handlers.map((h) => [h.site, h.target, h.at.line]),
      [
        ['livenessProbe', 'HTTP GET /healthz on http', 14],
        ['readinessProbe', 'TCP on 8080', 18],
        ['preStop', 'sleep 5 s', 24],
      ],
    );
    // Kubernetes defaults are shown: no timeoutSeconds → 1 s, no failureThreshold → 3.
    assert.equal(c.handlers[0]!.timing, 'every 10 s, timeout 1 s, 3 failures → restart after 30 s');
    assert.match(c.handlers[0]!.detail, /GET \/healthz on port http \(8080\)/);
    assert.deepEqual(c.handlers[0]!.locator, {
      documentIndex: 0,
      workload: 'Deployment/web',
      containerKind: 'container',
      container: 'app',
      containerIndex: 0,
      site: 'livenessProbe',
    });
    assert.equal(file.handlerCount, 3);
  });

  test('attributes each lint finding to the probe, container or workload it is about', () => {
    const index = new WorkspaceIndex();
    index.update('web.yaml', WEB);
    const c = index.summary('web.yaml')!.workloads[0]!.containers[0]!;
    const readiness = c.handlers.find((h) => h.site === 'readinessProbe')!;
    assert.deepEqual(readiness.findings.map((f) => f.rule), ['probe/timeout-ge-period']);
    assert.equal(readiness.findings[0]!.severity, 'warning');
    assert.deepEqual(c.handlers.find((h) => h.site === 'livenessProbe')!.findings, []);
    assert.equal(index.summary('web.yaml')!.counts.warning >= 1, true);
  });

  test('lint settings come from the caller; off means no findings', () => {
    const off = new WorkspaceIndex({ lint: () => ({ enabled: false, config: {} }) });
    off.update('web.yaml', WEB);
    assert.deepEqual(off.summary('web.yaml')!.counts, { error: 0, warning: 0, info: 0 });
    const silenced = new WorkspaceIndex({ lint: () => ({ enabled: true, config: { rules: { 'probe/timeout-ge-period': 'off' } } }) });
    silenced.update('web.yaml', WEB);
    const readiness = silenced.summary('web.yaml')!.workloads[0]!.containers[0]!.handlers[1]!;
    assert.deepEqual(readiness.findings, []);
  });

  test('an update touches one file: one event naming it; the others keep their summaries', () => {
    const index = new WorkspaceIndex();
    index.update('a.yaml', WEB);
    index.update('b.yaml', WEB.replace('name: web', 'name: api'));
    const before = index.summary('b.yaml');
    const seen = recording(index);
    index.update('a.yaml', WEB.replace('path: /healthz', 'path: /livez'));
    assert.deepEqual(seen, [{ path: 'a.yaml', kind: 'changed' }]);
    assert.equal(index.summary('b.yaml'), before, 'b.yaml was not re-read');
    assert.equal(index.summary('a.yaml')!.workloads[0]!.containers[0]!.handlers[0]!.target, 'HTTP GET /livez on http');
  });

  test('the same text again changes nothing', () => {
    const index = new WorkspaceIndex();
    index.update('a.yaml', WEB);
    const seen = recording(index);
    assert.equal(index.update('a.yaml', WEB), undefined);
    assert.deepEqual(seen, []);
    // …unless forced (the lint settings changed)
    assert.deepEqual(index.update('a.yaml', WEB, true), { path: 'a.yaml', kind: 'changed' });
  });

  test('deleted files disappear; a file that is no longer a manifest with pods does too', () => {
    const index = new WorkspaceIndex();
    index.update('a.yaml', WEB);
    index.update('b.yaml', WEB);
    const seen = recording(index);
    index.remove('a.yaml');
    index.update('b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n');
    assert.deepEqual(seen, [
      { path: 'a.yaml', kind: 'removed' },
      { path: 'b.yaml', kind: 'removed' },
    ]);
    assert.equal(index.size, 0);
    assert.equal(index.summary('a.yaml'), undefined);
    assert.equal(index.remove('a.yaml'), undefined);
  });

  test('files without pods are not listed: Services, CI files, scenarios', () => {
    const index = new WorkspaceIndex();
    assert.equal(index.update('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'), undefined);
    assert.equal(index.update('ci.yaml', 'name: CI\non: push\njobs: {}\n'), undefined);
    assert.equal(index.update('slow.yaml', readFileSync(join(EXAMPLES, '../scenarios/slow-start.yaml'), 'utf8')), undefined);
    assert.equal(index.size, 0);
    assert.equal(mayCarryPods(WEB), true);
    assert.equal(mayCarryPods('apiVersion: v1\nkind: Service\n'), false);
  });

  test('broken YAML stays listed with its error (and what could be read)', () => {
    const index = new WorkspaceIndex();
    index.update('broken-yaml.yaml', example('broken-yaml.yaml'));
    const file = index.summary('broken-yaml.yaml');
    assert.ok(file, 'listed');
    assert.equal(file.syntaxErrors.length, 1);
    assert.equal(file.syntaxErrors[0]!.at.line, 52);
    assert.match(file.syntaxErrors[0]!.message, /mapping/i);
    assert.deepEqual(file.workloads.map((w) => w.title), ['Deployment web'], 'the valid document before the error is read');

    // A manifest broken so badly that no workload can be read is still listed, with its errors.
    const mangled = WEB.replace('      containers:', '    containers:\n   - oops: [');
    index.update('mangled.yaml', mangled);
    const m = index.summary('mangled.yaml');
    assert.ok(m, 'still listed');
    assert.ok(m.syntaxErrors.length > 0);
    // …and when it is fixed, the same entry is updated.
    const seen = recording(index);
    index.update('mangled.yaml', WEB);
    assert.deepEqual(seen, [{ path: 'mangled.yaml', kind: 'changed' }]);
    assert.deepEqual(index.summary('mangled.yaml')!.syntaxErrors, []);
  });

  test('Helm templates: names and images shown as written, probes from values marked as templated', () => {
    const index = new WorkspaceIndex();
    index.update('helm.yaml', example('helm-template.yaml'));
    const w = index.summary('helm.yaml')!.workloads[0]!;
    assert.equal(w.title, 'Deployment {{ include "demo.fullname" . }}');
    assert.equal(w.containers[0]!.title, '{{ .Chart.Name }}');
    assert.equal(w.containers[0]!.image, '{{…}}:{{…}}');
    assert.equal(w.containers[0]!.handlers.find((h) => h.site === 'readinessProbe')!.target, 'set by a template');
    assert.equal(w.templated, true);
  });

  test('enqueue lists at once and parses later, in slices or on demand', () => {
    const index = new WorkspaceIndex();
    const seen = recording(index);
    index.enqueue('a.yaml', WEB);
    index.enqueue('b.yaml', WEB);
    index.enqueue('svc.yaml', 'apiVersion: v1\nkind: Service\n');
    assert.deepEqual(seen, [
      { path: 'a.yaml', kind: 'added' },
      { path: 'b.yaml', kind: 'added' },
    ]);
    assert.equal(index.size, 2);
    assert.equal(index.pending, 2);
    assert.equal(index.peek('a.yaml'), undefined, 'not parsed yet');
    assert.equal(index.summary('a.yaml')!.workloads.length, 1, 'parsed on demand');
    assert.equal(index.pending, 1);
    assert.equal(index.indexPending(), 0);
    assert.ok(index.peek('b.yaml'));
    assert.deepEqual(seen.slice(2), [
      { path: 'a.yaml', kind: 'changed' },
      { path: 'b.yaml', kind: 'changed' },
    ]);
    // A queued text that turns out to carry no pod is removed when parsed.
    index.enqueue('c.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  containers: "none"\n');
    assert.equal(index.pending, 1);
    index.indexPending();
    assert.equal(index.size, 2);
    assert.deepEqual(seen.at(-1), { path: 'c.yaml', kind: 'removed' });
  });

  test('a huge file is listed without being parsed', () => {
    const index = new WorkspaceIndex({ maxChars: 200 });
    index.update('big.yaml', WEB);
    const s = index.summary('big.yaml');
    assert.ok(s);
    assert.equal(s.tooLarge, WEB.length);
    assert.deepEqual(s.workloads, []);
  });

  test('retainOnly drops what a re-scan did not find; totals count parsed files', () => {
    const index = new WorkspaceIndex();
    index.update('a.yaml', WEB);
    index.update('b.yaml', WEB);
    index.enqueue('c.yaml', WEB);
    assert.deepEqual(index.totals(), { files: 3, pending: 1, workloads: 2, handlers: 6, error: 0, warning: 2, info: 0 });
    index.retainOnly(new Set(['b.yaml']));
    assert.deepEqual([...index.paths()], ['b.yaml']);
    assert.equal(index.pending, 0);
  });
});
