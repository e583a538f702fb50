// Watch mode: the kubelet worker's schedule (§7.2–§7.4) over real probes against a scripted HTTP
// server on 127.0.0.1. Time is a virtual clock (sleep advances it), so the tests check the
// schedule, not the wall clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Probe, ProbeKind } from '../../../src/core/k8s';
import { EMPTY_TALLY, tallyWatch, watchFailing, watchProbe, watchText, type Clock, type WatchEvent } from '../../../src/core/probe/watch';
import { httpServer } from './helpers';

const T = { timeout: 30_000 };

/** Virtual time: sleep() moves the clock; past `endMs` it aborts the watch. */
function virtualClock(stop: AbortController, endMs: number): Clock {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
      if (t > endMs) stop.abort();
    },
  };
}

/** A server answering the scripted statuses in turn (the last one repeats). */
async function scripted(statuses: number[]): Promise<number> {
  let i = 0;
  return httpServer((_req, res) => {
    res.statusCode = statuses[Math.min(i++, statuses.length - 1)];
    res.end(String(res.statusCode));
  });
}

async function watch(kind: ProbeKind, probe: Probe, endMs: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const stop = new AbortController();
  await watchProbe(probe, {}, {}, { site: kind, signal: stop.signal, clock: virtualClock(stop, endMs), onEvent: (e) => events.push(e) });
  return events;
}
const brief = (events: WatchEvent[]) =>
  events.map((e) => (e.type === 'attempt' ? `${e.at} ${e.result} run=${e.resultRun} ${e.cached} — ${e.next}` : `${e.at} ${e.from}→${e.to} ${e.action}: ${e.verdict}`));
/** What the tree and the CodeLens show after each event. */
const shown = (events: WatchEvent[]) => {
  let t = EMPTY_TALLY;
  return events.map((e) => {
    t = tallyWatch(t, e);
    return `${watchText(t)}${watchFailing(t) ? ' (failing)' : ''}`;
  });
};

test('liveness: first probe at once, then every period; failureThreshold failures → would be killed, then a simulated restart', T, async () => {
  const port = await scripted([200, 500, 500, 500, 200]);
  const events = await watch('livenessProbe', { httpGet: { port }, periodSeconds: 10, failureThreshold: 3 }, 45_000);
  assert.deepEqual(brief(events), [
    '0 null→Success start: container started: 3 failures in a row restart it',
    '0 success run=1 Success — 3 failures in a row restart the container',
    '10000 failure run=1 Success — 2 more failures restart the container',
    '20000 failure run=2 Success — 1 more failure restarts the container',
    '30000 failure run=0 Failure — 3 failures in a row restart the container',
    '30000 Success→Failure kill: would be killed now (Liveness probe failed 3 times in a row)',
    '30000 Failure→Success restart: container restarted (simulated: the real process is not restarted)',
    '40000 success run=1 Success — 3 failures in a row restart the container',
  ]);
  assert.deepEqual(shown(events), [
    'waiting for the first check',
    'passing · 1 check',
    '1 of 3 failures (failing)',
    '2 of 3 failures (failing)',
    '3 of 3 failures (failing)',
    '3 of 3 failures (failing)',
    '3 of 3 failures · restarted 1× (failing)',
    'passing · 5 checks · restarted 1×',
  ]);
  const kill = events[4];
  assert.equal(kill.type === 'attempt' && kill.event, 'Liveness probe failed: HTTP probe failed with statuscode: 500');
});

test('readiness: not ready until successThreshold successes, integer initial delay, then not ready after failureThreshold failures', T, async () => {
  const port = await scripted([200, 200, 500, 500]);
  const events = await watch('readinessProbe', { httpGet: { port }, initialDelaySeconds: 15, periodSeconds: 5, successThreshold: 2, failureThreshold: 2 }, 36_000);
  assert.deepEqual(brief(events), [
    '0 null→Failure start: container started: not ready until 2 successes in a row',
    '15000 success run=1 Failure — 1 more success marks it ready',
    '20000 success run=2 Success — ready; 2 failures in a row mark it not ready',
    '20000 Failure→Success ready: would be marked ready',
    '25000 failure run=1 Success — 1 more failure marks it not ready',
    '30000 failure run=2 Failure — not ready; 2 successes in a row mark it ready',
    '30000 Success→Failure not-ready: would be marked not ready',
    '35000 failure run=3 Failure — not ready; 2 successes in a row mark it ready',
  ]);
  assert.deepEqual(shown(events).slice(1, 3), ['1 of 2 successes', 'passing · 2 checks']);
  assert.equal(shown(events).at(-1), '3 failures in a row (failing)');
});

test('startup: started after a success, then the worker is on hold (no more attempts)', T, async () => {
  const port = await scripted([500, 200]);
  const events = await watch('startupProbe', { httpGet: { port }, periodSeconds: 10, failureThreshold: 5 }, 60_000);
  assert.deepEqual(brief(events), [
    '0 null→Unknown start: container started: waiting for the startup probe to succeed; 5 failures in a row restart it',
    '0 failure run=1 Unknown — 4 more failures restart the container',
    '10000 success run=0 Success — started: liveness and readiness probes run from now on',
    '10000 Unknown→Success started: started: liveness and readiness probes would begin now',
  ]);
});

test('errored attempts are shown but not counted', T, async () => {
  const events = await watch('livenessProbe', { tcpSocket: { port: 'nope' }, periodSeconds: 1, failureThreshold: 1 }, 2_500);
  const attempts = events.filter((e) => e.type === 'attempt');
  assert.equal(attempts.length, 3);
  for (const a of attempts) {
    assert.ok(a.type === 'attempt' && !a.counted && a.errored === 'port "nope" not found' && a.cached === 'Success');
  }
  assert.equal(events.filter((e) => e.type === 'state').length, 1);
});

test('a probe slower than the period: the next one starts at once, ticks stay aligned to the start', T, async () => {
  const stop = new AbortController();
  let t = 0;
  const clock: Clock = {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
      if (t > 9_000) stop.abort();
    },
  };
  const starts: number[] = [];
  await watchProbe({ exec: { command: ['true'] }, periodSeconds: 2 }, {}, {}, {
    site: 'livenessProbe',
    signal: stop.signal,
    clock,
    run: async () => {
      starts.push(t);
      if (starts.length === 2) t += 2_500; // the second probe takes 2.5 s: the 4 s tick waits for it
      return { result: 'success', message: '', durationMs: 0, probe: { type: 'exec', target: 'true' } };
    },
    onEvent: () => undefined,
  });
  assert.deepEqual(starts, [0, 2000, 4500, 6000, 8000]);
});
