// The example workspace (examples/) holds together: every manifest is YAML that parses, except
// where a file says it is broken on purpose, and breaks exactly there; the scenarios name
// containers the slow-start manifests have; the tasks start the demo app with flags it accepts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES, SERVER } from './helpers';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';

const MANIFESTS = join(EXAMPLES, 'manifests');
const SCENARIOS = join(EXAMPLES, 'scenarios');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

function parse(file: string) {
  return parseAllDocuments(readFileSync(file, 'utf8'));
}

/** Files that are not valid YAML on purpose. */
const NOT_YAML = new Set([
  'helm-template.yaml', // a Helm template: the {{ }} actions are not YAML
  'broken-yaml.yaml', // a syntax error in its second document
  'schema-mistakes.yaml', // a duplicate key, which the YAML parser reports
]);

/** The broken files and the rule ids their header comment must name. */
const BROKEN: Record<string, RegExp> = {
  'broken-api-validation.yaml': /api\/probe-no-handler/,
  'broken-ports.yaml': /probe\/named-port-not-found/,
  'timing-smells.yaml': /probe\/timeout-ge-period/,
  'runtime-pitfalls.yaml': /probe\/host-override/,
  'missing-probes.yaml': /probe\/missing-readiness/,
  'batch-probes.yaml': /probe\/in-batch-workload/,
  'schema-mistakes.yaml': /schema\/duplicate-key/,
  'broken-yaml.yaml': /yaml-syntax/,
};

describe('examples/manifests', () => {
  const files = filesUnder(MANIFESTS);

  test('has a manifest for every pod-bearing kind', () => {
    const kinds = new Set<string>();
    for (const file of files.filter((f) => !NOT_YAML.has(f))) {
      for (const doc of parse(join(MANIFESTS, file))) {
        const value = doc.toJS() as { kind?: string; items?: { kind?: string }[] };
        kinds.add(value.kind!);
        for (const item of value.items ?? []) if (item.kind) kinds.add(item.kind);
      }
    }
    const expected = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
      'PodTemplate', 'List', 'DeploymentList', 'Rollout'];
    for (const kind of expected) assert.ok(kinds.has(kind), `no ${kind} among ${[...kinds].join(', ')}`);
    assert.ok(files.some((f) => f.endsWith('.json')), 'no JSON manifest');
  });

  for (const file of files.filter((f) => !NOT_YAML.has(f))) {
    test(`${file} parses, each document an object with apiVersion and kind`, () => {
      const docs = parse(join(MANIFESTS, file));
      assert.ok(docs.length > 0);
      for (const [i, doc] of docs.entries()) {
        assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], `document ${i + 1}`);
        const value = doc.toJS() as Record<string, unknown>;
        assert.equal(typeof value.apiVersion, 'string', `document ${i + 1} apiVersion`);
        assert.equal(typeof value.kind, 'string', `document ${i + 1} kind`);
      }
    });
  }

  test('broken-yaml.yaml: the first document is clean, the second has a syntax error', () => {
    const [first, second, ...rest] = parse(join(MANIFESTS, 'broken-yaml.yaml'));
    assert.deepEqual(first.errors, []);
    assert.equal((first.toJS() as { kind: string }).kind, 'Deployment');
    assert.deepEqual(second.errors.map((e) => e.code), ['BAD_INDENT']);
    assert.equal(rest.length, 0);
  });

  test('schema-mistakes.yaml: the only YAML error is the duplicate readinessProbe key', () => {
    const file = join(MANIFESTS, 'schema-mistakes.yaml');
    const errors = parse(file).flatMap((d) => d.errors);
    assert.deepEqual(errors.map((e) => e.code), ['DUPLICATE_KEY']);
    const line = readFileSync(file, 'utf8').split('\n')[errors[0].linePos![0].line - 1];
    assert.equal(line.trim(), 'readinessProbe:');
  });

  for (const [file, rule] of Object.entries(BROKEN)) {
    test(`${file} starts with the list of findings it should trigger`, () => {
      const header = readFileSync(join(MANIFESTS, file), 'utf8').split(/\n(?!#)/)[0];
      assert.match(header, /Expected findings/);
      assert.match(header, rule);
    });
  }
});

describe('examples/scenarios', () => {
  // Each scenario's header names the manifests it is for, as `kube-probes simulate <manifest>
  // --scenario scenarios/<file>` commands: they name containers those manifests have, and they run.
  for (const file of filesUnder(SCENARIOS)) {
    test(`${file} parses, describes its manifests' containers, and its header's commands run`, async () => {
      const text = readFileSync(join(SCENARIOS, file), 'utf8');
      const [doc, ...rest] = parse(join(SCENARIOS, file));
      assert.deepEqual([...doc.errors, ...doc.warnings], []);
      assert.equal(rest.length, 0);
      const scenario = doc.toJS() as { until?: number; containers: Record<string, { runs: object[] }>; rollout?: { old: { containers: Record<string, { runs: object[] }> } } };
      assert.equal(typeof scenario.until, 'number');
      const manifests = [...text.matchAll(new RegExp(`kube-probes simulate (\\S+) --scenario scenarios/${file.replace('.', '\\.')}`, 'g'))].map((m) => m[1]);
      assert.ok(manifests.length > 0, 'the header names the manifests it is for');
      for (const manifest of manifests) {
        const deployment = parse(join(EXAMPLES, manifest))[0].toJS() as { spec: { template: { spec: { containers: { name: string }[] } } } };
        const names = deployment.spec.template.spec.containers.map((c) => c.name);
        for (const [name, container] of Object.entries({ ...scenario.containers, ...scenario.rollout?.old.containers })) {
          assert.ok(container.runs.length > 0, `${name}: no runs`);
          assert.ok(names.includes(name), `no container ${name} in ${manifest}`);
        }
        const io = memoryIO(EXAMPLES);
        assert.equal(await main(['simulate', manifest, '--scenario', join('scenarios', file), '--format', 'json'], io), 0, io.err);
        assert.equal(io.err, '', 'no warning');
      }
    });
  }
});

describe('examples/.vscode/tasks.json', () => {
  const { tasks } = JSON.parse(readFileSync(join(EXAMPLES, '.vscode/tasks.json'), 'utf8')) as {
    tasks: { label: string; command: string; args: string[] }[];
  };

  test('has "Start demo app" and its variants', () => {
    assert.equal(tasks[0].label, 'Start demo app');
    assert.ok(tasks.length > 3);
  });

  for (const task of tasks) {
    test(`"${task.label}" starts the demo app with flags it accepts`, () => {
      assert.equal(task.command, 'node');
      const [script, ...flags] = task.args;
      assert.equal(script, '${workspaceFolder}/demo-app/server.mjs');
      const r = spawnSync(process.execPath, [SERVER, ...flags, '--help'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      // The app `npm start` runs holds the default ports: a task switches it rather than failing.
      assert.ok(flags.includes('--replace'), `${task.label}: --replace`);
    });
  }
});
