// The manifest model: every pod-bearing kind, exact ranges, and bad input that must never throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseManifest } from '../../../src/core/manifest/parse';
import type { ManifestFile, Span } from '../../../src/core/manifest/model';
import { lintFile } from '../../../src/core/lint/engine';
import { ALL_RULES } from '../../../src/core/lint/rules';

const CONTAINER = `
      - name: app
        image: demo
        ports:
          - name: http
            containerPort: 8080
        livenessProbe:
          httpGet: { path: /healthz, port: http }
`;

function text(f: ManifestFile, s: Span): string {
  return f.text.slice(s.start, s.end);
}

function summary(f: ManifestFile) {
  return f.workloads.map((w) => ({
    kind: w.kind,
    name: w.name,
    path: w.podSpecPath.join('.'),
    containers: w.containers.map((c) => `${c.kind}:${c.name}${c.isSidecar ? ' (sidecar)' : ''}:${c.handlers.map((h) => h.site).join(',')}`),
  }));
}

test('every built-in pod-bearing kind finds its pod spec', () => {
  // `prefix` ends with the pod spec's key; containers sit two spaces deeper.
  const tmpl = (kind: string, prefix: string, indent: number) => {
    const pad = ' '.repeat(indent);
    return `apiVersion: x\nkind: ${kind}\nmetadata:\n  name: ${kind.toLowerCase()}\n${prefix}${pad}containers:${CONTAINER.replace(/^(?=.)/gm, pad)}`;
  };
  const docs = [
    tmpl('Pod', 'spec:\n', 2),
    tmpl('PodTemplate', 'template:\n  spec:\n', 4),
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'Rollout', 'DeploymentConfig'].map((k) =>
      tmpl(k, 'spec:\n  template:\n    spec:\n', 6),
    ),
    tmpl('CronJob', 'spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n', 10),
  ];
  const f = parseManifest(docs.join('---\n'));
  assert.deepEqual(
    f.workloads.map((w) => [w.kind, w.podSpecPath.join('.'), w.containers.length, w.containers[0]?.handlers.length]),
    [
      ['Pod', 'spec', 1, 1],
      ['PodTemplate', 'template.spec', 1, 1],
      ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'Rollout', 'DeploymentConfig'].map((k) => [k, 'spec.template.spec', 1, 1]),
      ['CronJob', 'spec.jobTemplate.spec.template.spec', 1, 1],
    ],
  );
  for (const w of f.workloads) assert.equal(text(f, w.span), w.name, `${w.kind} span is its name`);
});

test('custom resources: a pod template in the usual place is found; other paths through podTemplatePaths', () => {
  const crd = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n';
  assert.deepEqual(summary(parseManifest(crd)).map((w) => w.kind), ['Widget']);
  const odd = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: g }\nspec:\n  runner:\n    pod:\n      containers:\n        - name: a\n';
  assert.equal(parseManifest(odd).workloads.length, 0);
  const f = parseManifest(odd, 'x', { podTemplatePaths: { Gadget: 'spec.runner.pod' } });
  assert.deepEqual(summary(f), [{ kind: 'Gadget', name: 'g', path: 'spec.runner.pod', containers: ['container:a:'] }]);
  // Documents that only look like pods are not workloads.
  assert.equal(parseManifest('apiVersion: v1\nkind: ConfigMap\ndata:\n  containers: "x"\n').workloads.length, 0);
});

