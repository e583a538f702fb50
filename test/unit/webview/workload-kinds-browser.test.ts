// The Workload Timeline webview for the other kinds, in headless Chromium (the panel's real HTML,
// CSP and bundle; the VS Code API and the host are stand-ins), fed real simulations: a StatefulSet
// (revisions with the ordinal order, revision value rows, a recreated pod's lane asking for its own
// Pod Timeline), a DaemonSet (lanes by node), a Job (succeeded/failed counts, Failed drawn as a
// failure, no traffic-loss section, the legend's Succeeded/Failed) and the line naming the
// PodDisruptionBudget a drain honoured. Screenshots: workload-kinds-*.png in test-results/screenshots.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PodSpec } from '../../../src/core/k8s';
import { WORKLOAD_PROTOCOL_VERSION, presetOffers, runStory, type StoryRequest, type StoryResult, type WorkloadHostMessage } from '../../../src/core/workload-timeline';
import { chromiumMissing, posted, send, ROOT, type Harness } from './harness';
import { openWorkloadHarness } from './workload-harness';

const missing = chromiumMissing();
const EVIL = 'db<b>x</b>';
const SHOTS = join(ROOT, 'test-results', 'screenshots');

const STS: StoryRequest = {
  workload: { kind: 'StatefulSet', name: EVIL, namespace: 'data' },
  input: { name: EVIL, spec: { replicas: 3 }, podSpec: { containers: [{ name: 'pg', readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 2 } }] } as PodSpec },
  podLabels: { app: 'db' },
  manifestPdbs: [{ name: 'db-budget', namespace: 'data', minAvailable: 2, selector: { matchLabels: { app: 'db' } } }],
};
const DS: StoryRequest = { workload: { kind: 'DaemonSet', name: 'agent' }, input: { name: 'agent', spec: {}, podSpec: { containers: [{ name: 'agent' }] } as PodSpec } };
const JOB: StoryRequest = { workload: { kind: 'Job', name: 'report' }, input: { name: 'report', spec: { completions: 4, parallelism: 2, backoffLimit: 1 }, podSpec: { restartPolicy: 'Never', containers: [{ name: 'report' }] } as PodSpec } };

async function show(h: Harness, req: StoryRequest, s: StoryResult, seq: number, preset?: string): Promise<void> {
  await send(h.page, { type: 'wl/init', payload: { protocol: WORKLOAD_PROTOCOL_VERSION, title: req.workload.name, workload: req.workload, presets: presetOffers(req.workload.kind), ...(preset && { preset }), live: { available: false, message: 'no cluster here' } } } satisfies WorkloadHostMessage);
  await send(h.page, { type: 'wl/result', seq, result: s.result, summary: s.summary, variants: s.variants, ...(preset && { preset }), ...(s.budgets.text && { budgets: s.budgets.text }) } satisfies WorkloadHostMessage);
}

