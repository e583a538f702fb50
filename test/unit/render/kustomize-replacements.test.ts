// A probe field an overlay's `replacements` writes (copied from a ConfigMap or another object): the
// finding goes to the replacement's fieldPath that targets it, not to the base line that still holds
// the value the replacement overwrote. Real kubectl kustomize from the devDependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

const tree = (files: Record<string, string>): string => fileTree('kp-kz-repl-', files);

const FILES = {
  'base/kustomization.yaml': 'resources:\n- web.yaml\n',
  'base/web.yaml': [
    'apiVersion: apps/v1', //                          1
    'kind: Deployment', //                             2
    'metadata:', //                                    3
    '  name: web', //                                  4
    'spec:', //                                        5
    '  template:', //                                  6
    '    spec:', //                                    7
    '      containers:', //                            8
    '      - name: web', //                            9
    '        image: web', //                           10
    '        ports: [{name: http, containerPort: 8080}]', // 11
    '        readinessProbe:', //                      12
    '          httpGet: {path: /ready, port: http}', // 13
    '        livenessProbe:', //                       14
    '          httpGet: {path: /live, port: http}', // 15
    '          timeoutSeconds: 1', //                  16
    '',
  ].join('\n'),
  'prod/kustomization.yaml': [
    'resources:', //                                   1
    '- ../base', //                                    2
    'namePrefix: prod-', //                            3
    'configMapGenerator:', //                          4
    '- name: ports', //                                5
    '  literals: [PORT=9999, TIMEOUT=30]', //          6
    'replacements:', //                                7
    '- source: {kind: ConfigMap, name: ports, fieldPath: data.PORT}', // 8
    '  targets:', //                                   9
    '  - select: {kind: Deployment, name: web}', //    10
    '    fieldPaths:', //                              11
    '    - spec.template.spec.containers.[name=web].readinessProbe.httpGet.port', // 12
    '- path: timeout-replacement.yaml', //             13
    '',
  ].join('\n'),
  'prod/timeout-replacement.yaml': [
    'source: {kind: ConfigMap, name: ports, fieldPath: data.TIMEOUT}', // 1
    'targets:', //                                     2
    '- select: {kind: Deployment}', //                 3
    '  fieldPaths:', //                                4
    '  - spec.template.spec.containers.0.livenessProbe.timeoutSeconds', // 5
    '  options: {create: true}', //                    6
    '',
  ].join('\n'),
};

test('a probe field set by replacements (inline, and in a file): the fieldPath that targets it', async () => {
  const cwd = tree(FILES);
  const io = memoryIO(cwd);
  const code = await lintCommand(['prod', '--kubectl', TOOLS.kubectl, '--format', 'json'], io);
  const findings: Array<{ file: string; rule: string; line: number; column: number; probe?: string; message: string }> = io.out ? JSON.parse(io.out) : [];
  const brief = findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.probe}`);
  assert.ok(code === 1 || code === 0, io.err);
  // port "9999" (a string from the ConfigMap: a port name that is a number) is the replacement's doing.
  const port = brief.filter((b) => b.includes('readinessProbe') && /port/.test(b));
  assert.ok(port.length > 0, brief.join('\n'));
  for (const b of port) assert.match(b, /^prod\/kustomization\.yaml:12:7 /);
  // timeoutSeconds "30" written into livenessProbe by the replacement file.
  const lv = findings.filter((f) => f.probe === 'livenessProbe' && /timeoutSeconds/.test(f.message));
  assert.ok(lv.length > 0, brief.join('\n'));
  for (const f of lv) assert.equal(`${f.file}:${f.line}:${f.column}`, 'prod/timeout-replacement.yaml:5:5');
});
