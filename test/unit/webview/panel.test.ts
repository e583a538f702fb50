// The host half of the timeline (src/extension/timeline-panel.ts) against a stand-in for the
// 'vscode' module (no VS Code can run in a unit test): handshake order, the real simulator behind
// the lazy import, stale answers dropped, live data buffered until `ready`, the serializer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import type * as Panel from '../../../src/extension/timeline-panel';
import { simulate } from '../../../src/core/lifecycle/simulate';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import { PROTOCOL_VERSION, type HostMessage, type LiveAttempt, type PersistedState, type SimEvent, type SimResult } from '../../../src/core/timeline/protocol';
import { META, SLOW_SCENARIO, SLOW_SPEC } from './fixtures';

/** A small real result, for the tests that are about the panel and not the simulation. */
const TINY: SimResult = simulate({ spec: SLOW_SPEC, scenario: validateScenario({ until: 5 }) });

// ---- stand-in VS Code API -----------------------------------------------------------------------
type Listener<T> = (e: T) => void;
class EventEmitter<T> {
  private ls: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.ls.push(l);
    return { dispose: () => (this.ls = this.ls.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of [...this.ls]) l(e);
  }
  dispose(): void {
    this.ls = [];
  }
}

interface FakeUri { path: string; toString(): string }
const uri = (path: string): FakeUri => ({ path, toString: () => `file://${path}` });

interface FakePanel {
  title: string;
  visible: boolean;
  posted: HostMessage[];
  revealed: number;
  disposed: boolean;
  webview: {
    html: string;
    options: unknown;
    cspSource: string;
    asWebviewUri(u: FakeUri): { toString(): string };
    postMessage(m: HostMessage): Promise<boolean>;
    onDidReceiveMessage: (l: Listener<unknown>) => { dispose(): void };
  };
  receive(m: unknown): void;
  hide(): void;
  onDidDispose: (l: Listener<void>) => { dispose(): void };
  onDidChangeViewState: (l: Listener<{ webviewPanel: FakePanel }>) => { dispose(): void };
  reveal(): void;
  dispose(): void;
}

const panels: FakePanel[] = [];
const messages: string[] = [];
const commands = new Map<string, (...a: unknown[]) => unknown>();
let serializer: { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> } | undefined;

function fakePanel(title: string): FakePanel {
  const received = new EventEmitter<unknown>();
  const disposed = new EventEmitter<void>();
  const view = new EventEmitter<{ webviewPanel: FakePanel }>();
  const p: FakePanel = {
    title,
    visible: true,
    posted: [],
    revealed: 0,
    disposed: false,
    webview: {
      html: '',
      options: {},
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      asWebviewUri: (u) => ({ toString: () => `https://file+.vscode-resource.vscode-cdn.net${u.path}` }),
      postMessage: async (m) => {
        p.posted.push(JSON.parse(JSON.stringify(m)) as HostMessage);
        return true;
      },
      onDidReceiveMessage: received.event,
    },
    receive: (m) => received.fire(JSON.parse(JSON.stringify(m))),
    hide: () => {
      p.visible = false;
      view.fire({ webviewPanel: p });
    },
    onDidDispose: disposed.event,
    onDidChangeViewState: view.event,
    reveal: () => {
      p.revealed++;
    },
    dispose: () => {
      if (p.disposed) return;
      p.disposed = true;
      disposed.fire();
    },
  };
  panels.push(p);
  return p;
}

const vscodeStandIn = {
  EventEmitter,
  ViewColumn: { Beside: -2, One: 1 },
  Uri: { joinPath: (b: FakeUri, ...parts: string[]) => uri([b.path, ...parts].join('/')), parse: (s: string) => ({ toString: () => s }) },
  Disposable: { from: (...ds: { dispose(): void }[]) => ({ dispose: () => ds.forEach((d) => d.dispose()) }) },
  Position: class { constructor(readonly line: number, readonly character: number) {} },
  Range: class { constructor(readonly start: unknown, readonly end: unknown) {} },
  window: {
    createWebviewPanel: (_type: string, title: string) => fakePanel(title),
    registerWebviewPanelSerializer: (_t: string, s: typeof serializer) => {
      serializer = s;
      return { dispose() {} };
    },
    showInformationMessage: async (m: string) => void messages.push(m),
    showWarningMessage: async (m: string) => void messages.push(m),
  },
  commands: {
    registerCommand: (id: string, cb: (...a: unknown[]) => unknown) => {
      commands.set(id, cb);
      return { dispose: () => commands.delete(id) };
    },
  },
  workspace: {},
};

const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const realLoad = M._load;

async function until<T>(f: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const byType = <T extends HostMessage['type']>(p: FakePanel, type: T) => p.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);

