// The command table (src/extension/commands.ts) against package.json: every contributed command is
// registered, every registered command is contributed, and a failing handler goes to the one error
// reporter instead of becoming an unhandled rejection. The 'vscode' module is a stand-in here (no
// VS Code can run in a unit test); test/integration/suite/smoke.test.ts checks the same against
// the real VS Code's command registry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import { COMMAND_IDS } from '../../src/extension/command-ids';
import type * as Commands from '../../src/extension/commands';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const contributed: string[] = (pkg.contributes.commands as { command: string }[]).map((c) => c.command);

const registered = new Map<string, (...a: unknown[]) => unknown>();
const vscodeStandIn = {
  commands: {
    registerCommand: (id: string, cb: (...a: unknown[]) => unknown) => {
      if (registered.has(id)) throw new Error(`command '${id}' already exists`); // as VS Code does
      registered.set(id, cb);
      return { dispose: () => registered.delete(id) };
    },
  },
};
const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const realLoad = M._load;

describe('the command table', () => {
  let mod: typeof Commands;
  const errors: [unknown, string | undefined][] = [];
  const ctx = { extension: { subscriptions: [] as { dispose(): void }[] }, report: { error: (e: unknown, where?: string) => void errors.push([e, where]) } };

  before(() => {
    M._load = function (request, parent, isMain) {
      if (request === 'vscode') return vscodeStandIn;
      return realLoad.call(this, request, parent, isMain);
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../src/extension/commands') as typeof Commands;
  });
  after(() => {
    M._load = realLoad;
  });

  test('lists each contributed command once, and only those', () => {
    assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'no id twice');
    assert.deepEqual([...COMMAND_IDS].sort(), [...contributed].sort());
  });

  test('registers every contributed command, and registers nothing else', () => {
    const owners = { ctx, diagnostics: {}, runs: {}, views: { workspace: {}, cluster: {}, portForwards: {} }, simulate: async () => undefined };
    mod.registerCommands(ctx as never, mod.commandTable(owners as never));
    assert.deepEqual([...registered.keys()].sort(), [...contributed].sort());
    assert.equal(ctx.extension.subscriptions.length, contributed.length, 'each registration is disposed with the extension');
  });

  test('kubeProbes.openLiveTimeline opens the timeline and switches it to live mode', async () => {
    registered.clear();
    const calls: string[] = [];
    const panel = { startLive: async () => void calls.push('startLive') };
    const owners = { ctx, diagnostics: {}, runs: {}, views: { workspace: {}, cluster: {}, portForwards: {} }, simulate: async (a: unknown) => (calls.push(`simulate ${JSON.stringify(a)}`), panel) };
    mod.registerCommands(ctx as never, mod.commandTable(owners as never));
    assert.equal(await registered.get('kubeProbes.openLiveTimeline')!({ podSpec: {} }), panel);
    assert.deepEqual(calls, ['simulate {"podSpec":{}}', 'startLive']);
  });

  test('a failing handler is reported once (where and what) and the command resolves to undefined', async () => {
    registered.clear();
    const boom = new Error('the cluster said no');
    mod.registerCommands(ctx as never, { 'kubeProbes.lintWorkspace': () => Promise.reject(boom) } as never);
    assert.equal(await registered.get('kubeProbes.lintWorkspace')!(), undefined);
    assert.deepEqual(errors, [[boom, 'kubeProbes.lintWorkspace']]);
  });
});
