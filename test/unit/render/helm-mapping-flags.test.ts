// A bitnami-style chart (a `common` library subchart, probes from values with `enabled:` flags and
// `omit`, `custom…Probe` overrides) rendered by the real helm from the devDependency: a probe that a
// values flag turned off is reported at that flag — the line the user changes to bring it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

interface J { file: string; rule: string; line: number; column: number; endColumn: number; container?: string; probe?: string; message: string }

const chart = (files: Record<string, string>): string => fileTree('kp-chart-flags-', files);

async function lint(cwd: string, ...args: string[]) {
  const io = memoryIO(cwd);
  const code = await lintCommand([...args, '--helm', TOOLS.helm, '--format', 'json'], io);
  const findings: J[] = io.out ? JSON.parse(io.out) : [];
  const missing = findings.filter((f) => f.rule.startsWith('probe/missing-')).map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn} ${f.rule} ${f.container}`).sort();
  return { code, err: io.err, findings, missing };
}

const probeValues = (enabled: boolean, indent = '') =>
  [`enabled: ${enabled}`, 'initialDelaySeconds: 10', 'periodSeconds: 10', 'timeoutSeconds: 1', 'failureThreshold: 3'].map((l) => `${indent}  ${l}`);

const BN = {
  'bn/Chart.yaml': 'apiVersion: v2\nname: bn\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n',
  'bn/charts/common/Chart.yaml': 'apiVersion: v2\nname: common\ntype: library\nversion: 2.0.0\n',
  'bn/charts/common/templates/_tplvalues.tpl': [
    '{{- define "common.tplvalues.render" -}}',
    '{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) }}',
    '{{- if contains "{{" (toJson .value) }}',
    '  {{- tpl $value .context }}',
    '{{- else }}',
    '    {{- $value }}',
    '{{- end }}',
    '{{- end -}}',
    '',
  ].join('\n'),
  'bn/values.yaml': [
    'livenessProbe:', //            1
    ...probeValues(true), //        2-6
    'readinessProbe:', //           7
    ...probeValues(false), //       8-12
    'customReadinessProbe: {}', //  13
    'metrics:', //                  14
    '  enabled: true', //           15
    '  livenessProbe:', //          16
    ...probeValues(false, '  '), // 17-21
    '',
  ].join('\n'),
  'bn/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-bn',
    'spec:',
    '  selector:',
    '    matchLabels: {app: bn}',
    '  template:',
    '    metadata:',
    '      labels: {app: bn}',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: app:1',
    '          ports:',
    '            - {name: http, containerPort: 8080}',
    '          {{- if .Values.livenessProbe.enabled }}',
    '          livenessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.livenessProbe "enabled") "context" $) | nindent 12 }}',
    '            tcpSocket:',
    '              port: http',
    '          {{- end }}',
    '          {{- if .Values.customReadinessProbe }}',
    '          readinessProbe: {{- include "common.tplvalues.render" (dict "value" .Values.customReadinessProbe "context" $) | nindent 12 }}',
    '          {{- else if .Values.readinessProbe.enabled }}',
    '          readinessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.readinessProbe "enabled") "context" $) | nindent 12 }}',
    '            httpGet:',
    '              path: /ready',
    '              port: http',
    '          {{- end }}',
    '        {{- if .Values.metrics.enabled }}',
    '        - name: metrics',
    '          image: exporter:1',
    '          ports:',
    '            - {name: metrics, containerPort: 9100}',
    '          readinessProbe: {tcpSocket: {port: metrics}}',
    '          {{- if .Values.metrics.livenessProbe.enabled }}',
    '          livenessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.metrics.livenessProbe "enabled") "context" $) | nindent 12 }}',
    '            tcpSocket:',
    '              port: metrics',
    '          {{- end }}',
    '        {{- end }}',
    '',
  ].join('\n'),
};

test('a probe turned off by an `enabled: false` flag is reported at that flag, for each container its own', async () => {
  const cwd = chart(BN);
  const r = await lint(cwd, 'bn');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.missing, [
    'bn/values.yaml:17:14-19 probe/missing-liveness metrics', // metrics.livenessProbe.enabled
    'bn/values.yaml:8:12-17 probe/missing-readiness app', //    readinessProbe.enabled
  ]);
});

test('a --values file that turns the probe off holds the finding; --set leaves it on the container', async () => {
  const cwd = chart({ ...BN, 'off.yaml': 'readinessProbe:\n  enabled: true\nlivenessProbe:\n  enabled: false\n' });
  const r = await lint(cwd, 'bn', '--values', 'off.yaml');
  assert.deepEqual(r.missing, ['bn/values.yaml:17:14-19 probe/missing-liveness metrics', 'off.yaml:4:12-17 probe/missing-liveness app']);
  const s = await lint(cwd, 'bn', '--set', 'livenessProbe.enabled=false', '--set', 'metrics.livenessProbe.enabled=true', '--set', 'readinessProbe.enabled=true');
  // No file holds the value --set gave: the container, as for any missing probe.
  assert.deepEqual(s.missing, ['bn/templates/deployment.yaml:13:17-20 probe/missing-liveness app']);
});
