// The Pod Timeline's "current vs recommended" box in headless Chromium, in the panel's real HTML
// and CSP (harness.ts stands in for the VS Code host): what the user reads side by side, hostile
// strings shown as text, Apply posting its message, "Play the recommended timings" simulating the
// recommended spec as a what-if, and the box hidden again by a plain Simulate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, type HostMessage, type MeasureComparison } from '../../../src/core/timeline/protocol';
import { chromiumMissing, openHarness, posted, send, type Harness } from './harness';
import { HOSTILE, META, SLOW_SCENARIO, SLOW_SPEC, slowStart, type Simulated } from './fixtures';

const missing = chromiumMissing();

function comparison(over: Partial<MeasureComparison> = {}): MeasureComparison {
  const recommendedSpec = { ...SLOW_SPEC, containers: (SLOW_SPEC.containers ?? []).map((c) => ({ ...c, startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 10 } })) };
  return {
    probe: `liveness probe of app${HOSTILE}`,
    measured: ['latency: p50 4 ms · p99 6 ms over 5 attempts', `1 cold start: 61.2 s to the first success ${HOSTILE}`],
    changes: ['add a startupProbe (periodSeconds 10, failureThreshold 10) — slowest of 1 start 61.2 s × 1.5 = 92 s'],
    cannot: [],
    scenario: 'app answers its probes from 62 s after each start',
    current: { summary: 'restart loop, CrashLoopBackOff at 150 s (5 restarts in 600 s)', level: 'error', restarts: 5, crashLoopAt: 150, verdicts: [{ kind: 'never-ready', level: 'error', text: 'The pod never becomes Ready.' } as never] },
    recommended: { summary: 'Ready at 63 s, no restart', level: 'ok', restarts: 0, readyAt: 63, verdicts: [], podSpec: recommendedSpec },
    apply: { possible: true },
    ...over,
  };
}

describe('the side by side of ⏱ Measure in Chromium', { skip: missing }, () => {
  let h: Harness;
  let slow: Simulated;
  before(async () => {
    h = await openHarness({ width: 1100, height: 800 });
    slow = await slowStart();
    await send(h.page, { type: 'init', payload: { protocol: PROTOCOL_VERSION, title: 'web', podSpec: SLOW_SPEC, meta: META, scenario: SLOW_SCENARIO, live: { available: false } } } satisfies HostMessage);
    await send(h.page, { type: 'simulation/result', seq: 0, scenario: SLOW_SCENARIO, result: slow.result, verdicts: slow.verdicts } satisfies HostMessage);
  });
  after(async () => {
    await h?.close();
  });

  test('shows current and recommended with their outcomes, the numbers and the changes; strings stay text', async () => {
    const { page } = h;
    assert.equal(await page.$eval('.compare', (e) => (e as HTMLElement).hidden), true, 'hidden until a measurement is sent');
    await send(page, { type: 'compare', comparison: comparison() } satisfies HostMessage);
    const sides = await page.$$eval('.compare .cmp-side', (els) => els.map((e) => ({ cls: e.className, head: e.querySelector('h3')?.textContent, summary: e.querySelector('.cmp-summary')?.textContent })));
    assert.deepEqual(sides, [
      { cls: 'cmp-side cmp-error', head: 'Current', summary: '✕ restart loop, CrashLoopBackOff at 150 s (5 restarts in 600 s)' },
      { cls: 'cmp-side cmp-ok', head: 'Recommended', summary: '✓ Ready at 63 s, no restart' },
    ]);
    assert.equal(await page.$eval('#h-compare', (e) => e.textContent), `Measured: the liveness probe of app${HOSTILE}`);
    const measured = await page.$$eval('.cmp-measured li', (els) => els.map((e) => e.textContent));
    assert.equal(measured[1], `1 cold start: 61.2 s to the first success ${HOSTILE}`);
    assert.match(await page.$eval('.cmp-changes', (e) => e.textContent ?? ''), /add a startupProbe \(periodSeconds 10, failureThreshold 10\)/);
    assert.equal(await page.$$eval('.compare img', (els) => els.length), 0, 'no element made from a string');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], 'no CSP violations');
  });

  test('Apply posts compare/apply; Play simulates the recommended spec as a what-if', async () => {
    const { page } = h;
    await page.click('.compare button.cmp-apply');
    await page.click('.compare button.secondary');
    await page.waitForTimeout(100);
    const msgs = await posted(page);
    assert.ok(msgs.some((m) => m.type === 'compare/apply'));
    const change = msgs.filter((m) => m.type === 'scenario/change').pop() as { whatIf?: { label: string; podSpec: { containers: { startupProbe?: unknown }[] } } } | undefined;
    assert.match(change?.whatIf?.label ?? '', /^the recommended timings of the liveness probe/);
    assert.ok(change?.whatIf?.podSpec.containers[0]?.startupProbe, 'the what-if is the recommended spec');
  });

  test('Apply is disabled with the reason when there is nothing to write; a plain Simulate hides the box', async () => {
    const { page } = h;
    await send(page, { type: 'compare', comparison: comparison({ apply: { possible: false, why: 'nothing to change: the manifest has the recommended values' } }) } satisfies HostMessage);
    assert.equal(await page.$eval('.compare button.cmp-apply', (b) => (b as HTMLButtonElement).disabled), true);
    assert.match(await page.$eval('.cmp-actions', (e) => e.textContent ?? ''), /nothing to change: the manifest has the recommended values/);
    await send(page, { type: 'compare' } satisfies HostMessage);
    assert.equal(await page.$eval('.compare', (e) => (e as HTMLElement).hidden), true);
  });
});
