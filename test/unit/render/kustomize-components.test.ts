// A folder holding overlays and the Kustomize Components they share (`kind: Component`), linted as
// a whole with the real kubectl from the devDependency: a component renders only inside the overlays
// that list it, so the folder search does not build it on its own (which kustomize refuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { unitContaining } from '../../../src/core/render';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

const tree = (files: Record<string, string>): string => fileTree('kp-kz-comp-', files);

const FILES = {
  'k/base/kustomization.yaml': 'resources:\n- worker.yaml\n',
  'k/base/worker.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: worker}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: worker',
    '        image: worker',
    '        ports: [{containerPort: 9090}]',
    '        readinessProbe: {tcpSocket: {port: 9090}}',
    '',
  ].join('\n'),
  'k/components/liveness/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: liveness.yaml\n',
  'k/components/liveness/liveness.yaml': [
    'apiVersion: apps/v1', //                 1
    'kind: Deployment', //                    2
    'metadata: {name: worker}', //            3
    'spec:', //                               4
    '  template:', //                         5
    '    spec:', //                           6
    '      containers:', //                   7
    '      - name: worker', //                8
    '        livenessProbe:', //              9
    '          tcpSocket: {port: 9091}', //   10
    '',
  ].join('\n'),
  'k/prod/kustomization.yaml': 'resources:\n- ../base\ncomponents:\n- ../components/liveness\nnamePrefix: prod-\n',
};

test('lint of a folder with overlays and a shared component: the component is rendered through the overlay only', async () => {
  const cwd = tree(FILES);
  const io = memoryIO(cwd);
  const code = await lintCommand(['k', '--kubectl', TOOLS.kubectl, '--format', 'json'], io);
  assert.doesNotMatch(io.err, /components\/liveness/, io.err);
  assert.notEqual(code, 2, io.err);
  const findings: Array<{ file: string; rule: string; line: number; name?: string }> = JSON.parse(io.out || '[]');
  const port = findings.filter((f) => f.rule === 'probe/port-not-declared').map((f) => `${f.file}:${f.line} ${f.name}`);
  assert.deepEqual(port, ['k/components/liveness/liveness.yaml:10 prod-worker']);
});

test('lint of the component folder itself: a note that it is linted through the overlays that list it, exit 0', async () => {
  const cwd = tree(FILES);
  const io = memoryIO(cwd);
  const code = await lintCommand(['k/components/liveness', '--kubectl', TOOLS.kubectl, '--format', 'json'], io);
  assert.equal(code, 0, io.err);
  assert.match(io.err, /k\/components\/liveness is a Kustomize Component/);
  assert.deepEqual(JSON.parse(io.out || '[]'), []);
});

test('in the editor a component is no unit of its own: its files belong to the unit around it, or to none', async () => {
  const cwd = tree({ ...FILES, 'k/prod/components/extra/kustomization.yaml': 'kind: Component\npatches:\n- path: p.yaml\n', 'k/prod/components/extra/p.yaml': 'kind: Deployment\n' });
  // Outside any overlay's folder: no unit (the overlays that list it cover its files once rendered).
  assert.equal(await unitContaining(join(cwd, 'k/components/liveness/liveness.yaml')), undefined);
  assert.equal(await unitContaining(join(cwd, 'k/components/liveness/kustomization.yaml')), undefined);
  // Inside an overlay's folder: that overlay.
  assert.equal((await unitContaining(join(cwd, 'k/prod/components/extra/p.yaml')))?.root, join(cwd, 'k/prod'));
  // An overlay and a base stay units.
  assert.equal((await unitContaining(join(cwd, 'k/base/worker.yaml')))?.root, join(cwd, 'k/base'));
});