describe('timeline panel host, with a stand-in VS Code API', () => {
  let mod: typeof Panel;
  const context = { extensionUri: uri('/ext'), subscriptions: [] as { dispose(): void }[] };

  before(() => {
    M._load = function (request, parent, isMain) {
      if (request === 'vscode') return vscodeStandIn;
      return realLoad.call(this, request, parent, isMain);
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../../src/extension/timeline-panel') as typeof Panel;
  });
  after(() => {
    M._load = realLoad;
    for (const d of context.subscriptions) d.dispose();
  });

  test('the page: CSP with a nonce, our script and style, the title escaped', () => {
    const p = mod.TimelinePanel.show(context as never, { title: '<img src=x onerror=alert(1)>', podSpec: SLOW_SPEC, meta: META, workloadRef: { uri: 'file:///a.yaml', name: 'hostile' } }, {});
    const html = p.panel.webview.html;
    const nonce = /nonce="([^"]+)"/.exec(html)![1]!;
    assert.ok(nonce.length >= 32);
    assert.ok(html.includes(`script-src &#39;nonce-${nonce}&#39;`));
    assert.ok(html.includes('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"'));
    assert.ok(html.includes('href="https://file+.vscode-resource.vscode-cdn.net/ext/media/timeline.css"'));
    assert.ok(!html.includes('<img'));
    p.dispose();
  });

  test('nothing is posted before `ready`; then init and the real simulation (CrashLoopBackOff)', async () => {
    const p = mod.TimelinePanel.show(context as never, { title: 'web', podSpec: SLOW_SPEC, meta: META, workloadRef: { uri: 'file:///w.yaml', name: 'web' }, scenario: SLOW_SCENARIO }, {});
    assert.equal(panels.at(-1)!.title, 'Pod Timeline: web', 'one name for the panel');
    const fp = panels.at(-1)!;
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(fp.posted, [], 'the page is still loading');
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    const init = byType(fp, 'init')[0]!;
    assert.equal(init.payload.title, 'web');
    assert.deepEqual(init.payload.live, { available: false, message: 'Live mode needs a cluster connection, which is not set up in this window.' });
    const res = await until(() => byType(fp, 'simulation/result')[0], 'simulation/result');
    assert.equal(res.seq, 0);
    assert.ok(res.result.events.some((e) => e.field === 'state' && e.reason === 'CrashLoopBackOff'));
    assert.ok(res.verdicts.some((v) => v.kind === 'crash-loop' && v.level === 'error'));
    assert.ok(res.verdicts.some((v) => v.kind === 'startup-fix' && v.suggestion && v.container === 'app'));
    // A second `ready` (the webview was hidden and reloaded) gets everything again, in order.
    fp.hide();
    fp.posted.length = 0;
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.deepEqual((fp.posted as HostMessage[]).map((m) => m.type), ['init', 'simulation/result']);
    p.dispose();
  });

  test('scenario edits: answered by seq; an older, slower run is dropped', async () => {
    const calls: number[] = [];
    const slowSim = async (input: { scenario: { until: number } }): Promise<SimResult> => {
      calls.push(input.scenario.until);
      await new Promise((r) => setTimeout(r, input.scenario.until === 111 ? 120 : 5));
      return { ...TINY, until: input.scenario.until };
    };
    const p = mod.TimelinePanel.show(context as never, { title: 'x', podSpec: SLOW_SPEC, workloadRef: { uri: 'file:///x.yaml', name: 'x' } }, { simulate: slowSim });
    const fp = panels.at(-1)!;
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    await until(() => byType(fp, 'simulation/result')[0], 'first result');
    fp.receive({ type: 'scenario/change', seq: 1, scenario: { until: 111 } });
    fp.receive({ type: 'scenario/change', seq: 2, scenario: { until: 222 }, preset: 'hangs' });
    await new Promise((r) => setTimeout(r, 250));
    const results = byType(fp, 'simulation/result');
    assert.deepEqual(results.map((r) => r.seq), [0, 2]);
    assert.equal(results[1]!.preset, 'hangs');
    assert.equal(results[1]!.result.until, 222);
    assert.deepEqual(calls.slice(-2), [111, 222]);
    p.dispose();
  });

  test('a failing simulation becomes simulation/error with the message', async () => {
    const p = mod.TimelinePanel.show(context as never, { title: 'bad', podSpec: SLOW_SPEC, workloadRef: { uri: 'file:///bad.yaml', name: 'bad' }, scenario: { until: -1 } }, {});
    const fp = panels.at(-1)!;
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    const err = await until(() => byType(fp, 'simulation/error')[0], 'simulation/error');
    assert.match(err.message, /until/);
    p.dispose();
  });

  test('live: a source feeds the panel; data is buffered while hidden and replayed on ready', async () => {
    let stopped = 0;
    let sinkRef: Panel.LiveSink | undefined;
    const live: Panel.LiveSource = {
      start: (_args, sink) => {
        sinkRef = sink;
        sink.status('live', 'watching pod web-1 in shop', { podName: 'web-1', origin: '2025-06-01T10:00:00Z' });
        return { dispose: () => void stopped++ };
      },
    };
    const ref = { uri: 'file:///live.yaml', name: 'live' };
    const p = mod.TimelinePanel.show(context as never, { title: 'live', podSpec: SLOW_SPEC, workloadRef: ref }, { live, simulate: () => TINY });
    const fp = panels.at(-1)!;
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.deepEqual(byType(fp, 'init')[0]!.payload.live, { available: true });
    await until(() => byType(fp, 'simulation/result')[0], 'simulation/result');
    fp.receive({ type: 'live/start' });
    await until(() => sinkRef, 'live start');
    assert.equal(mod.TimelinePanel.liveSink(ref), sinkRef);
    const ev: SimEvent[] = [{ t: 3, subject: 'app', field: 'state', from: 'Waiting', to: 'Running' }];
    const at: LiveAttempt[] = [{ t: 10, container: 'app', kind: 'livenessProbe', ok: false }];
    sinkRef!.append({ events: ev, attempts: at });
    assert.deepEqual(byType(fp, 'live/status').map((m) => [m.state, m.podName]), [['connecting', undefined], ['live', 'web-1']]);
    assert.deepEqual(byType(fp, 'live/append')[0], { type: 'live/append', events: ev, attempts: at, kubeletEvents: [] });
    // Hidden: nothing is posted, everything is kept.
    fp.hide();
    fp.posted.length = 0;
    sinkRef!.append({ kubeletEvents: [{ t: 40, object: 'app', reason: 'Unhealthy', type: 'Warning', message: 'Liveness probe failed' }] });
    assert.deepEqual(fp.posted, []);
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.deepEqual((fp.posted as HostMessage[]).map((m) => m.type), ['init', 'simulation/result', 'live/status', 'live/reset', 'live/append']);
    const replay = byType(fp, 'live/append')[0]!;
    assert.equal(replay.events.length, 1);
    assert.equal(replay.kubeletEvents.length, 1);
    assert.equal(byType(fp, 'live/reset')[0]!.origin, '2025-06-01T10:00:00Z');
    fp.receive({ type: 'live/stop' });
    assert.equal(stopped, 1);
    // "Live: stopped" says it all; no message repeats it ("Live: stopped — Stopped.").
    assert.deepEqual([byType(fp, 'live/status').at(-1)!.state, byType(fp, 'live/status').at(-1)!.message], ['stopped', '']);
    fp.receive({ type: 'live/start' });
    await until(() => stopped === 1 && byType(fp, 'live/status').at(-1)!.state === 'live', 'restart');
    p.dispose();
    assert.equal(stopped, 2, 'closing the panel stops the live source');
    assert.equal(sinkRef!.disposed, true);
  });

  test('live without a source: the panel says so, the simulation still runs', async () => {
    const p = mod.TimelinePanel.show(context as never, { title: 'nolive', podSpec: SLOW_SPEC, workloadRef: { uri: 'file:///n.yaml', name: 'n' } }, { live: { unavailableReason: () => 'No cluster reachable: kubectl not found on PATH', start: () => ({ dispose() {} }) } });
    const fp = panels.at(-1)!;
    fp.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.deepEqual(byType(fp, 'init')[0]!.payload.live, { available: false, message: 'No cluster reachable: kubectl not found on PATH' });
    fp.receive({ type: 'live/start' });
    assert.deepEqual(byType(fp, 'live/status').map((m) => [m.state, m.message]), [['unavailable', 'No cluster reachable: kubectl not found on PATH']]);
    await until(() => byType(fp, 'simulation/result')[0], 'simulation still runs');
    p.dispose();
  });

  test('registerTimeline: simulate (the command table calls it) opens one panel per workload; the serializer restores it', async () => {
    const before = panels.length;
    const timeline = mod.registerTimeline(context as never, { simulate: () => TINY });
    const cmd = (args?: unknown) => timeline.simulate(args as never);
    assert.equal(await cmd(), undefined);
    assert.match(messages.at(-1)!, /Simulate/);
    const args = { title: 'Deployment web', podSpec: SLOW_SPEC, meta: META, workloadRef: { uri: 'file:///d.yaml', kind: 'Deployment', name: 'web', documentIndex: 0 } };
    const a = (await cmd(args)) as Panel.TimelinePanel;
    const b = (await cmd(args)) as Panel.TimelinePanel;
    assert.equal(a, b);
    assert.equal(panels.length, before + 1);
    assert.equal(panels.at(-1)!.revealed, 1);
    a.dispose();
    // After a window reload VS Code hands the serializer a new panel and the webview's saved state.
    const state: PersistedState = {
      v: 2,
      init: { protocol: PROTOCOL_VERSION, title: 'Deployment web', podSpec: SLOW_SPEC, meta: META, scenario: {}, workloadRef: args.workloadRef, live: { available: false } },
      scenario: { until: 120, containers: { app: { runs: [{ healthyAfter: 90 }] } } },
      preset: 'slow-start',
    };
    const restored = fakePanel('restored');
    await serializer!.deserializeWebviewPanel(restored, state);
    assert.match(restored.webview.html, /Content-Security-Policy/);
    restored.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    const init = byType(restored, 'init')[0]!;
    assert.equal(init.payload.title, 'Deployment web');
    assert.equal(init.payload.scenario.until, 120);
    assert.equal(init.payload.preset, 'slow-start');
    // A state from elsewhere closes the panel instead of showing nonsense.
    const junk = fakePanel('junk');
    await serializer!.deserializeWebviewPanel(junk, { v: 99 });
    assert.equal(junk.disposed, true);
    restored.dispose();
  });
});
