// The evaluation corpus (reference data kept beside the repository, not in it — see
// test/unit/reference-data.ts for where it is looked up and what happens when it is absent): every real-world manifest and linter fixture is
// linted without a crash and with valid ranges, and the labelled outcomes of other linters
// (labels.tsv) are checked against the rule(s) of ours that correspond to each tool's check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintText } from '../../src/core/lint/engine';
import { ALL_RULES } from '../../src/core/lint/rules';
import type { Finding, LintConfig, SeveritySetting } from '../../src/core/lint/types';
import type { ContainerModel, ManifestFile } from '../../src/core/manifest/model';
import { assertReferenceData, needsReferenceData, SHARED } from './reference-data';

const REPO = resolve(__dirname, '..', '..');
const CORPUS = resolve(SHARED, 'corpus');
const DIRS = ['real-world', 'fixtures-from-linters'];

const ALL_ON: LintConfig = {
  rules: Object.fromEntries(ALL_RULES.map((r) => [r.id, (r.defaultSeverity === 'off' ? 'warning' : r.defaultSeverity) as SeveritySetting])),
  options: { identicalProbesStrict: true, portNotDeclaredStrict: true, readinessOnlyWhenSelected: true },
};

function assertSane(name: string, text: string, findings: Finding[]): void {
  for (const f of findings) {
    assert.doesNotMatch(f.message, /could not check this element/, `${name}: ${f.rule} threw: ${f.message}`);
    const ok = (s: { start: number; end: number }) => Number.isInteger(s.start) && s.start >= 0 && s.start <= s.end && s.end <= text.length;
    assert.ok(ok(f.span), `${name}: ${f.rule} has span ${JSON.stringify(f.span)} outside the file (${text.length} chars)`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) assert.ok(ok(e.span), `${name}: a fix of ${f.rule} edits outside the file`);
  }
}

