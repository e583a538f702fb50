// Source mapping of Kustomize overlays with the real kubectl: legacy patch fields and their order,
// components, containers added by patches, target selectors, renamed objects (kubectl's origin
// annotation), multi-document resource files and `kind: List`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomize } from '../../../src/core/render/kustomize';
import type { PathSegment } from '../../../src/core/manifest/model';
import type { Rendered } from '../../../src/core/render/types';
import { TOOLS } from '../tools';
import { lintAndLocate } from './kustomize-helpers';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kp-kust-map-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function render(root: string, dir: string, file = 'kustomization.yaml'): Promise<Rendered> {
  return renderKustomize({ kind: 'kustomize', root: join(root, dir), anchorFile: join(root, dir, file) }, { kubectlPath: TOOLS.kubectl });
}

/** "file:line text" of where a rendered field is fixed. */
async function where(r: Rendered, root: string, kind: string, path: PathSegment[], which: 'key' | 'value' = 'value'): Promise<string> {
  const o = r.objects.find((x) => x.kind === kind);
  assert.ok(o, `${kind} rendered`);
  const loc = await r.locate(o.docIndex, path, which);
  if (!loc) return 'unmapped';
  const text = readFileSync(loc.file, 'utf8');
  const line = text.slice(0, loc.span.start).split('\n').length;
  return `${loc.file.slice(root.length + 1)}:${line} ${text.slice(loc.span.start, loc.span.end)}`;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    tier: backend
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
            timeoutSeconds: 1
          readinessProbe:
            httpGet: {path: /ready, port: http}
`;
const C = ['spec', 'template', 'spec', 'containers', 0];

test('legacy fields: patchesStrategicMerge (file, inline), patches, patchesJson6902 (file, inline) in kustomize’s order', async () => {
  const root = tree({
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': DEPLOY,
    'ov/kustomization.yaml': `resources: [../base]
patchesStrategicMerge:
  - psm-file.yaml
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      template:
        spec:
          containers:
            - name: api
              livenessProbe:
                periodSeconds: 333
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api}
      spec:
        template:
          spec:
            containers:
              - name: api
                livenessProbe: {periodSeconds: 222, failureThreshold: 5}
patchesJson6902:
  - target: {group: apps, version: v1, kind: Deployment, name: api}
    path: ops.yaml
  - target: {group: apps, version: v1, kind: Deployment, name: api}
    patch: '[{"op": "add", "path": "/spec/template/spec/containers/0/readinessProbe/periodSeconds", "value": 7}]'
`,
    'ov/psm-file.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          livenessProbe:
            timeoutSeconds: 4
            periodSeconds: 444
`,
    'ov/ops.yaml': `- op: replace
  path: /spec/template/spec/containers/0/livenessProbe/periodSeconds
  value: 111
`,
  });
  const r = await render(root, 'ov');
  assert.match(r.text, /periodSeconds: 111/);
  // JSON 6902 runs last: its value wins over both strategic merges.
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe', 'periodSeconds']), 'ov/ops.yaml:3 111');
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe', 'periodSeconds'], 'key'), 'ov/ops.yaml:2 /spec/template/spec/containers/0/livenessProbe/periodSeconds');
  // patches runs after patchesStrategicMerge: failureThreshold from the inline `patches` entry.
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe', 'failureThreshold']), 'ov/kustomization.yaml:25 5');
  // Only the strategic-merge file sets timeoutSeconds.
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe', 'timeoutSeconds']), 'ov/psm-file.yaml:11 4');
  // An inline one-line JSON patch: at the value inside the string.
  assert.equal(await where(r, root, 'Deployment', [...C, 'readinessProbe', 'periodSeconds']), 'ov/kustomization.yaml:30 7');
  // The base keeps what no patch touched; the container's name is defined there.
  assert.equal(await where(r, root, 'Deployment', [...C, 'readinessProbe', 'httpGet', 'path']), 'base/deploy.yaml:25 /ready');
  assert.equal(await where(r, root, 'Deployment', [...C, 'name']), 'base/deploy.yaml:15 api');
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe'], 'key'), 'ov/ops.yaml:2 /spec/template/spec/containers/0/livenessProbe/periodSeconds');
});

test('a component’s patch, a container added by a patch, and a target chosen by label', async () => {
  const root = tree({
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': DEPLOY,
    'comp/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
  - path: sidecar.yaml
`,
    'comp/sidecar.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: proxy
          image: envoyproxy/envoy:v1.30
`,
    'ov/kustomization.yaml': `resources: [../base]
components: [../comp]
namePrefix: eu-
patches:
  - target:
      labelSelector: tier=backend
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/1/livenessProbe/timeoutSeconds
        value: 30
`,
  });
  const r = await render(root, 'ov');
  const found = await lintAndLocate(r, root);
  const at = (rule: string, container: string) => found.filter((f) => f.rule === rule && f.container === container).map((f) => `${f.file}:${f.line} ${f.text}`);
  // The container the component adds: its missing readiness probe is reported where it is added.
  assert.deepEqual(at('probe/missing-readiness', 'proxy'), ['comp/sidecar.yaml:9 proxy']);
  // timeout 30 ≥ period 10: on the inline JSON 6902 op of the overlay (selected by label).
  assert.deepEqual(at('probe/timeout-ge-period', 'api'), ['ov/kustomization.yaml:10 30']);
  assert.equal(r.objects.find((o) => o.kind === 'Deployment')?.name, 'eu-api');
});

