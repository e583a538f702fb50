// Probes a chart takes from a values file as a STRING — a block scalar or quoted string rendered as
// YAML by `{{ tpl .Values.livenessProbe . | nindent 12 }}` — rendered by the real helm from the
// devDependency: each finding goes to its line inside the string, where the user fixes it; a line
// that two strings could have written keeps the template line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

interface J { file: string; rule: string; line: number; column: number; endColumn: number; name?: string; container?: string; probe?: string; message: string }

const chart = (files: Record<string, string>): string => fileTree('kp-chart-strings-', files);

async function lint(cwd: string, ...args: string[]) {
  const io = memoryIO(cwd);
  const code = await lintCommand([...args, '--helm', TOOLS.helm, '--format', 'json'], io);
  const findings: J[] = io.out ? JSON.parse(io.out) : [];
  return { code, err: io.err, findings, brief: findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn} ${f.rule} ${f.container}/${f.probe ?? '-'}`) };
}

const VALUES = [
  'port: 8080', //                                                  1
  'livenessProbe: |', //                                            2
  '  httpGet:', //                                                  3
  '    path: /healthz', //                                          4
  '    port: {{ .Values.port }}', //                                5
  '  periodSeconds: 5', //                                          6
  '  timeoutSeconds: 5', //                                         7
  'readinessProbe: |-', //                                          8
  '  tcpSocket:', //                                                9
  '    port: http', //                                              10
  '  periodSeconds: 10', //                                         11
  '  timeoutSeconds: {{ .Values.readyTimeout | default 12 }}', //   12
  'startupProbe: "exec: {command: [cat, /tmp/ok]}\\nperiodSeconds: 3\\ntimeoutSeconds: 4\\n"', // 13
  '',
].join('\n');

const DEPLOY = [
  'apiVersion: apps/v1', //                                   1
  'kind: Deployment', //                                      2
  'metadata:', //                                             3
  '  name: {{ .Release.Name }}-tp', //                        4
  'spec:', //                                                 5
  '  selector:', //                                           6
  '    matchLabels: {app: tp}', //                            7
  '  template:', //                                           8
  '    metadata:', //                                         9
  '      labels: {app: tp}', //                               10
  '    spec:', //                                             11
  '      containers:', //                                     12
  '        - name: app', //                                   13
  '          image: app:1', //                                14
  '          ports:', //                                      15
  '            - name: http', //                              16
  '              containerPort: {{ .Values.port }}', //       17
  '          livenessProbe:', //                              18
  '            {{- tpl .Values.livenessProbe . | nindent 12 }}', // 19
  '          readinessProbe: {{ tpl .Values.readinessProbe $ | nindent 12 }}', // 20
  '          startupProbe:', //                               21
  '{{ tpl .Values.startupProbe . | indent 12 }}', //          22
  '',
].join('\n');

test('probes given as tpl strings in values.yaml: each field maps to its line inside the string', async () => {
  const cwd = chart({ 'tp/Chart.yaml': 'apiVersion: v2\nname: tp\nversion: 0.1.0\n', 'tp/values.yaml': VALUES, 'tp/templates/deploy.yaml': DEPLOY });
  const r = await lint(cwd, 'tp');
  assert.equal(r.code, 0, r.err);
  const startupCol = VALUES.split('\n')[12].indexOf('timeoutSeconds: 4') + 'timeoutSeconds: '.length + 1;
  assert.deepEqual(r.brief.filter((b) => b.includes('timeout-ge-period')).sort(), [
    // A `default` inside the string: the string's line that writes the key, at its template action.
    'tp/values.yaml:12:19-58 probe/timeout-ge-period app/readinessProbe',
    // A double-quoted string with `\n` escapes: the value inside the quotes.
    `tp/values.yaml:13:${startupCol}-${startupCol + 1} probe/timeout-ge-period app/startupProbe`,
    // Block scalar `|`: the value on line 7 of values.yaml.
    'tp/values.yaml:7:19-20 probe/timeout-ge-period app/livenessProbe',
  ]);
  // A finding on the probe itself goes to the values key of the string that wrote the whole probe
  // (the port came through `{{ .Values.port }}` inside it).
  const onProbe = r.brief.filter((b) => b.includes('liveness-less-tolerant-than-readiness'));
  assert.ok(onProbe.length > 0, r.brief.join('\n'));
  for (const b of onProbe) assert.match(b, /^tp\/values\.yaml:2:1-14 /);
});

test('the string of a --values file that overrides the chart\'s maps there; a line two strings could have written keeps the template line', async () => {
  const cwd = chart({
    'tp/Chart.yaml': 'apiVersion: v2\nname: tp\nversion: 0.1.0\n',
    'tp/values.yaml': VALUES,
    'tp/templates/deploy.yaml': DEPLOY,
    'prod.yaml': [
      'livenessProbe: |', //         1
      '  tcpSocket:', //             2
      '    port: http', //           3
      '  periodSeconds: 10', //      4
      '  timeoutSeconds: 10', //     5
      'readinessProbe: |', //        6
      '  tcpSocket:', //             7
      '    port: http', //           8
      '  periodSeconds: 10', //      9
      '  timeoutSeconds: 10', //     10
      '',
    ].join('\n'),
  });
  const r = await lint(cwd, 'tp', '--values', 'prod.yaml');
  const t = r.brief.filter((b) => b.includes('timeout-ge-period')).sort();
  // Both strings hold `timeoutSeconds: 10` and both reappear whole in each probe: the template line.
  assert.deepEqual(t.filter((b) => !b.includes('startupProbe')), [
    'tp/templates/deploy.yaml:19:13-60 probe/timeout-ge-period app/livenessProbe',
    'tp/templates/deploy.yaml:20:11-25 probe/timeout-ge-period app/readinessProbe',
  ]);
  assert.ok(t.some((b) => b.startsWith('tp/values.yaml:13:') && b.includes('startupProbe')), t.join('\n'));
});

test('a tpl string that differs between two probes: each maps to its own string in the --values file', async () => {
  const cwd = chart({
    'tp/Chart.yaml': 'apiVersion: v2\nname: tp\nversion: 0.1.0\n',
    'tp/values.yaml': VALUES,
    'tp/templates/deploy.yaml': DEPLOY,
    'prod.yaml': [
      'livenessProbe: |', //         1
      '  tcpSocket:', //             2
      '    port: http', //           3
      '  periodSeconds: 10', //      4
      '  timeoutSeconds: 10', //     5
      'readinessProbe: |', //        6
      '  tcpSocket:', //             7
      '    port: http', //           8
      '  periodSeconds: 10', //      9
      '  timeoutSeconds: 10', //     10
      '  failureThreshold: 2', //    11
      '',
    ].join('\n'),
  });
  const r = await lint(cwd, 'tp', '--values', 'prod.yaml');
  const t = r.brief.filter((b) => b.includes('timeout-ge-period') && !b.includes('startupProbe')).sort();
  // The readiness string covers more of the rendered readiness probe than the liveness string does.
  assert.deepEqual(t, ['prod.yaml:10:19-21 probe/timeout-ge-period app/readinessProbe', 'prod.yaml:5:19-21 probe/timeout-ge-period app/livenessProbe']);
});
