// Helm/Go templates outside a chart: literal values are linted like any manifest; only findings
// that depend on a value a template fills in are dropped (lint/engine.ts isTemplateArtifact,
// manifest/template-holes.ts). Names that are templated are shown as {{ … }}, never as mask characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintText } from '../../../src/core/lint/engine';
import { ALL_RULES } from '../../../src/core/lint/rules';
import type { LintConfig } from '../../../src/core/lint/types';
import { TEMPLATE_MASK_CHAR } from '../../../src/core/manifest/split';

const EXAMPLE = readFileSync(resolve(__dirname, '../../../examples/manifests/helm-template.yaml'), 'utf8');
const ALL_ON: LintConfig = { rules: Object.fromEntries(ALL_RULES.map((r) => [r.id, r.defaultSeverity === 'off' ? 'info' : r.defaultSeverity])) };

function lint(text: string, config: LintConfig = {}) {
  return lintText(text, 'template.yaml', config).findings.map((f) => ({ rule: f.rule, text: text.slice(f.span.start, f.span.end), f }));
}

test('examples/manifests/helm-template.yaml: a literal periodSeconds: -1 is reported although the container name is templated', () => {
  const broken = EXAMPLE.replace(/(livenessProbe:\n(?:.*\n)*?\s+)periodSeconds: 10\n/, '$1periodSeconds: -1\n');
  assert.notEqual(broken, EXAMPLE);
  const seen = lint(broken);
  assert.deepEqual(seen.map((s) => [s.rule, s.text]), [['api/probe-negative-field', '-1']]);
  const f = seen[0].f;
  assert.equal(f.container, '{{ … }}');
  assert.equal(f.name, '{{ … }}');
  assert.ok(![f.container, f.name, f.message].some((s) => s?.includes(TEMPLATE_MASK_CHAR)), 'no mask characters');
  // As written, the example is lint-clean at the default severities.
  assert.deepEqual(lint(EXAMPLE).map((s) => s.rule), []);
});

test('every rule on: nothing about the templated readiness probe or the templated failureThreshold', () => {
  const seen = lint(EXAMPLE, ALL_ON);
  // Only the literal liveness probe's own timing (all written out but initialDelay/timeout/success) is left.
  assert.deepEqual(seen.map((s) => [s.rule, s.text]), [['probe/explicit-timing-fields', 'livenessProbe']]);
});

const POD = (container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  containers:
${container}`;

test('a finding whose value is templated is dropped; the same mistake written literally next to it is not', () => {
  const yaml = POD(`    - name: app
      image: {{ .Values.image }}
      livenessProbe:
        tcpSocket: { port: 8080 }
        periodSeconds: {{ .Values.period }}
        timeoutSeconds: -1
`);
  assert.deepEqual(lint(yaml).map((s) => [s.rule, s.text]), [['probe/port-not-declared', '8080'], ['api/probe-negative-field', '-1']]);
});

test('a rule that reads a templated value does not report (port resolution against a templated port list)', () => {
  const yaml = POD(`    - name: {{ .Chart.Name }}
      image: demo
      ports:
        - name: {{ .Values.portName }}
          containerPort: 8080
      readinessProbe:
        httpGet: { path: /ready, port: http }
`);
  assert.deepEqual(lint(yaml).filter((s) => s.rule === 'probe/named-port-not-found'), [], 'the port name is only known after rendering');
  const literal = yaml.replace('{{ .Values.portName }}', 'web');
  assert.deepEqual(lint(literal).filter((s) => s.rule === 'probe/named-port-not-found').map((s) => s.text), ['http'], 'a literal port name is checked');
});

test('a probe whose body comes from a template (action alone on its line) is not judged; its siblings are', () => {
  const yaml = POD(`    - name: app
      image: demo
      readinessProbe:
        {{- toYaml .Values.readinessProbe | nindent 8 }}
      livenessProbe: {}
`);
  const seen = lint(yaml);
  assert.deepEqual(seen.map((s) => [s.rule, s.text]), [['api/probe-no-handler', 'livenessProbe']]);
});

test('probes that a template may add to the container: missing-* rules stay silent; without the action they report', () => {
  const yaml = POD(`    - name: app
      image: demo
      {{- include "demo.probes" . | nindent 6 }}
      startupProbe:
        tcpSocket: { port: 8080 }
        periodSeconds: -5
`);
  const config: LintConfig = { rules: { 'probe/missing-liveness': 'warning', 'probe/missing-readiness': 'warning' } };
  const seen = lint(yaml, config);
  assert.deepEqual(seen.map((s) => s.rule), ['api/probe-negative-field'], 'the literal startup probe is still linted; its port may be declared by the template');
  const plain = lint(yaml.replace(/^.*include "demo.probes".*\n/m, ''), config).map((s) => s.rule).sort();
  assert.deepEqual(plain, ['api/probe-negative-field', 'probe/missing-liveness', 'probe/missing-readiness', 'probe/port-not-declared']);
});