test('an object renamed by a patch is found through kubectl’s origin annotation', async () => {
  const root = tree({
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': DEPLOY,
    'ov/kustomization.yml': `resources: [../base]
patches:
  - target: {kind: Deployment, name: api}
    options: {allowNameChange: true}
    patch: |-
      - op: replace
        path: /metadata/name
        value: backend
`,
  });
  const r = await render(root, 'ov', 'kustomization.yml');
  const d = r.objects.find((o) => o.kind === 'Deployment');
  assert.equal(d?.name, 'backend');
  assert.equal(d?.sourceFile, undefined); // the name chain cannot place it…
  // …kubectl's own origin annotation can.
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe', 'timeoutSeconds']), 'base/deploy.yaml:23 1');
  assert.equal(await where(r, root, 'Deployment', ['metadata', 'name']), 'base/deploy.yaml:4 api');
});

test('multi-document resource files and kind: List items map to their own document', async () => {
  const root = tree({
    'Kustomization': 'resources: [all.yaml, list.yaml]\nnamespace: team\n',
    'all.yaml': `apiVersion: v1
kind: Service
metadata: {name: api}
spec: {ports: [{port: 80}]}
---
${DEPLOY}`,
    'list.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: worker}
    spec:
      containers:
        - name: w
          image: busybox
          livenessProbe:
            exec: {command: [cat, /tmp/ok]}
            timeoutSeconds: 9
            periodSeconds: 3
`,
  });
  const r = await render(root, '.', 'Kustomization');
  assert.equal(await where(r, root, 'Deployment', [...C, 'livenessProbe', 'periodSeconds']), 'all.yaml:27 10');
  assert.equal(await where(r, root, 'Pod', ['spec', 'containers', 0, 'livenessProbe', 'timeoutSeconds']), 'list.yaml:13 9');
  assert.equal(r.objects.find((o) => o.kind === 'Pod')?.namespace, 'team');
});

test('JSON 6902 indexes are those the operation saw: replayed through earlier adds and strategic merges that reorder containers', async () => {
  const root = tree({
    'base/kustomization.yaml': `resources: [deploy.yaml]
patches:
  - target: {kind: Deployment}
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/1/livenessProbe/timeoutSeconds
        value: 12
      - op: add
        path: /spec/template/spec/containers/0
        value: {name: init-db, image: busybox}
      - op: add
        path: /spec/template/spec/containers/1/readinessProbe
        value:
          tcpSocket: {port: 80}
          timeoutSeconds: 3
`,
    'base/deploy.yaml': DEPLOY.replace('      containers:\n', '      containers:\n        - name: side\n          image: busybox\n'),
    'ov/kustomization.yaml': `resources: [../base]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api}
      spec:
        template:
          spec:
            containers:
              - name: side
                image: busybox:1.36
`,
  });
  const r = await render(root, 'ov');
  const out = r.text.slice(r.text.indexOf('containers:'));
  // Rendered order: side (named by the strategic merge), init-db, api.
  assert.ok(out.indexOf('name: side') < out.indexOf('name: init-db') && out.indexOf('name: init-db') < out.indexOf('name: api'), out);
  const c = (i: number) => ['spec', 'template', 'spec', 'containers', i];
  // When the first operation ran, containers/1 was api (rendered at 2).
  assert.equal(await where(r, root, 'Deployment', [...c(2), 'livenessProbe', 'timeoutSeconds']), 'base/kustomization.yaml:7 12');
  // After the insert at 0, containers/1 was side (rendered at 0).
  assert.equal(await where(r, root, 'Deployment', [...c(0), 'readinessProbe', 'timeoutSeconds']), 'base/kustomization.yaml:15 3');
  assert.equal(await where(r, root, 'Deployment', [...c(0), 'readinessProbe'], 'key'), 'base/kustomization.yaml:12 /spec/template/spec/containers/1/readinessProbe');
  // The container the second operation added is defined there; side's image by the overlay.
  assert.equal(await where(r, root, 'Deployment', [...c(1), 'name']), 'base/kustomization.yaml:10 init-db');
  assert.equal(await where(r, root, 'Deployment', [...c(0), 'image']), 'ov/kustomization.yaml:12 busybox:1.36');
  assert.equal(await where(r, root, 'Deployment', [...c(2), 'livenessProbe', 'periodSeconds']), 'base/deploy.yaml:24 10');
});