test('kind: List and typed lists, whose items may omit their kind', () => {
  const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: p }
    spec:
      containers: [{ name: a, readinessProbe: { tcpSocket: { port: 80 } } }]
  - apiVersion: v1
    kind: Service
    metadata: { name: s }
`;
  const f = parseManifest(list);
  assert.deepEqual(f.workloads.map((w) => [w.kind, w.name, w.listIndex, w.podSpecPath.join('.')]), [['Pod', 'p', 0, 'items.0.spec']]);
  const h = f.workloads[0].containers[0].handlers[0];
  assert.equal(text(f, h.keySpan), 'readinessProbe');
  const typed = parseManifest('apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: { name: d }\n    spec: { template: { spec: { containers: [{ name: a }] } } }\n');
  assert.deepEqual(typed.workloads.map((w) => [w.kind, w.name]), [['Deployment', 'd']]);
});

test('init containers, sidecars, ephemeral containers and lifecycle hooks, with exact key ranges', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: setup
      image: busybox
    - name: proxy
      restartPolicy: Always
      startupProbe:
        tcpSocket: { port: 15000 }
  containers:
    - name: app
      lifecycle:
        postStart: { exec: { command: [touch, /tmp/ready] } }
        preStop:
          sleep: { seconds: 5 }
  ephemeralContainers:
    - name: debug
`;
  const f = parseManifest(yaml);
  assert.deepEqual(summary(f)[0].containers, [
    'initContainer:setup:',
    'initContainer:proxy (sidecar):startupProbe',
    'container:app:postStart,preStop',
    'ephemeralContainer:debug:',
  ]);
  const app = f.workloads[0].containers[2];
  assert.deepEqual(app.handlers.map((h) => [text(f, h.keySpan), h.handlerTypes.join('+'), f.positionAt(h.keySpan.start)]), [
    ['postStart', 'exec', { line: 14, character: 8 }],
    ['preStop', 'sleep', { line: 15, character: 8 }],
  ]);
  assert.equal(text(f, app.span), 'app');
});

test('JSON manifests parse with ranges', () => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'c', livenessProbe: { exec: { command: ['true'] } } }] } }, null, 2);
  const f = parseManifest(json, 'pod.json');
  const h = f.workloads[0].containers[0].handlers[0];
  assert.equal(text(f, h.keySpan), '"livenessProbe"');
  assert.deepEqual(h.handlerTypes, ['exec']);
});

test('CRLF line ends: positions are the same lines and columns as with LF', () => {
  const lf = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:${CONTAINER.replace(/^ {4}/gm, '  ')}`;
  const a = parseManifest(lf);
  const b = parseManifest(lf.replace(/\n/g, '\r\n'));
  const pos = (f: ManifestFile) => f.workloads[0].containers[0].handlers.map((h) => [f.positionAt(h.keySpan.start), f.positionAt(h.keySpan.end)]);
  assert.deepEqual(pos(b), pos(a));
  assert.equal(text(b, b.workloads[0].containers[0].handlers[0].keySpan), 'livenessProbe');
});

test('anchors, aliases and merge keys resolve to the shared probe', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: a
      livenessProbe: &probe
        httpGet: { path: /healthz, port: 8080 }
        periodSeconds: 5
    - name: b
      livenessProbe: *probe
    - name: c
      livenessProbe:
        <<: *probe
        periodSeconds: 20
`;
  const f = parseManifest(yaml);
  const [a, b, c] = f.workloads[0].containers.map((x) => x.handlers[0]);
  assert.deepEqual(b.spec, a.spec);
  assert.deepEqual(b.handlerTypes, ['httpGet']);
  assert.equal(text(f, b.keySpan), 'livenessProbe');
  assert.equal((c.spec as { periodSeconds?: number }).periodSeconds, 20);
  assert.deepEqual(c.handlerTypes, ['httpGet']);
});

test('Helm templates: template actions are masked, what can be read is read, ranges stay exact', () => {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          {{- with .Values.securityContext }}
          securityContext: {{- toYaml . | nindent 12 }}
          {{- end }}
          readinessProbe:
            httpGet:
              path: /ready
              port: {{ .Values.port }}
`;
  const f = parseManifest(yaml);
  const d = f.documents[0];
  assert.equal(d.templated, true);
  assert.equal(d.templateSpans.length, 6);
  const h = f.workloads[0].containers[0].handlers[0];
  assert.equal(text(f, h.keySpan), 'readinessProbe');
});

test('tabs, bad indentation, unclosed flow: problems with positions, the rest still read, never a throw', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: ok }
spec:
  containers:
    - name: a
      readinessProbe: { tcpSocket: { port: 80 } }
---
apiVersion: v1
kind: Pod
spec:
\tcontainers: [
`;
  const f = parseManifest(yaml);
  assert.equal(f.documents.length, 2);
  assert.equal(f.workloads[0]?.name, 'ok');
  const errs = f.documents[1].problems.filter((p) => p.severity === 'error');
  assert.ok(errs.length > 0);
  for (const e of errs) assert.ok(e.span.start >= f.documents[1].span.start && e.span.end <= yaml.length);
});

