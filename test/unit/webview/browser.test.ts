// The timeline webview in headless Chromium, inside the panel's real HTML and CSP, with a stand-in
// for the VS Code host (harness.ts). Asserts what a user sees: lanes, the status at the cursor,
// keyboard control, hostile strings shown as text, the scenario editor's messages, restore after
// a reload. Also writes screenshots to test-results/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROTOCOL_VERSION, type HostMessage, type InitPayload, type WhatIf } from '../../../src/core/timeline/protocol';
import { chromiumMissing, openHarness, posted, send, ROOT, type Harness } from './harness';
import { HOSTILE, META, SLOW_SCENARIO, SLOW_SPEC, fixedStart, hostileStory, simulated, slowStart, type Simulated } from './fixtures';

const missing = chromiumMissing();
const SHOTS = join(ROOT, 'test-results', 'screenshots');

function init(podSpec = SLOW_SPEC, meta = META, title = 'web'): HostMessage {
  const payload: InitPayload = {
    protocol: PROTOCOL_VERSION,
    title,
    podSpec,
    meta,
    scenario: SLOW_SCENARIO,
    workloadRef: { uri: 'file:///work/deploy.yaml', kind: 'Deployment', name: 'web' },
    live: { available: false, message: 'No cluster reachable: kubectl not found on PATH' },
  };
  return { type: 'init', payload };
}

/** The host's answer: the real simulator's result and verdicts. */
function result(sim: Simulated, seq = 0): HostMessage {
  return { type: 'simulation/result', seq, scenario: SLOW_SCENARIO, result: sim.result, verdicts: sim.verdicts };
}

async function text(page: Page, sel: string): Promise<string> {
  return page.$eval(sel, (el) => el.textContent ?? '');
}

