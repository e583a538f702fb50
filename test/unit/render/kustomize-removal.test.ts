// A probe an overlay takes out (JSON 6902 `op: remove`, strategic merge `readinessProbe: null` or
// `$patch: delete`): the missing-probe finding goes to that removal, not to the base that still has
// the probe. Real kubectl kustomize from the devDependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

const tree = (files: Record<string, string>): string => fileTree('kp-kz-removal-', files);

const BASE = {
  'base/kustomization.yaml': 'resources:\n- app.yaml\n',
  'base/app.yaml': [
    'apiVersion: apps/v1', //                   1
    'kind: Deployment', //                      2
    'metadata:', //                             3
    '  name: app', //                           4
    'spec:', //                                 5
    '  template:', //                           6
    '    spec:', //                             7
    '      containers:', //                     8
    '      - name: web', //                     9
    '        image: web', //                    10
    '        ports: [{containerPort: 80}]', //  11
    '        readinessProbe:', //               12
    '          tcpSocket: {port: 80}', //       13
    '        livenessProbe:', //                14
    '          tcpSocket: {port: 80}', //       15
    '          failureThreshold: 6', //         16
    '      - name: side', //                    17
    '        image: side', //                   18
    '        ports: [{containerPort: 81}]', //  19
    '        readinessProbe:', //               20
    '          tcpSocket: {port: 81}', //       21
    '        livenessProbe:', //                22
    '          tcpSocket: {port: 81}', //       23
    '          failureThreshold: 6', //         24
    '',
  ].join('\n'),
};

async function lint(cwd: string, dir: string) {
  const io = memoryIO(cwd);
  const code = await lintCommand([dir, '--kubectl', TOOLS.kubectl, '--format', 'json'], io);
  const findings: Array<{ file: string; rule: string; line: number; column: number; container?: string }> = io.out ? JSON.parse(io.out) : [];
  return { code, err: io.err, brief: findings.filter((f) => f.rule.startsWith('probe/missing-r')).map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.container}`).sort() };
}

test('JSON 6902 remove, inline: the missing-readiness finding is on the remove operation', async () => {
  const cwd = tree({
    ...BASE,
    'dev/kustomization.yaml': [
      'resources:', //                                                  1
      '- ../base', //                                                   2
      'patches:', //                                                    3
      '- target: {kind: Deployment, name: app}', //                     4
      '  patch: |-', //                                                 5
      '    - op: replace', //                                           6
      '      path: /spec/template/spec/containers/1/livenessProbe/failureThreshold', // 7
      '      value: 7', //                                              8
      '    - op: remove', //                                            9
      '      path: /spec/template/spec/containers/1/readinessProbe', // 10
      '',
    ].join('\n'),
  });
  const r = await lint(cwd, 'dev');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.brief, ['dev/kustomization.yaml:10:13 probe/missing-readiness side']);
});

test('strategic merge `readinessProbe: null` and `$patch: delete` in patch files: on that key', async () => {
  const cwd = tree({
    ...BASE,
    'dev/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: drop-web.yaml\n- path: drop-side.yaml\n',
    'dev/drop-web.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: app}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: web',
      '        readinessProbe: null', // 9
      '',
    ].join('\n'),
    'dev/drop-side.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: app}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: side',
      '        readinessProbe:', // 9
      '          $patch: delete',
      '',
    ].join('\n'),
  });
  const r = await lint(cwd, 'dev');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.brief, ['dev/drop-side.yaml:9:9 probe/missing-readiness side', 'dev/drop-web.yaml:9:9 probe/missing-readiness web']);
});

test('a probe the base never had stays on the base container', async () => {
  const cwd = tree({
    'base/kustomization.yaml': 'resources:\n- app.yaml\n',
    'base/app.yaml': BASE['base/app.yaml'].replace('        readinessProbe:\n          tcpSocket: {port: 81}\n', ''),
    'dev/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: dev-\n',
  });
  const r = await lint(cwd, 'dev');
  assert.deepEqual(r.brief, ['base/app.yaml:17:15 probe/missing-readiness side']);
});