test('degenerate inputs never throw', () => {
  for (const t of ['', '\n', '---', '---\n---\n', '# only a comment', 'just a scalar', '- a\n- b', '{', ']]]', 'kind: Pod\nspec: 3', 'kind: Pod\nspec:\n  containers: 5', 'kind: Pod\nspec:\n  containers: [1, null, "x"]', 'kind: List\nitems: 7', '\u0000\u0001binary\uffff', '*alias', '&a [*a]', 'a: !!binary xyz', '%YAML 1.1\n---\nkind: Pod']) {
    const f = parseManifest(t);
    lintFile(f, {}, ALL_RULES);
  }
  const deep = 'kind: Pod\nspec: ' + '['.repeat(2000) + ']'.repeat(2000);
  lintFile(parseManifest(deep));
  const longLine = 'kind: Pod\nmetadata:\n  name: ' + 'x'.repeat(1_000_000) + '\n';
  assert.equal(parseManifest(longLine).documents.length, 1);
});

test('a 20 MB bundle (CRDs, a big ConfigMap, workloads) is read whole without throwing', () => {
  const deployment = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  template:
    spec:
      containers:
        - name: app
          image: demo
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
          livenessProbe: { httpGet: { path: /healthz, port: 8080 }, failureThreshold: 6 }
`;
  const crd = (i: number) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things${i}.example.com\nspec:\n  versions:\n` +
    Array.from({ length: 400 }, (_, j) => `    - name: v${j}\n      schema:\n        openAPIV3Schema:\n          properties:\n            containers: { type: array, description: "pod containers ${j}" }\n`).join('');
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: blob }\ndata:\n  big: |\n' + '    lorem ipsum dolor sit amet\n'.repeat(200_000);
  const parts: string[] = [configMap];
  for (let i = 0; parts.join('').length < 20 * 1024 * 1024; i++) parts.push(crd(i), deployment(i));
  const big = parts.join('---\n');
  assert.ok(big.length >= 20 * 1024 * 1024);
  const f = parseManifest(big);
  const deployments = parts.length / 2 - 0.5;
  assert.equal(f.workloads.length, deployments);
  const last = f.workloads[f.workloads.length - 1];
  assert.equal(text(f, last.span), `web-${deployments - 1}`);
  assert.ok(lintFile(f).every((x) => x.span.end <= big.length));
});

test('a 2 MB file of 5,000 small workloads parses every one', () => {
  const doc = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p-N }\nspec:\n  containers:\n    - name: a\n      readinessProbe: { tcpSocket: { port: 80 } }\n';
  const big = Array.from({ length: 5000 }, (_, i) => doc.replace('p-N', `p-${i}`)).join('---\n');
  const f = parseManifest(big);
  assert.equal(f.workloads.length, 5000);
  assert.equal(f.workloads[4999].name, 'p-4999');
});

test('fuzz: random edits of a manifest never make parsing or linting throw, spans stay in the text', () => {
  const base = `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  initContainers:\n    - name: i\n      restartPolicy: Always\n      livenessProbe: { exec: { command: [x] } }\n  containers:${CONTAINER.replace(/^ {4}/gm, '  ')}      lifecycle:\n        preStop: { sleep: { seconds: 40 } }\n`;
  const alphabet = [' ', '\n', '\t', ':', '-', '{', '}', '[', ']', '"', "'", '#', '&a', '*a', '{{', '}}', '---', '0', '-1', 'port', 'x'];
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(base.length), fc.nat(4), fc.constantFrom(...alphabet)), { maxLength: 8 }),
      (edits) => {
        let t = base;
        for (const [at, del, ins] of edits) {
          const p = Math.min(at, t.length);
          t = t.slice(0, p) + ins + t.slice(p + del);
        }
        const f = parseManifest(t);
        for (const finding of lintFile(f, { rules: Object.fromEntries(ALL_RULES.map((r) => [r.id, 'warning'])) })) {
          assert.ok(finding.span.start >= 0 && finding.span.end <= t.length && finding.span.start <= finding.span.end, finding.rule);
        }
      },
    ),
    { numRuns: 400 },
  );
});