describe('timeline webview in Chromium', { skip: missing }, () => {
  let h: Harness;
  let slow: Simulated;
  before(async () => {
    h = await openHarness({ width: 1280, height: 900 });
    slow = await slowStart();
  });
  after(async () => {
    await h?.close();
  });

  test('ready handshake, then lanes for the slow-start CrashLoopBackOff story', async () => {
    const { page } = h;
    const msgs = await posted(page);
    assert.deepEqual(msgs[0], { type: 'ready', protocol: PROTOCOL_VERSION });
    await send(page, init());
    await send(page, result(slow));
    const lanes = await page.$$eval('.tl-lane-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lanes, ['pod web-7d4b9c6f5-x2x9q', 'container app']);
    const rows = await page.$$eval('.tl-row-label', (els) => els.map((e) => e.textContent));
    for (const r of ['phase', 'kubectl STATUS', 'Ready', 'events', 'state', 'started', 'ready', 'liveness probe', 'readiness probe']) assert.ok(rows.includes(r), `row ${r} in ${rows.join(', ')}`);
    // The simulator's verdicts, as it wrote them.
    const verdicts = await page.$$eval('.verdicts .v-text', (els) => els.map((e) => e.textContent));
    assert.deepEqual(verdicts, slow.verdicts.map((v) => v.text));
    assert.match(await text(page, '#title'), /^Pod Timeline: web$/);
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
    // To 5 s into the first back-off wait, as a keyboard user would get there.
    const wait = slow.result.events.find((e) => e.field === 'state' && e.reason === 'CrashLoopBackOff')!;
    const t = wait.t + 5;
    for (let i = 0; i < Math.floor(t / 10); i++) await page.keyboard.press('Shift+ArrowRight');
    for (let i = 0; i < t % 10; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), String(t));
    // What the simulator's own `kubectl get pod -w` printed for that moment.
    const row = slow.result.watch.filter((w) => w.t <= t).at(-1)!;
    assert.equal(row.status, 'CrashLoopBackOff');
    assert.match((await page.getAttribute('.tl-plot', 'aria-valuetext'))!, new RegExp(`STATUS CrashLoopBackOff, READY 0/1, RESTARTS ${row.restarts.replace(/\(.*\)/, '')}\\(5s ago\\)`));
    const kubectl = await text(page, 'pre.kubectl');
    assert.match(kubectl, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-7d4b9c6f5-x2x9q\s+0\/1\s+CrashLoopBackOff\s+\d+ \(5s ago\)\s+\S+$/);
    const yaml = await text(page, 'pre.yaml');
    assert.match(yaml, /reason: CrashLoopBackOff/);
    assert.match(yaml, /exitCode: 143/);
    assert.match(await text(page, '#h-readout'), new RegExp(`t = ${t} s`));
    // The changes around the cursor: the pod's own and its Kubernetes events; the current row is the wait.
    // The last change at or before the cursor is the current row; the wait began there.
    assert.ok((await text(page, 'table.events tr.current')).startsWith(`${wait.t} s`));
    const table = await text(page, 'table.events');
    assert.match(table, /stateWaiting → Running|stateTerminated → Waiting/);
    assert.match(table, /eventWarning BackOffBack-off restarting failed container app/);
    const times = [...new Set(slow.result.events.map((e) => e.t))];
    await page.keyboard.press('PageDown');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), String(times.find((x) => x > t)));
    await page.keyboard.press('PageUp');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), String(wait.t));
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
    const kills = slow.result.kubeletEvents.filter((k) => k.reason === 'Killing').length;
    assert.match(await text(page, '.machines'), new RegExp(`liveness kill ×${kills}`));
    // Cursor moves are reported to the host.
    assert.ok((await posted(page)).some((m) => m.type === 'cursor/move'));
  });

  test('a mouse click moves the cursor to the time under the pointer', async () => {
    const { page } = h;
    const box = (await page.$('.tl-plot'))!;
    const b = (await box.boundingBox())!;
    // The plot maps [0, 600] s onto [8, width - 22] px.
    const x = 8 + ((b.width - 30) * 300) / 600;
    await page.mouse.click(b.x + x, b.y + 120);
    const now = Number(await page.getAttribute('.tl-plot', 'aria-valuenow'));
    assert.ok(Math.abs(now - 300) < 2, String(now));
    // Hovering a band explains it.
    const stateLabel = (await page.$$('.tl-row-label.k-state'))[0]!;
    const sy = (await stateLabel.boundingBox())!;
    const wait = slow.result.events.find((e) => e.field === 'state' && e.reason === 'CrashLoopBackOff')!;
    const ends = slow.result.events.find((e) => e.subject === 'app' && e.field === 'state' && e.t > wait.t)!;
    const at = (s: number) => b.x + 8 + ((b.width - 30) * s) / 600;
    await page.mouse.move(at((wait.t + ends.t) / 2), sy.y + sy.height / 2);
    await page.waitForSelector('.tl-tip:not([hidden])');
    assert.equal((await text(page, '.tl-tip')).split('\n')[0], `CrashLoopBackOff · back-off ${ends.t - wait.t}s · ${wait.t} s – ${ends.t} s (${ends.t - wait.t} s)`);
    await page.mouse.move(at(75), b.y - 50);
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
    await send(page, result(await fixedStart(), first.seq));
    assert.match(await text(page, '.count'), /changes/);
    await page.click('.editor-box > summary');
  });

  test('hostile pod name, reasons, messages and events are shown as text', async () => {
    const { page } = h;
    const hs = await hostileStory();
    await send(page, init(hs.spec, hs.meta, HOSTILE));
    await send(page, { type: 'simulation/result', seq: 99, scenario: {}, result: hs.result, verdicts: [...hs.verdicts, { kind: 'hang', level: 'error', text: HOSTILE, t: 4 }] });
    await send(page, { type: 'live/status', state: 'error', message: HOSTILE });
    await page.focus('.tl-plot');
    await page.keyboard.press('End');
    const body = await page.evaluate(() => document.body.textContent ?? '');
    assert.ok(body.includes(HOSTILE), 'the markup shows up as text');
    assert.equal(await page.$$eval('img', (els) => els.length), 0, 'no <img> element was created');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await text(page, '#title'), `Pod Timeline: ${HOSTILE}`);
    const gutter = await text(page, '.tl-gutter');
    assert.ok(gutter.includes(`container app${HOSTILE}`), gutter);
    // YAML double-quotes it (escaping its quotes), the events table shows it raw.
    assert.ok((await text(page, 'pre.yaml')).includes(JSON.stringify(HOSTILE)));
    assert.ok((await text(page, 'table.events')).includes(`app${HOSTILE}`));
    assert.ok((await text(page, 'pre.kubectl')).includes(HOSTILE));
    assert.ok((await text(page, '.verdicts')).includes(HOSTILE));
    assert.ok((await text(page, '.live-state')).includes(HOSTILE));
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    assert.deepEqual(csp, [], 'no CSP violations');
  });

  test('live mode: live/append draws live lanes on the same axis', async () => {
    const { page } = h;
    await send(page, init());
    await send(page, result(slow, 100));
    await send(page, { type: 'live/status', state: 'live', message: 'watching pod web-5f9-abcde in shop', podName: 'web-5f9-abcde', origin: '2025-06-01T10:00:00Z' });
    await send(page, {
      type: 'live/append',
      events: [
        { t: 0, subject: 'app', field: 'state', from: '', to: 'Waiting', reason: 'ContainerCreating' },
        { t: 0, subject: 'pod', field: 'phase', from: '', to: 'Pending' },
        { t: 3, subject: 'app', field: 'state', from: 'Waiting', to: 'Running' },
        { t: 3, subject: 'pod', field: 'phase', from: 'Pending', to: 'Running' },
        { t: 9, subject: 'app', field: 'ready', from: 'false', to: 'true' },
      ],
      attempts: [
        { t: 13, container: 'app', kind: 'livenessProbe', ok: false },
        { t: 23, container: 'app', kind: 'livenessProbe', ok: false, message: 'HTTP probe failed with statuscode: 503' },
      ],
      kubeletEvents: [{ t: 33, object: 'app', type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503' }],
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
    // Stopped by the user: the host sends no message, the panel says it once.
    await send(page, { type: 'live/status', state: 'stopped', message: '' });
    assert.equal(await text(page, '.live-state'), 'Live: stopped');
  });

  test('state survives a reload (getState/setState) and the handshake repeats', async () => {
    const { page } = h;
    await send(page, init());
    await send(page, result(slow, 200));
    await page.focus('.tl-plot');
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.waitForTimeout(300); // setState is throttled
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    // Before the host answers, the saved view is back: title, lanes, cursor.
    assert.equal(await text(page, '#title'), 'Pod Timeline: web');
    assert.equal(await page.getAttribute('.tl-plot', 'aria-valuenow'), '120');
    const lanes = await page.$$eval('.tl-lane-title', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lanes, ['pod web-7d4b9c6f5-x2x9q', 'container app']);
  });

  test('screenshots: slow start (CrashLoopBackOff), then "Try it" with the suggested startup probe, dark and light', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const shots = await openHarness({ width: 1400, height: 1000, deviceScaleFactor: 1 });
    try {
      const { page } = shots;
      // This test plays the host: the real simulator and verdicts through the host's adapter.
      await send(page, init());
      await send(page, result(slow));
      await page.focus('.tl-plot');
      await page.keyboard.press('Home');
      for (let i = 0; i < 16; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'timeline-slow-start-crashloop.png'), fullPage: true });
      await (await page.$('.tl-host'))!.screenshot({ path: join(SHOTS, 'timeline-slow-start-crashloop-lanes.png') });

      const before = (await posted(page)).length;
      await page.click('button.try');
      await page.waitForFunction((n) => (window as unknown as { __posted: { type: string }[] }).__posted.slice(n).some((m) => m.type === 'scenario/change'), before);
      const msg = (await posted(page)).slice(before).find((m) => m.type === 'scenario/change') as unknown as { seq: number; whatIf: WhatIf };
      assert.match(msg.whatIf.label, /^app with a startupProbe \(failureThreshold \d+ × periodSeconds \d+\)$/);
      assert.ok(msg.whatIf.podSpec.containers![0]!.startupProbe?.httpGet, 'the startup probe copies the liveness handler');
      assert.ok(!SLOW_SPEC.containers![0]!.startupProbe, 'the manifest spec is untouched');
      const fixed = await simulated(msg.whatIf.podSpec, SLOW_SCENARIO);
      await send(page, { type: 'simulation/result', seq: msg.seq, scenario: SLOW_SCENARIO, result: fixed.result, verdicts: fixed.verdicts, whatIf: msg.whatIf });
      assert.equal(await page.isVisible('.what-if'), true);
      assert.match(await text(page, '.what-if'), /What if: app with a startupProbe/);
      const rows = await page.$$eval('.tl-row-label', (els) => els.map((e) => e.textContent));
      assert.ok(rows.includes('startup probe'), rows.join(', '));
      assert.match(await text(page, '.verdicts'), /The pod is Ready at \d+ s/);
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
          '--vscode-input-foreground': '#3b3b3b', '--vscode-textCodeBlock-background': '#f2f2f2', '--vscode-textBlockQuote-background': '#f2f2f2',
          '--vscode-textLink-foreground': '#005fb8', '--vscode-list-activeSelectionBackground': '#0060c0', '--vscode-list-activeSelectionForeground': '#ffffff' };
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = 'vscode-light';
      })()`);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // The time link in the selected row of "Changes around the cursor" is readable on the
      // selection colour (it was Light Modern's link blue on the list selection blue).
      const link = await page.$eval('table.events tr.current button.link', (b) => [getComputedStyle(b).color, getComputedStyle(b.closest('tr')!).backgroundColor]);
      assert.deepEqual(link, ['rgb(255, 255, 255)', 'rgb(0, 96, 192)']);
      await (await page.$('.tl-host'))!.screenshot({ path: join(SHOTS, 'timeline-startup-probe-fixed-light.png') });
      await page.screenshot({ path: join(SHOTS, 'timeline-startup-probe-fixed-light-page.png'), fullPage: true });
      // Back to the manifest's probes: a change without whatIf.
      const n = (await posted(page)).length;
      await page.click('.what-if button');
      await page.waitForFunction((k) => (window as unknown as { __posted: { type: string }[] }).__posted.slice(k).some((m) => m.type === 'scenario/change'), n);
      const back = (await posted(page)).slice(n).find((m) => m.type === 'scenario/change')!;
      assert.equal(back.whatIf, undefined);
    } finally {
      await shots.close();
    }
  });
});
