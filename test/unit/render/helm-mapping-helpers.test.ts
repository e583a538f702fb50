// Probes written whole by a named template (`{{- include "hp.probes" . | nindent 14 }}`, the probe keys
// at the top of the `define`), rendered by the real helm from the devDependency: a finding on the
// probe itself goes to the helper's line that writes the probe key, not to an enclosing template key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

const chart = (files: Record<string, string>): string => fileTree('kp-chart-helpers-', files);

test('a CronJob whose probes a helper writes: the probe key in the helper that the template includes', async () => {
  const cwd = chart({
    'hp/Chart.yaml': 'apiVersion: v2\nname: hp\nversion: 0.1.0\n',
    'hp/values.yaml': 'probes:\n  path: /healthz\n  port: 8080\n  timeout: 3\n',
    'hp/templates/_helpers.tpl': [
      '{{- define "hp.other" -}}', //                     1
      'livenessProbe:', //                                 2
      '  exec: {command: [true]}', //                      3
      '{{- end -}}', //                                    4
      '{{- define "hp.probes" -}}', //                     5
      'livenessProbe:', //                                 6
      '  httpGet:', //                                     7
      '    path: {{ .Values.probes.path }}', //            8
      '    port: {{ .Values.probes.port }}', //            9
      '  periodSeconds: 3', //                             10
      '  timeoutSeconds: {{ .Values.probes.timeout }}', // 11
      'readinessProbe:', //                                12
      '  httpGet: {path: /ready, port: 8080}', //          13
      '  periodSeconds: 2', //                             14
      '  timeoutSeconds: 2', //                            15
      '{{- end -}}', //                                    16
      '',
    ].join('\n'),
    'hp/templates/cron.yaml': [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: {{ .Release.Name }}-cron',
      'spec:',
      '  schedule: "*/5 * * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          restartPolicy: OnFailure',
      '          containers:',
      '            - name: job',
      '              image: job:1',
      '              ports: [{containerPort: 8080}]',
      '              {{- include "hp.probes" . | nindent 14 }}',
      '',
    ].join('\n'),
  });
  const io = memoryIO(cwd);
  await lintCommand(['hp', '--helm', TOOLS.helm, '--format', 'json'], io);
  const findings: Array<{ file: string; rule: string; line: number; column: number; probe?: string }> = JSON.parse(io.out || '[]');
  const batch = findings.filter((f) => f.rule === 'probe/in-batch-workload').map((f) => `${f.file}:${f.line}:${f.column} ${f.probe}`).sort();
  assert.deepEqual(batch, ['hp/templates/_helpers.tpl:12:1 readinessProbe', 'hp/templates/_helpers.tpl:6:1 livenessProbe']);
  const timeout = findings.filter((f) => f.rule === 'probe/timeout-ge-period').map((f) => `${f.file}:${f.line}:${f.column} ${f.probe}`).sort();
  assert.deepEqual(timeout, ['hp/templates/_helpers.tpl:15:19 readinessProbe', 'hp/values.yaml:4:12 livenessProbe']);
});
