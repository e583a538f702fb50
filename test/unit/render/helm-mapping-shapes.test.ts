// Chart shapes real charts use, rendered by the real helm from the devDependency, and the file and
// line each finding is mapped to: a `range` whose `---` repeats the document, values that come through
// YAML anchors and `<<` merge keys, a number the template quotes, a key the template writes twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

interface J { file: string; rule: string; line: number; column: number; name?: string; container?: string; probe?: string; message: string }

const chart = (files: Record<string, string>): string => fileTree('kp-chart-shapes-', files);

async function lint(cwd: string, ...args: string[]) {
  const io = memoryIO(cwd);
  const code = await lintCommand([...args, '--helm', TOOLS.helm, '--format', 'json'], io);
  const findings: J[] = io.out ? JSON.parse(io.out) : [];
  return { code, err: io.err, findings, brief: findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.name}/${f.probe ?? '-'}`) };
}

const FLEET = {
  'fleet/Chart.yaml': 'apiVersion: v2\nname: fleet\nversion: 0.1.0\n',
  'fleet/values.yaml': [
    'defaults: &defaults', //                         1
    '  periodSeconds: 5', //                          2
    '  timeoutSeconds: 5', //                         3
    'services:', //                                   4
    '  alpha:', //                                    5
    '    port: 7000', //                              6
    '    probe:', //                                  7
    '      <<: *defaults', //                         8
    '      path: /a', //                              9
    '  beta:', //                                     10
    '    port: 7001', //                              11
    '    probe:', //                                  12
    '      <<: *defaults', //                         13
    '      periodSeconds: 4', //                      14
    '      path: /b', //                              15
    '',
  ].join('\n'),
  'fleet/templates/_probe.tpl': [
    '{{- define "fleet.probe" -}}', //                1
    'httpGet:', //                                    2
    '  path: {{ .probe.path }}', //                   3
    '  port: {{ .port | quote }}', //                 4
    'periodSeconds: {{ .probe.periodSeconds }}', //   5
    'timeoutSeconds: {{ .probe.timeoutSeconds }}', // 6
    '{{- end -}}', //                                 7
    '',
  ].join('\n'),
  'fleet/templates/deploys.yaml': [
    '{{- range $name, $svc := .Values.services }}', // 1
    '---', //                                         2
    'apiVersion: apps/v1', //                         3
    'kind: Deployment', //                            4
    'metadata:', //                                   5
    '  name: {{ $name }}', //                         6
    'spec:', //                                       7
    '  template:', //                                 8
    '    spec:', //                                   9
    '      containers:', //                           10
    '        - name: {{ $name }}', //                 11
    '          image: app', //                        12
    '          ports:', //                            13
    '            - containerPort: {{ $svc.port }}', //14
    '          readinessProbe:', //                   15
    '            {{- include "fleet.probe" $svc | nindent 12 }}', // 16
    '          livenessProbe:', //                    17
    '            tcpSocket:', //                      18
    '              port: {{ $svc.port }}', //         19
    '            periodSeconds: {{ $svc.probe.periodSeconds }}', // 20
    '            timeoutSeconds: 2', //               21
    '            timeoutSeconds: 30', //              22
    '{{- end }}', //                                  23
    '',
  ].join('\n'),
};

test('a range template, values through anchors and merge keys, a quoted number, a key written twice: each finding where it is fixed', async () => {
  const cwd = chart(FLEET);
  const r = await lint(cwd, 'fleet');
  assert.equal(r.code, 1, r.err);
  const want = (rule: string) => r.brief.filter((b) => b.includes(` ${rule} `)).sort();
  // The first document of the range maps as well as the second (the `{{- range }}` line is no document).
  assert.ok(!r.findings.some((f) => f.file === 'fleet/Chart.yaml'), r.brief.join('\n'));
  // readinessProbe timeoutSeconds 5 comes from the anchor `defaults` through `<<: *defaults` (line 3);
  // alpha's periodSeconds 5 too (line 2 is not reported: the finding sits on the timeout).
  assert.deepEqual(want('probe/timeout-ge-period'), [
    // The liveness timeoutSeconds written twice: the last one (30) counts, on line 22 of the template.
    'fleet/templates/deploys.yaml:22:29 probe/timeout-ge-period alpha/livenessProbe',
    'fleet/templates/deploys.yaml:22:29 probe/timeout-ge-period beta/livenessProbe',
    'fleet/values.yaml:3:19 probe/timeout-ge-period alpha/readinessProbe',
    'fleet/values.yaml:3:19 probe/timeout-ge-period beta/readinessProbe',
  ]);
  // The duplicate key is reported at its template line; the line its message names is the rendered one.
  const dup = r.findings.filter((f) => f.rule === 'schema/duplicate-key');
  assert.deepEqual(dup.map((f) => `${f.file}:${f.line}:${f.column}`), ['fleet/templates/deploys.yaml:22:13', 'fleet/templates/deploys.yaml:22:13']);
  assert.match(dup[0].message, /\(first on line \d+ of the rendered output\)/);
  const beta = r.findings.find((f) => f.rule === 'probe/timeout-ge-period' && f.name === 'beta' && f.probe === 'readinessProbe');
  assert.match(beta!.message, /timeoutSeconds 5 ≥ periodSeconds 4/);
  // `port: {{ .port | quote }}` made the number a string: the template line is what to change,
  // not `port: 7000` in values.yaml.
  assert.deepEqual(want('api/port-name-invalid'), [
    'fleet/templates/_probe.tpl:4:9 api/port-name-invalid alpha/readinessProbe',
    'fleet/templates/_probe.tpl:4:9 api/port-name-invalid beta/readinessProbe',
  ]);
});

test('an override merged over an anchor maps to the override, in a --values file outside the chart', async () => {
  const cwd = chart({
    ...FLEET,
    'env/prod.yaml': ['services:', '  beta:', '    probe:', '      timeoutSeconds: 9', ''].join('\n'),
  });
  const r = await lint(cwd, 'fleet', '--values', 'env/prod.yaml');
  const t = r.brief.filter((b) => b.includes('timeout-ge-period') && b.includes('readinessProbe')).sort();
  assert.deepEqual(t, ['env/prod.yaml:4:23 probe/timeout-ge-period beta/readinessProbe', 'fleet/values.yaml:3:19 probe/timeout-ge-period alpha/readinessProbe']);
});

test('a container named by a literal among literal and ranged containers maps to its own line', async () => {
  const cwd = chart({
    'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'c/values.yaml': 'sidecars:\n  - name: proxy\n    image: envoy\n',
    'c/templates/deploy.yaml': [
      'apiVersion: apps/v1', //                           1
      'kind: Deployment', //                              2
      'metadata:', //                                     3
      '  name: web', //                                   4
      'spec:', //                                         5
      '  template:', //                                   6
      '    spec:', //                                     7
      '      containers:', //                             8
      '        - name: api', //                           9
      '          image: api', //                          10
      '          readinessProbe: {tcpSocket: {port: 80}}', // 11
      '          livenessProbe: {tcpSocket: {port: 80}, failureThreshold: 9}', // 12
      '        - name: worker', //                        13
      '          image: worker', //                       14
      '        {{- range .Values.sidecars }}', //         15
      '        - name: {{ .name }}', //                   16
      '          image: {{ .image }}', //                 17
      '        {{- end }}', //                            18
      '',
    ].join('\n'),
  });
  const r = await lint(cwd, 'c');
  const missing = r.findings.filter((f) => f.rule === 'probe/missing-readiness').map((f) => `${f.file}:${f.line}:${f.column} ${f.container}`);
  assert.deepEqual(missing, ['c/templates/deploy.yaml:13:17 worker', 'c/values.yaml:2:11 proxy']);
});

test('a values file with a byte-order mark and CRLF line ends: the column of the value as an editor shows it', async () => {
  const cwd = chart({
    'b/Chart.yaml': 'apiVersion: v2\r\nname: b\r\nversion: 0.1.0\r\n',
    'b/values.yaml': '\uFEFFport: htp\r\nperiod: 5\r\ntimeout: 7\r\n',
    'b/templates/pod.yaml': [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x',
      '    ports: [{name: http, containerPort: 80}]',
      '    readinessProbe:',
      '      tcpSocket:',
      '        port: {{ .Values.port }}',
      '      periodSeconds: {{ .Values.period }}',
      '      timeoutSeconds: {{ .Values.timeout }}',
      '    livenessProbe: {tcpSocket: {port: http}, failureThreshold: 10}',
      '',
    ].join('\r\n'),
  });
  const r = await lint(cwd, 'b');
  const brief = r.findings.filter((f) => f.file === 'b/values.yaml').map((f) => `${f.line}:${f.column} ${f.rule}`).sort();
  assert.deepEqual(brief, ['1:7 probe/named-port-not-found', '3:10 probe/timeout-ge-period']);
});
