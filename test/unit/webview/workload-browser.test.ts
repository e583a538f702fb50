// The Workload Timeline webview in headless Chromium (the panel's real HTML, CSP and bundle; the
// VS Code API and the host are stand-ins): a real workload simulation drawn as lanes by revision,
// verdicts with jump links, presets and Try-it buttons that post what the host acts on, a pod lane
// that asks for its Pod Timeline, names from the manifest shown as text, no CSP violation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WORKLOAD_PROTOCOL_VERSION, presetOffers, runStory, type WorkloadHostMessage } from '../../../src/core/workload-timeline';
import { chromiumMissing, posted, send, ROOT, type Harness } from './harness';
import { openWorkloadHarness } from './workload-harness';

const missing = chromiumMissing();
const EVIL = 'web<img src=x onerror=alert(1)>';

function story(preset: string, variant?: string) {
  return runStory({
    workload: { kind: 'Deployment', name: EVIL, namespace: 'shop' },
    input: { name: EVIL, spec: { replicas: 3 }, podSpec: { containers: [{ name: 'app', readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 } }] } },
    preset,
    ...(variant && { variant }),
  });
}

describe('Workload Timeline webview (headless Chromium, stand-in host)', { skip: missing }, () => {
  let h: Harness;
  before(async () => {
    h = await openWorkloadHarness({ width: 1300, height: 1400 });
    const init: WorkloadHostMessage = { type: 'wl/init', payload: { protocol: WORKLOAD_PROTOCOL_VERSION, title: EVIL, workload: { kind: 'Deployment', name: EVIL, namespace: 'shop' }, presets: presetOffers(), preset: 'shutdown-no-prestop', live: { available: false, message: 'no cluster here' } } };
    await send(h.page, init);
    const s = story('shutdown-no-prestop');
    await send(h.page, { type: 'wl/result', seq: 0, preset: 'shutdown-no-prestop', result: s.result, summary: s.summary, variants: s.variants } satisfies WorkloadHostMessage);
  });
  after(async () => h?.close());

  const texts = (sel: string) => h.page.locator(sel).allTextContents();

  test('lanes grouped by revision, pods as text, verdicts with jump links, series and conditions labelled', async () => {
    assert.deepEqual((await texts('.wl-group-label')).map((t) => t.trim()), ['revision old · 3 pods', 'revision new · 3 pods']);
    const lanes = await texts('.wl-lane-label');
    assert.equal(lanes.length, 6);
    assert.ok(lanes.every((l) => l.startsWith(EVIL)), 'the name is shown as the text it is');
    assert.equal(await h.page.locator('img').count(), 0, 'no element made from a name');
    assert.match((await texts('#wl-title'))[0]!, /^Workload Timeline: Deployment web<img/);
    const verdicts = await texts('.wl-verdicts .v-text');
    assert.ok(verdicts.some((v) => /^The rollout completes at \d+ s/.test(v)), verdicts.join('\n'));
    assert.ok(verdicts.some((v) => /Clients see refused connections/.test(v)), verdicts.join('\n'));
    assert.ok((await h.page.locator('.wl-verdicts .wl-jump').count()) >= 2);
    assert.deepEqual(await texts('.wl-series-label .wl-series-name'), ['desired', 'pods', 'updated', 'ready', 'available', 'ready endpoints']);
    assert.deepEqual(await texts('.wl-cond-label'), ['Available', 'Progressing']);
    assert.match((await texts('.wl-note'))[0]!, /old pods stop listening at SIGTERM.* A rollout at 30 s; endpoints reach load balancers 2 s later; 300 s played\.$/);
    assert.equal((await texts('.wl-loss li')).length, 3);
    const box = await h.page.locator('.wl-canvas').boundingBox();
    assert.ok(box && box.width > 600 && box.height > 200, JSON.stringify(box));
  });

  test('a jump link moves the cursor there and the readout says what holds at that moment', async () => {
    await h.page.locator('.wl-verdicts .wl-jump').first().click();
    const readout = (await texts('.wl-readout'))[0]!;
    assert.deepEqual(await texts('.wl-series-value'), ['3', '3', '3', '3', '3', '3'], 'the labels show the counts at the cursor');
    assert.match(readout, /^At \d+ s: desired 3 · pods 3 · updated 3 · ready 3 · available 3 · ready endpoints 3/);
    assert.match(readout, /Progressing True \(NewReplicaSetAvailable\)/);
  });

  test('presets, Try it and a pod lane post what the host acts on', async () => {
    assert.equal(await h.page.locator('button.preset[aria-pressed="true"]').getAttribute('data-preset'), 'shutdown-no-prestop');
    await h.page.locator('button.preset[data-preset="rollout-never-ready"]').click();
    await h.page.locator('button.variant[data-variant="prestop-sleep"]').click();
    const lane = (await h.page.locator('.wl-lane-label').nth(4).textContent())!;
    assert.match(lane, /-new-\d+$/);
    await h.page.locator('.wl-lane-label').nth(4).click();
    const msgs = (await posted(h.page)).filter((m) => m.type !== 'ready' && m.type !== 'log');
    assert.deepEqual(msgs.map((m) => [m.type, m.id ?? m.pod]), [['preset', 'rollout-never-ready'], ['variant', 'prestop-sleep'], ['openPod', lane]]);
  });

  test('a Try-it result says what changed: the new verdicts and the ones without it', async () => {
    const s = story('shutdown-no-prestop', 'prestop-sleep');
    await send(h.page, { type: 'wl/result', seq: 2, preset: 'shutdown-no-prestop', result: s.result, summary: s.summary, variants: s.variants, variant: s.variant! } satisfies WorkloadHostMessage);
    assert.match((await texts('.wl-variant-banner'))[0]!, /Trying preStop sleep 4 s/);
    assert.doesNotMatch((await texts('.wl-variant-now'))[0]!, /refused/);
    assert.match((await texts('.wl-variant-before'))[0]!, /refused connections/);
    assert.equal(await h.page.locator('button.variant[aria-pressed="true"]').getAttribute('data-variant'), 'prestop-sleep');
    mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });
    await h.page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'workload-webview-harness.png'), fullPage: true });
  });

  test('a scenario error is shown, and no CSP violation happened', async () => {
    await send(h.page, { type: 'wl/error', seq: 3, message: 'scenario: rollout.at: expected seconds ≥ 0, got -1' } satisfies WorkloadHostMessage);
    assert.match((await texts('.wl-error'))[0]!, /rollout\.at: expected seconds/);
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
  });
});