for (const dir of DIRS) {
  const path = join(CORPUS, dir);
  test(`corpus ${dir}: every file lints without an exception and with valid ranges`, { skip: needsReferenceData(path, `the corpus folder ${dir}`) }, () => {
    assertReferenceData(path, `the corpus folder ${dir}`);
    const files = readdirSync(path).sort();
    assert.ok(files.length > 0);
    for (const name of files) {
      const text = readFileSync(join(path, name), 'utf8');
      assertSane(name, text, lintText(text, name).findings);
      assertSane(name, text, lintText(text, name, ALL_ON).findings);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Labelled outcomes.

interface Label {
  row: number;
  file: string;
  check: string;
  expected: 'flag' | 'no-flag';
  target: string;
  note: string;
}

interface Mapping {
  rules: string[];
  config: LintConfig;
  /** Only findings about this probe kind count (kube-linter's per-probe port checks). */
  probe?: string;
  /** 'pod': the tool's check is pod-wide, so its outcome is judged on the whole workload. */
  level: 'pod' | 'container';
  why: string;
}

const PORT_RULES = ['probe/named-port-not-found', 'probe/port-not-declared', 'probe/port-declared-non-tcp'];
const LIVENESS = 'probe/missing-liveness';
const READINESS = 'probe/missing-readiness';

/** Our rule(s) for a tool's check, or the reason there are none. */
function mapLabel(l: Label): Mapping | string {
  const container = (rules: string[], why: string, config: LintConfig = {}): Mapping => ({ rules, config, level: 'container', why });
  const [tool, check] = l.check.split('/');
  if (/^AdmissionReview/.test(l.target)) {
    return 'an AdmissionReview request, not a manifest: the outcome depends on the admission operation (UPDATE is exempt), which a linter has no counterpart for';
  }
  switch (tool) {
    case 'kube-linter': {
      if (check === 'no-liveness-probe') return container([LIVENESS], 'same scope (regular containers)');
      if (check === 'no-readiness-probe') return container([READINESS], 'same scope (regular containers)');
      const kind = /^(liveness|readiness|startup)-port$/.exec(check)?.[1];
      if (kind) {
        return { ...container(PORT_RULES, 'the three port rules on that probe, portNotDeclaredStrict', { options: { portNotDeclaredStrict: true } }), probe: `${kind}Probe` };
      }
      break;
    }
    case 'kube-score': {
      const options = { readinessOnlyWhenSelected: true };
      if (check === 'Pod Probes Identical') {
        return { rules: ['probe/identical-liveness-readiness'], config: { options: { identicalProbesStrict: true } }, level: 'pod', why: 'identicalProbesStrict (kube-score semantics)' };
      }
      if (check === 'Pod Probes') {
        const rules = l.expected === 'no-flag' ? [READINESS, LIVENESS] : /livenessProbe/.test(l.note) ? [LIVENESS] : [READINESS];
        return { rules, config: { options }, level: 'pod', why: 'readinessOnlyWhenSelected; a flag label maps to the rule of the comment it names (readiness or liveness), a no-flag label to both' };
      }
      break;
    }
    case 'polaris':
      if (check === 'livenessProbeMissing') return container([LIVENESS], 'same scope');
      if (check === 'readinessProbeMissing') return container([READINESS], 'same scope');
      break;
    case 'checkov':
      if (check === 'CKV_K8S_8') return container([LIVENESS], 'same scope');
      if (check === 'CKV_K8S_9') return container([READINESS], 'same scope');
      break;
    case 'gatekeeper':
      if (check === 'K8sRequiredProbes') return container([READINESS, LIVENESS], 'constraint requires both probes');
      if (check === 'K8sPSPHostProbesLifecycle') return container(['probe/host-override'], 'host on any probe or hook, any container');
      break;
  }
  return `no rule of ours corresponds to ${l.check}`;
}

/**
 * Labels where our deliberate semantics differ from the tool's, with the reason. The test asserts
 * that they do differ, so a change of semantics is noticed.
 */
const DELIBERATE: Record<string, string> = {
  'zegl__kube-score__score_testdata_pod-probes-on-different-containers.yaml|kube-score/Pod Probes':
    "kube-score is satisfied by one probe of each kind anywhere in the pod; ours are per container, so container foobar2 (no probes) is reported",
};

function readLabels(): Label[] {
  const lines = readFileSync(join(CORPUS, 'labels.tsv'), 'utf8').split(/\r?\n/);
  return lines.slice(1).flatMap((line, i) => {
    if (!line.trim()) return [];
    const [file, check, expected, , target, note] = line.split('\t');
    return [{ row: i + 2, file, check, expected: expected as Label['expected'], target, note: note ?? '' }];
  });
}

/** The container whose YAML contains `offset` (innermost, for the same name used twice). */
function containerAt(file: ManifestFile, offset: number): ContainerModel | undefined {
  let best: ContainerModel | undefined;
  for (const w of file.workloads) {
    for (const c of w.containers) {
      const r = c.node?.range;
      if (!r) continue;
      const [s, e] = [w.document.base + r[0], w.document.base + r[2]];
      if (offset >= s && offset <= e && (!best || s >= w.document.base + best.node!.range![0])) best = c;
    }
  }
  return best;
}

/** The containers a label's target names ("container app", "initContainer init", "containers a and b", "… #2"), if any. */
function targetContainers(l: Label, file: ManifestFile): ContainerModel[] | undefined {
  const m = /\b(?:container|initContainer|ephemeralContainer)s? (?!with\b)([\w.-]+(?: and [\w.-]+)*)(?: #(\d+))?/.exec(l.target);
  if (!m) return undefined;
  const doc = /\bdoc(\d+)\b/.exec(l.target);
  const workloads = file.workloads.filter((w) => !doc || w.document.index === Number(doc[1]) - 1);
  const all = workloads.flatMap((w) => w.containers);
  return m[1].split(' and ').flatMap((name) => {
    const same = all.filter((c) => c.name === name);
    return m[2] ? [same[Number(m[2]) - 1]] : same;
  });
}

interface Outcome {
  label: Label;
  mapping: Mapping | string;
  flagged?: boolean;
  reproduced?: boolean;
}

function evaluate(l: Label): Outcome {
  const mapping = mapLabel(l);
  if (typeof mapping === 'string') return { label: l, mapping };
  const text = readFileSync(join(CORPUS, l.file), 'utf8');
  const rules = Object.fromEntries(mapping.rules.map((id) => [id, 'warning' as const]));
  const enabled = ALL_RULES.filter((r) => mapping.rules.includes(r.id));
  const { file, findings } = lintText(text, l.file, { ...mapping.config, rules }, enabled);
  const relevant = findings.filter((f) => !mapping.probe || f.probe === mapping.probe);
  const targets = mapping.level === 'container' ? targetContainers(l, file) : undefined;
  if (targets) assert.ok(targets.length > 0 && targets.every(Boolean), `row ${l.row}: target ${l.target} not found in ${l.file}`);
  const hits = targets ? relevant.filter((f) => targets.includes(containerAt(file, f.span.start)!)) : relevant;
  const flagged = hits.length > 0;
  // "exactly N reports asserted": the tool's test also counts the findings in the whole file.
  const count = /exactly (\d+) reports/.exec(l.note);
  const countOk = !count || relevant.length === Number(count[1]);
  return { label: l, mapping, flagged, reproduced: flagged === (l.expected === 'flag') && countOk };
}

const LABELS = join(CORPUS, 'labels.tsv');
test('labelled outcomes of other linters are reproduced by the corresponding rules', { skip: needsReferenceData(LABELS, 'the corpus labels (labels.tsv)') }, () => {
  assertReferenceData(LABELS, 'the corpus labels (labels.tsv)');
  const outcomes = readLabels().map(evaluate);
  const mapped = outcomes.filter((o) => typeof o.mapping !== 'string');
  const reproduced = mapped.filter((o) => o.reproduced);
  const report = scoreReport(outcomes);
  console.log(report);
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  writeFileSync(join(REPO, 'docs', 'corpus-score.md'), report);
  for (const o of mapped) {
    const key = `${o.label.file.replace(/^.*\//, '')}|${o.label.check}`;
    const where = `row ${o.label.row} (${o.label.check}, ${o.label.target})`;
    if (DELIBERATE[key]) assert.equal(o.reproduced, false, `${where} is listed as a deliberate difference but is reproduced`);
    else assert.ok(o.reproduced, `${where}: expected ${o.label.expected}, we ${o.flagged ? 'flag' : 'do not flag'}`);
  }
  assert.equal(reproduced.length, mapped.length - Object.keys(DELIBERATE).length);
});

function scoreReport(outcomes: Outcome[]): string {
  const mapped = outcomes.filter((o) => typeof o.mapping !== 'string');
  const reproduced = mapped.filter((o) => o.reproduced).length;
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '# Corpus score: labelled outcomes of other linters',
    '',
    'Generated by `test/unit/corpus.test.ts` from the evaluation corpus\'s `labels.tsv` (reference data kept outside the repository).',
    '',
    `**Reproduced ${reproduced} / mapped ${mapped.length} / total ${outcomes.length}**`,
    '',
    '## Mapping of the tools\' checks to our rules',
    '',
    '| tool check | our rule(s) | how |',
    '|---|---|---|',
  ];
  const byCheck = new Map<string, { rules: Set<string>; m: Mapping }>();
  for (const o of mapped) {
    const m = o.mapping as Mapping;
    const entry = byCheck.get(o.label.check) ?? { rules: new Set<string>(), m };
    m.rules.forEach((r) => entry.rules.add(r));
    byCheck.set(o.label.check, entry);
  }
  for (const [check, { rules, m }] of byCheck) {
    lines.push(`| ${cell(check)} | ${[...rules].join(', ')}${m.probe ? ` (on ${m.probe})` : ''} | ${m.level === 'pod' ? 'pod-wide; ' : ''}${cell(m.why)} |`);
  }
  lines.push('', '## Labels', '', '| row | file | check | expected | ours | result |', '|---|---|---|---|---|---|');
  for (const o of outcomes) {
    const name = o.label.file.replace(/^.*\//, '');
    const key = `${name}|${o.label.check}`;
    const result =
      typeof o.mapping === 'string' ? `unmapped: ${o.mapping}` : o.reproduced ? 'reproduced' : `differs (deliberate): ${DELIBERATE[key] ?? 'not explained'}`;
    const ours = typeof o.mapping === 'string' ? '–' : o.flagged ? 'flag' : 'no-flag';
    lines.push(`| ${o.label.row} | ${cell(name)} | ${cell(o.label.check)} | ${o.label.expected} | ${ours} | ${cell(result)} |`);
  }
  return lines.join('\n') + '\n';
}
