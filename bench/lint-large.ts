// Linting one very large file, against the YAML parser alone on the same text, measured in the same run
// (node --import tsx bench/lint-large.ts [MB], default 20). Generated inputs, so it runs anywhere:
//  - multi: thousands of Deployments, StatefulSets and Services with probes, one document each;
//  - list: one `kind: List` document holding thousands of Deployments;
//  - configmap: one ConfigMap whose value is a single huge block string;
//  - broken: the multi-document text with a syntax error every hundred lines.
// For each: the full lint (parse + every rule + the JSON and SARIF output of the CLI, parse cache cleared)
// as a ratio to `yaml`'s parseAllDocuments, and the same ratio at a quarter of the size — about equal
// ratios mean the lint grows linearly with the file, as the parser does. Prints figures; never fails on a goal.
import type { lintText as LintText } from '../src/core/lint/engine';
import type { clearParseCache as ClearParseCache } from '../src/core/manifest/parse';
import type { toJson as ToJson, toSarif as ToSarif } from '../src/cli/lint';
import type { parseAllDocuments as ParseAllDocuments } from 'yaml';
import { loadBundle, median, timeRuns } from './util';

interface Bundle {
  lintText: typeof LintText;
  clearParseCache: typeof ClearParseCache;
  toJson: typeof ToJson;
  toSarif: typeof ToSarif;
  parseAllDocuments: typeof ParseAllDocuments;
}
const { lintText, clearParseCache, toJson, toSarif, parseAllDocuments } = loadBundle<Bundle>([
  "export { lintText } from './src/core/lint/engine';",
  "export { clearParseCache } from './src/core/manifest/parse';",
  "export { toJson, toSarif } from './src/cli/lint';",
  "export { parseAllDocuments } from 'yaml';",
], 'bench-lint-large-entry');

const MB = 1024 * 1024;

/** A workload with three probes (some findings on purpose) and the Service that selects it. */
function workload(i: number): string {
  const kind = i % 3 === 0 ? 'StatefulSet' : 'Deployment';
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: app-${i}
  namespace: ns-${i % 17}
  labels: { app: app-${i} }
spec:
  replicas: 2
${kind === 'StatefulSet' ? `  serviceName: app-${i}\n` : ''}  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i}, tier: web }
    spec:
      containers:
        - name: web
          image: example/web:${i}
          ports:
            - { name: http, containerPort: 8080 }
          livenessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: ${i % 5 === 0 ? 1 : 10}
            timeoutSeconds: ${i % 7 === 0 ? 20 : 1}
          readinessProbe:
            httpGet: { path: /ready, port: ${i % 4 === 0 ? 'metrics' : 'http'} }
${i % 2 ? '          # kube-probes-disable-next-line\n' : ''}          startupProbe:
            tcpSocket: { port: 8080 }
            failureThreshold: 30
        - name: sidecar
          image: example/side:${i}
          readinessProbe:
            exec: { command: [cat, /tmp/ready] }
`;
}
const service = (i: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: ns-${i % 17}\nspec:\n  selector: { app: app-${i} }\n  ports: [{ port: 80, targetPort: http }]\n`;

function multi(bytes: number): string {
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const d = workload(i) + '---\n' + service(i);
    docs.push(d);
    size += d.length + 4;
  }
  return docs.join('---\n');
}

function list(bytes: number): string {
  let out = 'apiVersion: v1\nkind: List\nitems:\n';
  for (let i = 0; out.length < bytes; i++) {
    out += workload(i).replace(/\n$/, '').split('\n').map((l, k) => (k === 0 ? '  - ' : '    ') + l).join('\n') + '\n';
  }
  return out;
}

function configMap(bytes: number): string {
  const line = '    ' + 'lorem ipsum containers livenessProbe: httpGet '.repeat(2) + '\n';
  return 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: |\n' + line.repeat(Math.ceil(bytes / line.length));
}

function broken(bytes: number): string {
  const lines = multi(bytes).split('\n');
  for (let k = 7; k < lines.length; k += 97) lines[k] += ' : : [unclosed {';
  return lines.join('\n');
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Median ms of the full lint (cache cleared) and of parseAllDocuments on `text`. */
function measure(name: string, text: string, runs: number): { lint: number; parse: number; findings: number } {
  let findings = 0;
  const lint = median(
    timeRuns(runs, () => {
      const { file, findings: f } = lintText(text, `${name}.yaml`);
      findings = f.length;
      const report = [{ file: `${name}.yaml`, findings: f, positionAt: file.positionAt }];
      JSON.stringify(toJson(report));
      JSON.stringify(toSarif(report, {}));
    }, { before: clearParseCache }),
  );
  const parse = median(timeRuns(runs, () => parseAllDocuments(text)));
  return { lint, parse, findings };
}

const sizeMB = Number(process.argv[2] ?? 20) || 20;
const runs = sizeMB > 10 ? 3 : 5;
console.log(`Full lint of one large file (parse + default rules + JSON and SARIF output, cache cleared) vs yaml parseAllDocuments, median of ${runs}`);
console.log(`${pad('input', 11)} ${pad('size', 8)} ${pad('lint', 10)} ${pad('parse', 10)} ${pad('ratio', 7)} ${pad('ratio at ¼ size', 16)} findings`);
for (const [name, make] of [['multi', multi], ['list', list], ['configmap', configMap], ['broken', broken]] as const) {
  const big = make(sizeMB * MB);
  const small = make((sizeMB / 4) * MB);
  const b = measure(name, big, runs);
  const s = measure(name, small, runs);
  const docs = big.split(/^---$/m).length;
  console.log(
    `${pad(name, 11)} ${pad(`${(big.length / MB).toFixed(1)} MB`, 8)} ${pad(ms(b.lint), 10)} ${pad(ms(b.parse), 10)} ${pad(`${(b.lint / b.parse).toFixed(2)}×`, 7)} ${pad(`${(s.lint / s.parse).toFixed(2)}×`, 16)} ${b.findings} (${docs} documents)`,
  );
}
const heap = process.memoryUsage();
console.log(`peak-ish memory after the runs: rss ${(heap.rss / MB).toFixed(0)} MB, heap used ${(heap.heapUsed / MB).toFixed(0)} MB`);