describe('Workload Timeline webview: StatefulSet, DaemonSet, Job (headless Chromium, stand-in host)', { skip: missing }, () => {
  let h: Harness;
  before(async () => {
    h = await openWorkloadHarness({ width: 1300, height: 1300 });
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => h?.close());
  const texts = (sel: string) => h.page.locator(sel).allTextContents();

  test('StatefulSet: its own stories, revisions with the ordinal order, the revisions as value rows, the budget line', async () => {
    const s = runStory({ ...STS, scenario: { until: 400, nodes: 2, rollout: { at: 60, old: { containers: { pg: { runs: [{ healthyAfter: 5 }] } } } }, containers: { pg: { runs: [{ healthyAfter: 10 }] } }, drain: [{ at: 250, node: 'node-1' }] } });
    await show(h, STS, s, 1);
    const presets = await h.page.locator('button.preset').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-preset')));
    assert.ok(presets.includes('sts-pod-never-ready') && !presets.includes('rollout-never-ready'), presets.join());
    const groups = (await texts('.wl-group-label')).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.equal(groups[0], 'revision old · 3 pods');
    assert.match(groups[1]!, /^revision new · \d pods$/);
    const notes = await h.page.locator('.wl-group-label').evaluateAll((els) => els.map((e) => e.getAttribute('data-note')));
    assert.equal(notes[0], 'ordinals created 0, 1, 2');
    assert.match(notes[1]!, /^ordinals created 2, 1, 0/, 'a rollout goes from the highest ordinal down');
    assert.deepEqual(await texts('.wl-value-label'), ['currentRevision', 'updateRevision']);
    // Seven series, seven colours (the swatch beside each name).
    const swatches = await h.page.locator('.wl-series-label').evaluateAll((els) => els.map((e) => getComputedStyle(e, '::before').backgroundColor));
    assert.equal(swatches.length, 7);
    assert.equal(new Set(swatches).size, 7, swatches.join(' '));
    assert.match((await texts('.wl-budget'))[0]!, /The drain honours PodDisruptionBudget db-budget \(minAvailable 2\) from the manifest\./);
    assert.match((await texts('.wl-header .subtitle'))[0]!, /^StatefulSet\/db<b>x<\/b>: 3 replicas, OrderedReady, RollingUpdate \(partition 0, maxUnavailable 1\)/);
    assert.equal(await h.page.locator('.wl-header b').count(), 0, 'the name is text');
    // The two lanes of a pod recreated under its own name ask for their own Pod Timelines.
    const lanes = h.page.locator('.wl-lane-label', { hasText: `${EVIL}-2` });
    assert.ok((await lanes.count()) >= 2);
    await lanes.nth(0).click();
    await lanes.nth(1).click();
    const asked = (await posted(h.page)).filter((m) => m.type === 'openPod').map((m) => [m.pod, m.index]);
    const want = s.result.pods.map((p, i) => [p.name, i] as const).filter(([n]) => n === `${EVIL}-2`).slice(0, 2);
    assert.deepEqual(asked, want.map(([n, i]) => [n, i]));
    assert.equal(await h.page.locator('.wl-loss-section, section:has(> .wl-loss)').first().isHidden(), false, 'a StatefulSet serves traffic');
    await h.page.screenshot({ path: join(SHOTS, 'workload-kinds-statefulset-harness.png'), fullPage: true });
  });

  test('DaemonSet: lanes by node, each node old → new, the revision row', async () => {
    const s = runStory({ ...DS, preset: 'ds-rollout-five-nodes' });
    await show(h, DS, s, 2, 'ds-rollout-five-nodes');
    const groups = (await texts('.wl-group-label')).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.deepEqual(groups, [1, 2, 3, 4, 5].map((i) => `node-${i} · 2 pods`));
    assert.deepEqual(await h.page.locator('.wl-group-label').evaluateAll((els) => els.map((e) => e.getAttribute('data-note'))), [1, 2, 3, 4, 5].map(() => 'old → new'));
    assert.deepEqual(await texts('.wl-series-label .wl-series-name'), ['nodes (desired)', 'scheduled', 'updated', 'ready', 'available', 'ready endpoints']);
    assert.ok((await texts('.wl-variants button')).some((b) => /maxSurge 0 → 1, maxUnavailable 1 → 0/.test(b)));
    await h.page.locator('.wl-verdicts .wl-jump').first().click();
    assert.match((await texts('.wl-readout'))[0]!, /revision new/);
    await h.page.screenshot({ path: join(SHOTS, 'workload-kinds-daemonset-harness.png'), fullPage: true });
  });

  test('Job: counts with completions and backoffLimit, Failed as a failure, no traffic section, Succeeded/Failed in the legend', async () => {
    const s = runStory({ ...JOB, preset: 'job-backoff-limit' });
    await show(h, JOB, s, 3, 'job-backoff-limit');
    assert.deepEqual(await texts('.wl-series-label .wl-series-name'), ['active (parallelism 2)', 'ready', 'succeeded (of 4)', 'failed (backoffLimit 1)', 'terminating']);
    assert.deepEqual(await texts('.wl-cond-label'), ['FailureTarget', 'Failed']);
    assert.match((await texts('.wl-group-label'))[0]!.replace(/\s+/g, ' ').trim(), /^pods, in creation order · \d pods$/);
    assert.match((await h.page.locator('.wl-group-label').first().getAttribute('data-note'))!, /^0 succeeded, \d failed$/);
    const legend = (await texts('.wl-legend'))[0]!;
    assert.match(legend, /Failed/);
    assert.doesNotMatch(legend, /traffic lost/);
    assert.equal(await h.page.locator('section:has(> .wl-loss)').isHidden(), true);
    assert.match((await texts('.wl-verdicts .v-error .v-text'))[0]!, /BackoffLimitExceeded/);
    assert.equal(await h.page.locator('.wl-budget').isHidden(), true, 'no drain, no budget: no line');
    await h.page.screenshot({ path: join(SHOTS, 'workload-kinds-job-harness.png'), fullPage: true });
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
  });
});
