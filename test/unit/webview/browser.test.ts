// The timeline webview in headless Chromium, inside the panel's real HTML and CSP, with a stand-in
// for the VS Code host (harness.ts). Asserts what a user sees: lanes, the status at the cursor,
// keyboard control, hostile strings shown as text, the scenario editor's messages, restore after
// a reload. Also writes screenshots to test-results/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HostMessage, InitPayload, SimulationResult, Verdict, WhatIf } from '../../../src/webview/protocol';
import { runSimulation } from '../../../src/extension/timeline-sim';
import { chromiumMissing, openHarness, posted, send, ROOT, type Harness } from './harness';
import { FIXED_SPEC, HOSTILE, META, SLOW_SPEC, fixedStory, hostileStory, slowStartStory } from './fixtures';

const missing = chromiumMissing();
const SHOTS = join(ROOT, 'test-results', 'screenshots');

function init(podSpec = SLOW_SPEC, meta = META, title = 'web'): HostMessage {
  const payload: InitPayload = {
    protocol: 1,
    title,
    podSpec,
    meta,
    scenario: { until: 600, containers: { app: { runs: [{ healthyAfter: 90 }] } } },
    workloadRef: { uri: 'file:///work/deploy.yaml', kind: 'Deployment', name: 'web' },
    live: { available: false, message: 'No cluster reachable: kubectl not found on PATH' },
  };
  return { type: 'init', payload };
}

function result(r: SimulationResult, seq = 0): HostMessage {
  return { type: 'simulation/result', seq, scenario: { until: r.until ?? 600 }, result: r, verdicts: [] };
}

async function text(page: Page, sel: string): Promise<string> {
  return page.$eval(sel, (el) => el.textContent ?? '');
}

