// The per-document lint cache (src/core/lint/document-cache.ts) must never change what a user sees:
// every lint that reuses kept findings is compared with a lint of the same text from a cold start
// (the parse cache cleared, so no parsed document — and no kept finding — survives).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../../src/core/lint/engine';
import { clearParseCache } from '../../../src/core/manifest/parse';
import type { LintConfig } from '../../../src/core/lint/types';

const ROOT = join(__dirname, '..', '..', '..');
const examples = readdirSync(join(ROOT, 'examples', 'manifests'))
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({ name: f, text: readFileSync(join(ROOT, 'examples', 'manifests', f), 'utf8') }));

/** What a user sees of each finding: rule, severity, message, where, subject and the fixes' edits. */
function seen(text: string, config: LintConfig = {}) {
  const { file, findings } = lintText(text, 'test.yaml', config);
  return findings.map((f) => ({
    ...f,
    at: `${file.positionAt(f.span.start).line + 1}:${file.positionAt(f.span.start).character + 1}`,
  }));
}

function cold(text: string, config: LintConfig = {}) {
  clearParseCache();
  return seen(text, config);
}

test('every example manifest: linted again, moved down the file, or after a cold start, the same findings', () => {
  assert.ok(examples.length >= 10);
  for (const { name, text } of examples) {
    const first = cold(text);
    assert.deepEqual(seen(text), first, `${name}: a second lint`);
    const moved = seen(`${pad}---\n${text}`);
    assert.deepEqual(moved, cold(`${pad}---\n${text}`), `${name}: moved seven lines down`);
  }
});

test('all example manifests in one file: each document reused from its own file, the whole the same as a cold lint', () => {
  const all = examples.map((e) => e.text.replace(/\n*$/, '\n')).join('---\n');
  for (const { text } of examples) seen(text); // kept at other positions
  const warm = seen(all);
  assert.deepEqual(warm, cold(all));
  assert.ok(warm.length > 50);
});

const pad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pad\ndata:\n  a: "1"\n';
const deployment = (probe: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: app
          image: nginx
          ports: [{ name: http, containerPort: 8080 }]
${probe}`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
`;

test('a finding that depends on another document follows that document when only it changes', () => {
  // With readinessOnlyWhenSelected, a missing readinessProbe is reported only while a Service in the file selects the pod.
  const config: LintConfig = { options: { readinessOnlyWhenSelected: true } };
  const dep = deployment('          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n');
  const readiness = (xs: Array<{ rule: string; message: string }>) => xs.filter((f) => f.rule === 'probe/missing-readiness').map((f) => f.message);
  // Documents after a `---` line: the Deployment's document text is the same in every variant below.
  const alone = `${pad}---\n${dep}`;
  assert.deepEqual(readiness(seen(alone, config)), []);
  // The Deployment's text is unchanged; the document in front of it becomes a Service selecting it.
  const both = `${service}---\n${dep}`;
  const withService = seen(both, config);
  assert.deepEqual(withService, cold(both, config));
  assert.equal(readiness(withService).length, 1);
  assert.match(readiness(withService)[0]!, /while Service "web" selects this pod/);
  // And gone again: the Deployment's findings no longer mention it.
  assert.deepEqual(readiness(seen(alone, config)), []);
  assert.deepEqual(seen(alone, config), cold(alone, config));
});

test('a message naming a line of the file follows the document when it moves', () => {
  const dup = deployment('          livenessProbe:\n            periodSeconds: 5\n            httpGet: { path: /a, port: http }\n            periodSeconds: 10\n');
  const at = (text: string) => seen(text).filter((f) => f.rule === 'schema/duplicate-key').map((f) => `${f.at} ${f.message}`);
  const here = at(`${pad}---\n${dup}`);
  assert.equal(here.length, 1);
  // The same document text after a document two lines longer.
  const longer = `${pad}  b: "2"\n  c: "3"\n---\n${dup}`;
  const moved = at(longer);
  assert.deepEqual(moved, cold(longer).filter((f) => f.rule === 'schema/duplicate-key').map((f) => `${f.at} ${f.message}`));
  assert.notDeepEqual(moved, here, 'the line in the message and the position moved by two lines');
});

test('configuration changes are not answered from findings kept under another configuration', () => {
  const dep = deployment('          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n            timeoutSeconds: 1\n');
  const base = seen(dep);
  const off = seen(dep, { rules: Object.fromEntries(base.map((f) => [f.rule, 'off'])) });
  assert.deepEqual(off, []);
  const asError = seen(dep, { rules: Object.fromEntries(base.map((f) => [f.rule, 'error'])) });
  assert.deepEqual(asError.map((f) => f.severity), base.map(() => 'error'));
  assert.deepEqual(seen(dep), base);
});

test('a quick fix kept from an LF file is not offered unchanged in a CRLF file', () => {
  const dep = deployment('          livenessProbe:\n            httpGet: { path: /healthz, port: http }\n');
  // The same Deployment document after a `---` line; the file's line endings come from the first document.
  const lf = `${service}---\n${dep}`;
  const crlf = `${service.replace(/\n/g, '\r\n')}---\n${dep}`;
  const edits = (xs: ReturnType<typeof seen>) => xs.flatMap((f) => (f.fixes ?? []).flatMap((x) => x.edits.map((e) => e.newText)));
  const inLf = seen(lf);
  assert.ok(edits(inLf).some((t) => t.includes('\n') && !t.includes('\r\n')));
  const inCrlf = seen(crlf);
  assert.deepEqual(inCrlf, cold(crlf));
  assert.ok(edits(inCrlf).some((t) => t.includes('\r\n')));
});
