// Containers listed in values (`range .Values.containers`, sidecars and initContainers through
// `toYaml`), rendered by the real helm from the devDependency: `--set` with a list index (which
// replaces the chart's list, as helm does), and values no sentinel can follow (booleans, a map with
// no string or number in it) inside a block that came whole from values — each finding where it is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';
import { setKeyPaths } from '../../../src/core/render/helm-set';
import { TOOLS } from '../tools';
import { fileTree } from './file-tree';

interface J { file: string; rule: string; line: number; column: number; name?: string; container?: string; probe?: string; message: string }

const chart = (files: Record<string, string>): string => fileTree('kp-chart-lists-', files);

async function lint(cwd: string, ...args: string[]) {
  const io = memoryIO(cwd);
  const code = await lintCommand([...args, '--helm', TOOLS.helm, '--format', 'json'], io);
  const findings: J[] = io.out ? JSON.parse(io.out) : [];
  return { code, err: io.err, findings, brief: findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.container ?? '-'}/${f.probe ?? '-'}`) };
}

const SHOP = {
  'shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'shop/values.yaml': [
    'containers:', //                                  1
    '  - name: web', //                                2
    '    image: web:1', //                             3
    '    port: 8080', //                               4
    '    livenessProbe:', //                           5
    '      httpGet: {path: /healthz, port: 8080}', //  6
    '      periodSeconds: 10', //                      7
    '      timeoutSeconds: 2', //                      8
    '  - name: worker', //                             9
    '    image: worker:1', //                          10
    'initContainers:', //                              11
    '  - name: migrate', //                            12
    '    image: migrate:1', //                         13
    '    readinessProbe:', //                          14
    '      exec: {command: [true]}', //                15
    'sidecars:', //                                    16
    '  - name: proxy', //                              17
    '    image: envoy', //                             18
    '    ports:', //                                   19
    '      - containerPort: 15000', //                 20
    '    readinessProbe:', //                          21
    '      httpGet:', //                               22
    '        path: /ready', //                         23
    '        port: 15001', //                          24
    '      timeoutSeconds: 10', //                     25
    '      periodSeconds: 10', //                      26
    '',
  ].join('\n'),
  'shop/templates/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: shop',
    'spec:',
    '  selector:',
    '    matchLabels: {app: shop}',
    '  template:',
    '    metadata:',
    '      labels: {app: shop}',
    '    spec:',
    '      {{- with .Values.initContainers }}',
    '      initContainers:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '      containers:',
    '        {{- range .Values.containers }}',
    '        - name: {{ .name }}',
    '          image: {{ .image }}',
    '          ports:',
    '            - containerPort: {{ .port }}',
    '          {{- with .livenessProbe }}',
    '          livenessProbe:',
    '            {{- toYaml . | nindent 12 }}',
    '          {{- end }}',
    '        {{- end }}',
    '        {{- with .Values.sidecars }}',
    '        {{- toYaml . | nindent 8 }}',
    '        {{- end }}',
    '',
  ].join('\n'),
};

test('--set with a list index replaces the chart\'s list (as helm does): the other lists still map to values.yaml', async () => {
  const cwd = chart(SHOP);
  // periodSeconds 10 of the proxy equals the chart's containers[0] periodSeconds: a sentinel values
  // file that carried the chart's containers list would make helm edit it in place instead.
  const r = await lint(cwd, 'shop', '--set', 'containers[0].livenessProbe.periodSeconds=1');
  const proxy = r.brief.filter((b) => b.includes(' proxy/readinessProbe')).sort();
  assert.deepEqual(proxy, ['shop/values.yaml:24:15 probe/port-not-declared proxy/readinessProbe', 'shop/values.yaml:25:23 probe/timeout-ge-period proxy/readinessProbe']);
});

test('a boolean and a map with nothing a sentinel can follow, inside an init container that came whole from values', async () => {
  const cwd = chart(SHOP);
  const r = await lint(cwd, 'shop');
  const migrate = r.brief.filter((b) => b.includes(' migrate/')).sort();
  // `readinessProbe:` of the init container (line 14), and `true` in its command (line 15).
  assert.deepEqual(migrate, [
    'shop/values.yaml:14:5 api/init-container-probe-forbidden migrate/readinessProbe',
    'shop/values.yaml:15:24 schema/wrong-type migrate/readinessProbe',
  ]);
});

test('--set keys as helm reads them: lists, escaped dots and commas, several keys in one argument', () => {
  assert.deepEqual(setKeyPaths('containers[0].livenessProbe.periodSeconds=3'), [['containers', 0, 'livenessProbe', 'periodSeconds']]);
  assert.deepEqual(setKeyPaths('a.b[1].c[2]=x,d\\.e=1\\,2,f=g'), [['a', 'b', 1, 'c', 2], ['d.e'], ['f']]);
  assert.deepEqual(setKeyPaths('name="a,b"'), [['name'], ['b"']]); // helm splits there too
});

test('--set with a list index into a list a --values file holds edits it in place: its items still map to that file', async () => {
  const cwd = chart({
    ...SHOP,
    'prod.yaml': ['containers:', '  - name: web', '    image: web:2', '    port: 8080', '  - name: api', '    image: api:1', '    port: 7000', '    livenessProbe:', '      tcpSocket: {port: 7000}', '      timeoutSeconds: 9', '      periodSeconds: 5', ''].join('\n'),
  });
  const r = await lint(cwd, 'shop', '--values', 'prod.yaml', '--set', 'containers[0].livenessProbe.tcpSocket.port=8080');
  assert.deepEqual(r.brief.filter((b) => b.includes(' api/livenessProbe') && b.includes('timeout-ge-period')), ['prod.yaml:10:23 probe/timeout-ge-period api/livenessProbe']);
});