describe('timeline webview in Chromium', { skip: missing }, () => {
  let h: Harness;
  before(async () => {
    h = await openHarness({ width: 1280, height: 900 });
  });
  after(async () => {
    await h?.close();
  });

  test('ready handshake, then lanes for the slow-start CrashLoopBackOff story', async () => {
    const { page } = h;
    const msgs = await posted(page);
    assert.deepEqual(msgs[0], { type: 'ready', protocol: 1 });
    await send(page, init());
    await send(page, result(slowStartStory()));
    const lanes = await page.$$eval('.tl-lane-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lanes, ['pod web-7d4b9c6f5-x2x9q', 'container app']);
    const rows = await page.$$eval('.tl-row-label', (els) => els.map((e) => e.textContent));
    for (const r of ['phase', 'kubectl STATUS', 'Ready', 'state', 'started', 'ready', 'liveness probe', 'readiness probe']) assert.ok(rows.includes(r), `row ${r} in ${rows.join(', ')}`);
    const verdicts = await text(page, '.verdicts');
    assert.match(verdicts, /never becomes Ready/);
    assert.match(verdicts, /CrashLoopBackOff from 70 s/);
    assert.match(await text(page, '.live-state'), /No cluster reachable: kubectl not found on PATH — the simulation still works/);
    // Canvas was drawn (not blank).
    const inked = await page.$eval('canvas.tl-canvas', (c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    assert.ok(inked > 5000, `canvas pixels drawn: ${inked}`);
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    assert.deepEqual(csp, [], 'no CSP violations');
  });

  test('keyboard moves the cursor; the status readout follows (kubectl line and YAML)', async () => {
    const { page } = h;
    await page.focus('.tl-plot');
    await page.keyboard.press('Home');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '0');
    for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowRight');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '75');
    assert.match((await page.getAttribute('.tl-plot', 'aria-valuetext'))!, /STATUS CrashLoopBackOff, READY 0\/1, RESTARTS 1 \(5s ago\)/);
    const kubectl = await text(page, 'pre.kubectl');
    assert.match(kubectl, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-7d4b9c6f5-x2x9q\s+0\/1\s+CrashLoopBackOff\s+1 \(5s ago\)\s+75s$/);
    const yaml = await text(page, 'pre.yaml');
    assert.match(yaml, /reason: CrashLoopBackOff/);
    assert.match(yaml, /exitCode: 143/);
    assert.match(await text(page, '#h-readout'), /t = 75 s/);
    await page.keyboard.press('PageDown');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '80');
    await page.keyboard.press('PageUp');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '70');
    await page.keyboard.press('End');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '600');
    // Zoom keys change the view and keep the cursor visible.
    await page.keyboard.press('+');
    await page.keyboard.press('Home');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '0');
    await page.keyboard.press('0');
    // The state machine marks the transitions this run took.
    const taken = await page.$$eval('.sm-edge.taken', (els) => els.length);
    assert.ok(taken >= 4, `taken transitions: ${taken}`);
    assert.match(await text(page, '.machines'), /liveness kill ×7/);
    // Cursor moves are reported to the host.
    assert.ok((await posted(page)).some((m) => m.type === 'cursor/move'));
  });

  test('a mouse click moves the cursor to the time under the pointer', async () => {
    const { page } = h;
    const box = (await page.$('.tl-plot'))!;
    const b = (await box.boundingBox())!;
    // The plot maps [0, 600] s onto [8, width - 14] px.
    const x = 8 + ((b.width - 22) * 300) / 600;
    await page.mouse.click(b.x + x, b.y + 120);
    const now = Number(await page.getAttribute('.tl-plot', 'aria-valuenow'));
    assert.ok(Math.abs(now - 300) < 2, String(now));
    // Hovering a band explains it.
    const stateLabel = (await page.$$('.tl-row-label.k-state'))[0]!;
    const sy = (await stateLabel.boundingBox())!;
    await page.mouse.move(b.x + 8 + ((b.width - 22) * 75) / 600, sy.y + sy.height / 2);
    await page.waitForSelector('.tl-tip:not([hidden])');
    assert.match(await text(page, '.tl-tip'), /CrashLoopBackOff · back-off 10s · 70 s – 80 s \(10 s\)/);
    await page.mouse.move(b.x + 8 + ((b.width - 22) * 75) / 600, b.y - 50);
  });

  test('presets and edits post scenario/change with increasing seq', async () => {
    const { page } = h;
    await page.click('button.preset:has-text("Crash on boot")');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'scenario/change'));
    let changes = (await posted(page)).filter((m) => m.type === 'scenario/change');
    const first = changes.at(-1)! as unknown as { seq: number; preset: string; scenario: { containers: Record<string, { runs: { exitAfter?: number; exitCode?: number }[] }> } };
    assert.equal(first.preset, 'crash-on-boot');
    assert.deepEqual(first.scenario.containers.app!.runs[0], { exitAfter: 2, exitCode: 1 });
    assert.equal(await page.getAttribute('button.preset:has-text("Crash on boot")', 'aria-pressed'), 'true');
    await page.click('.editor-box > summary');
    const input = page.getByLabel('app, start every: healthy after (s)');
    await input.fill('45');
    await page.waitForFunction((n) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'scenario/change').length > n, changes.length);
    changes = (await posted(page)).filter((m) => m.type === 'scenario/change');
    const second = changes.at(-1)! as unknown as { seq: number; preset?: string; scenario: { containers: Record<string, { runs: { healthyAfter?: number }[] }> } };
    assert.ok(second.seq > first.seq);
    assert.equal(second.preset, undefined);
    assert.equal(second.scenario.containers.app!.runs[0]!.healthyAfter, 45);
    // An answer to an older seq is ignored once a newer one is out.
    await send(page, { ...result(fixedStory()), seq: first.seq } as HostMessage);
    assert.match(await text(page, '.count'), /changes/);
    await page.click('.editor-box > summary');
  });

  test('hostile pod name, reasons, messages and events are shown as text', async () => {
    const { page } = h;
    const hs = hostileStory();
    await send(page, init(hs.spec, hs.meta, HOSTILE));
    await send(page, { type: 'simulation/result', seq: 99, scenario: {}, result: hs.result, verdicts: [{ id: 'x', level: 'error', text: HOSTILE, detail: HOSTILE, t: 4 }] });
    await send(page, { type: 'live/status', state: 'error', message: HOSTILE });
    await page.focus('.tl-plot');
    await page.keyboard.press('End');
    const body = await page.evaluate(() => document.body.textContent ?? '');
    assert.ok(body.includes(HOSTILE), 'the markup shows up as text');
    assert.equal(await page.$$eval('img', (els) => els.length), 0, 'no <img> element was created');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await text(page, '#title'), HOSTILE);
    const gutter = await text(page, '.tl-gutter');
    assert.ok(gutter.includes(`container app${HOSTILE}`), gutter);
    // YAML double-quotes it (escaping its quotes), the events table shows it raw.
    assert.ok((await text(page, 'pre.yaml')).includes(JSON.stringify(HOSTILE)));
    assert.ok((await text(page, 'table.events')).includes(HOSTILE));
    assert.ok((await text(page, 'pre.kubectl')).includes(HOSTILE));
    assert.ok((await text(page, '.verdicts')).includes(HOSTILE));
    assert.ok((await text(page, '.live-state')).includes(HOSTILE));
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    assert.deepEqual(csp, [], 'no CSP violations');
  });

  test('live mode: live/append draws live lanes on the same axis', async () => {
    const { page } = h;
    await send(page, init());
    await send(page, result(slowStartStory(), 100));
    await send(page, { type: 'live/status', state: 'live', message: 'watching pod web-5f9-abcde in shop', podName: 'web-5f9-abcde', origin: '2025-06-01T10:00:00Z' });
    await send(page, {
      type: 'live/append',
      events: [
        { t: 0, subject: 'app', field: 'state', from: '', to: 'Waiting', reason: 'ContainerCreating', source: 'cluster' },
        { t: 0, subject: 'pod', field: 'phase', from: '', to: 'Pending', source: 'cluster' },
        { t: 3, subject: 'app', field: 'state', from: 'Waiting', to: 'Running', source: 'cluster' },
        { t: 3, subject: 'pod', field: 'phase', from: 'Pending', to: 'Running', source: 'cluster' },
        { t: 9, subject: 'app', field: 'ready', from: 'false', to: 'true', source: 'cluster' },
        { t: 33, subject: 'pod', field: 'event', to: 'Unhealthy', type: 'Warning', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503', source: 'cluster' },
      ],
      attempts: [
        { t: 13, container: 'app', kind: 'liveness', ok: false, source: 'probe-run' },
        { t: 23, container: 'app', kind: 'liveness', ok: false, source: 'probe-run' },
      ],
    });
    const lanes = await page.$$eval('.tl-lane-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lanes, ['pod web-7d4b9c6f5-x2x9q', 'container app', 'live · pod web-5f9-abcde', 'live · container app']);
    assert.match(await text(page, '.live-state'), /Live — watching pod web-5f9-abcde in shop/);
    await page.click('.group-pick button:has-text("live pod")');
    await page.focus('.tl-plot');
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
    assert.match(await text(page, 'pre.kubectl'), /web-5f9-abcde\s+1\/1\s+Running/);
    assert.match(await text(page, 'pre.yaml'), /creationTimestamp: "2025-06-01T10:00:00Z"/);
    await page.click('.group-pick button:has-text("simulated")');
  });

  test('state survives a reload (getState/setState) and the handshake repeats', async () => {
    const { page } = h;
    await send(page, init());
    await send(page, result(slowStartStory(), 200));
    await page.focus('.tl-plot');
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.waitForTimeout(300); // setState is throttled
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    // Before the host answers, the saved view is back: title, lanes, cursor.
    assert.equal(await text(page, '#title'), 'web');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '120');
    const lanes = await page.$$eval('.tl-lane-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lanes, ['pod web-7d4b9c6f5-x2x9q', 'container app']);
  });

  test('screenshots: slow start (CrashLoopBackOff), then "Try it" with the suggested startup probe', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const shots = await openHarness({ width: 1400, height: 1000, deviceScaleFactor: 1 });
    try {
      const { page } = shots;
      const scenario = { until: 600, containers: { app: { runs: [{ healthyAfter: 90 }] } } };
      // This test plays the host: the real simulator and verdicts through the host's adapter.
      let slow: { result: SimulationResult; verdicts: Verdict[] };
      try {
        slow = await runSimulation({}, SLOW_SPEC, META, scenario);
      } catch (e) {
        console.log(`# the real simulator failed (${e instanceof Error ? e.message : String(e)}); using the stand-in`);
        slow = { result: slowStartStory(), verdicts: [] };
      }
      await send(page, init());
      await send(page, { type: 'simulation/result', seq: 0, scenario, result: slow.result, verdicts: slow.verdicts });
      await page.focus('.tl-plot');
      await page.keyboard.press('Home');
      for (let i = 0; i < 16; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'timeline-slow-start-crashloop.png'), fullPage: true });
      await (await page.$('.tl-host'))!.screenshot({ path: join(SHOTS, 'timeline-slow-start-crashloop-lanes.png') });

      let fixed: { result: SimulationResult; verdicts: Verdict[] };
      let whatIf: WhatIf;
      const tryIt = await page.$('button.try');
      if (tryIt && slow.verdicts.length) {
        const before = (await posted(page)).length;
        await tryIt.click();
        await page.waitForFunction((n) => (window as unknown as { __posted: { type: string }[] }).__posted.slice(n).some((m) => m.type === 'scenario/change'), before);
        const msg = (await posted(page)).slice(before).find((m) => m.type === 'scenario/change') as unknown as { seq: number; whatIf: WhatIf };
        assert.match(msg.whatIf.label, /^app with a startupProbe \(failureThreshold \d+ × periodSeconds \d+\)$/);
        assert.ok(msg.whatIf.podSpec.containers![0]!.startupProbe?.httpGet, 'the startup probe copies the liveness handler');
        assert.ok(!SLOW_SPEC.containers![0]!.startupProbe, 'the manifest spec is untouched');
        whatIf = msg.whatIf;
        fixed = await runSimulation({}, whatIf.podSpec, META, scenario);
        await send(page, { type: 'simulation/result', seq: msg.seq, scenario, result: fixed.result, verdicts: fixed.verdicts, whatIf });
      } else {
        whatIf = { label: 'app with a startupProbe (failureThreshold 30 × periodSeconds 10)', podSpec: FIXED_SPEC };
        fixed = { result: fixedStory(600), verdicts: [] };
        await send(page, { type: 'simulation/result', seq: 1000, scenario, result: fixed.result, verdicts: [], whatIf });
      }
      assert.equal(await page.isVisible('.what-if'), true);
      assert.match(await text(page, '.what-if'), /What if: app with a startupProbe/);
      const rows = await page.$$eval('.tl-row-label', (els) => els.map((e) => e.textContent));
      assert.ok(rows.includes('startup probe'), rows.join(', '));
      assert.match(await text(page, '.verdicts'), /Ready/);
      await page.focus('.tl-plot');
      await page.keyboard.press('Home');
      for (let i = 0; i < 20; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'timeline-startup-probe-fixed.png'), fullPage: true });
      await (await page.$('.tl-host'))!.screenshot({ path: join(SHOTS, 'timeline-startup-probe-fixed-lanes.png') });
      // A light theme: VS Code rewrites the variables on <html style> and the body class; the
      // canvas re-reads its colours.
      await page.evaluate(`(() => {
        const vars = { '--vscode-editor-background': '#ffffff', '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171',
          '--vscode-charts-green': '#388a34', '--vscode-charts-red': '#e51400', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-blue': '#1a85ff',
          '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#652d90', '--vscode-focusBorder': '#005fb8', '--vscode-panel-border': '#e5e5e5',
          '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-input-background': '#ffffff',
          '--vscode-input-foreground': '#3b3b3b', '--vscode-textCodeBlock-background': '#f2f2f2', '--vscode-textBlockQuote-background': '#f2f2f2' };
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = 'vscode-light';
      })()`);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const bg = await page.$eval('canvas.tl-canvas', (c) => {
        const cv = c as HTMLCanvasElement;
        const ctx = cv.getContext('2d')!;
        // A Running band of the state row is drawn in the light theme's green now.
        return Array.from(ctx.getImageData(0, 0, cv.width, cv.height).data.slice(0, 4));
      });
      assert.ok(bg.length === 4);
      await (await page.$('.tl-host'))!.screenshot({ path: join(SHOTS, 'timeline-startup-probe-fixed-light.png') });
      // Back to the manifest's probes: a change without whatIf.
      const before = (await posted(page)).length;
      await page.click('.what-if button');
      await page.waitForFunction((n) => (window as unknown as { __posted: { type: string }[] }).__posted.slice(n).some((m) => m.type === 'scenario/change'), before);
      const back = (await posted(page)).slice(before).find((m) => m.type === 'scenario/change')!;
      assert.equal(back.whatIf, undefined);
    } finally {
      await shots.close();
    }
  });
});
