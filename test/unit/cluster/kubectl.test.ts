// kubectl discovery, kubeconfig contexts/namespaces and error messages. Context and namespace
// come from the REAL kubectl reading temp kubeconfigs; "cluster" calls go to a STAND-IN API server
// or to a closed port (no cluster).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createServer } from 'node:net';
import { Kubectl, kubeconfigPaths, locateKubectl } from '../../../src/core/cluster/kubectl';
import { ClusterError, KubectlNotFound, classifyKubectlFailure, cleanStderr, userMessage } from '../../../src/core/cluster/errors';
import { which } from '../../../src/core/cluster/which';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { REAL_KUBECTL, STAND_IN_KUBECTL, descendantPids, kubectlEnv, tempDir, until } from './helpers';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('locating kubectl', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('an explicit path (the machine-scoped setting) is used as is', () => {
    assert.equal(locateKubectl({ explicitPath: STAND_IN_KUBECTL, env: { PATH: '' } }), STAND_IN_KUBECTL);
  });

  test('a bare name in the setting, and no setting, are looked up on PATH without a shell', () => {
    const bin = join(tmp.dir, 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync(STAND_IN_KUBECTL, join(bin, 'kubectl'));
    copyFileSync(STAND_IN_KUBECTL, join(bin, 'kubectl-1.31'));
    for (const f of ['kubectl', 'kubectl-1.31']) chmodSync(join(bin, f), 0o644);
    const env = { PATH: ['/nonexistent', 'relative/dir', bin].join(delimiter), HOME: tmp.dir };
    // not executable yet
    assert.throws(() => locateKubectl({ env }), KubectlNotFound);
    for (const f of ['kubectl', 'kubectl-1.31']) chmodSync(join(bin, f), 0o755);
    assert.equal(locateKubectl({ env }), join(bin, 'kubectl'));
    assert.equal(locateKubectl({ env, explicitPath: 'kubectl-1.31' }), join(bin, 'kubectl-1.31'));
    assert.equal(locateKubectl({ env, explicitPath: '~/bin/kubectl' }), join(bin, 'kubectl'));
    assert.equal(which('kubectl', { env: { PATH: 'relative/dir' } }), undefined, 'relative PATH entries are skipped');
  });

  test('the real kubectl on this machine is found on PATH', () => {
    const found = locateKubectl();
    assert.match(found, /kubectl$/);
  });

  test('missing kubectl: a typed error with what to do, no stack in the message', () => {
    const err = (() => {
      try {
        locateKubectl({ env: { PATH: join(tmp.dir, 'empty') } });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof KubectlNotFound);
    assert.equal(err.kind, 'kubectl-not-found');
    assert.equal(
      err.message,
      'kubectl was not found on the PATH. Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set "kubeProbes.kubectlPath" to the full path of the kubectl binary.',
    );
    assert.equal(userMessage(err), err.message);
    assert.equal(String(err), err.message);
    assert.ok(!err.message.includes(' at '), 'no stack');
    assert.match(err.detail!, /Searched: .*empty\/kubectl/);

    assert.throws(
      () => locateKubectl({ explicitPath: '/opt/nowhere/kubectl' }),
      (e: unknown) => e instanceof KubectlNotFound && e.message.startsWith('kubectl was not found at "/opt/nowhere/kubectl" (setting kubeProbes.kubectlPath).'),
    );
  });

  test('running a kubectl path that vanished is the same friendly error', async () => {
    const k = new Kubectl({ path: join(tmp.dir, 'gone', 'kubectl') });
    await assert.rejects(k.contexts(), (e: unknown) => e instanceof KubectlNotFound && /kubeProbes.kubectlPath/.test(e.message));
  });
});

describe('kubeconfig files', () => {
  test('KUBECONFIG with several paths is split on the path delimiter; empties and duplicates dropped', () => {
    const env = { KUBECONFIG: ['/a/one.yaml', '', '/b/two.yaml', '/a/one.yaml'].join(delimiter), HOME: '/home/u' };
    assert.deepEqual(kubeconfigPaths(env), ['/a/one.yaml', '/b/two.yaml']);
    assert.deepEqual(kubeconfigPaths({ HOME: '/home/u' }), ['/home/u/.kube/config']);
    assert.deepEqual(kubeconfigPaths(env, '~/x.yaml'), ['/home/u/x.yaml']);
  });
});

describe('contexts and namespaces through the real kubectl (temp kubeconfig)', () => {
  const tmp = tempDir();
  let api: StandInApiServer;
  let one: string;
  let two: string;
  before(async () => {
    api = await new StandInApiServer().start();
    one = writeKubeconfig(tmp.dir, [
      { name: 'dev', server: api.url, namespace: 'team-a' },
      { name: 'bare', server: api.url },
    ], { file: 'one.yaml' });
    two = writeKubeconfig(tmp.dir, [{ name: 'prod', server: api.url, namespace: 'payments' }], { file: 'two.yaml', current: 'prod' });
  });
  after(async () => {
    await api.close();
    tmp.cleanup();
  });

  test('get-contexts, current-context and the context namespace (--kubeconfig)', async () => {
    const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: one, env: kubectlEnv(tmp.dir) });
    assert.deepEqual(await k.contexts(), ['bare', 'dev']);
    assert.equal(await k.currentContext(), 'dev');
    assert.equal(await k.namespace(), 'team-a', "the context's namespace, not default");
    assert.equal(await k.namespace('bare'), 'default', 'default only when the context has none');
    assert.deepEqual(await k.contextInfo(), { contexts: ['bare', 'dev'], context: 'dev', namespace: 'team-a' });
    assert.deepEqual(await k.withContext('bare').contextInfo(), { contexts: ['bare', 'dev'], context: 'bare', namespace: 'default' });
  });

  test('KUBECONFIG with two files: contexts merged, the first file sets current-context', async () => {
    const k = new Kubectl({ path: REAL_KUBECTL, env: kubectlEnv(tmp.dir, { KUBECONFIG: [two, one].join(delimiter) }) });
    assert.deepEqual(await k.contexts(), ['bare', 'dev', 'prod']);
    assert.equal(await k.currentContext(), 'prod');
    assert.equal(await k.namespace(), 'payments');
    assert.equal(await k.namespace('dev'), 'team-a');
    // The same through the kubeconfig option with a list.
    const k2 = new Kubectl({ path: REAL_KUBECTL, kubeconfig: [one, two], env: kubectlEnv(tmp.dir) });
    assert.equal(await k2.currentContext(), 'dev');
    assert.deepEqual(k2.kubeconfigFiles(), [one, two]);
  });

  test('a context that is not in the kubeconfig: context-missing', async () => {
    const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: one, context: 'staging', env: kubectlEnv(tmp.dir) });
    await assert.rejects(k.contextInfo(), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'context-missing');
      assert.equal(e.message, 'The kubeconfig has no context named "staging". Pick an existing context (kubectl config get-contexts) or fix the kubeconfig.');
      return true;
    });
    await assert.rejects(k.listPods('team-a'), (e: unknown) => e instanceof ClusterError && e.kind === 'context-missing');
  });

  test('no kubeconfig at all: no current context, and a clear message when talking to a cluster', async () => {
    const k = new Kubectl({ path: REAL_KUBECTL, env: kubectlEnv(tmp.dir, { KUBECONFIG: join(tmp.dir, 'none.yaml') }) });
    assert.equal(await k.currentContext(), undefined);
    assert.deepEqual(await k.contexts(), []);
    const kc = new Kubectl({ path: REAL_KUBECTL, kubeconfig: join(tmp.dir, 'missing.yaml'), env: kubectlEnv(tmp.dir) });
    await assert.rejects(kc.listPods('x'), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'kubeconfig-missing');
      assert.match(e.message, /^The kubeconfig file ".*missing\.yaml" does not exist\./);
      return true;
    });
  });

  test('list pods and read one pod (stand-in API server)', async () => {
    api.upsertPod(makePod('web-1', 'team-a', { ip: '10.1.2.3' }));
    const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: one, env: kubectlEnv(tmp.dir) });
    const pods = await k.listPods(await k.namespace());
    assert.deepEqual(pods.map((p) => p.metadata?.name), ['web-1']);
    const pod = await k.getPod('team-a', 'web-1');
    assert.equal(pod.status?.podIP, '10.1.2.3');
    const v = await k.checkCluster();
    assert.equal(v.serverVersion, 'v1.32.4-stand-in');
  });

  test('forbidden and not found: typed errors with the server message (stand-in API server)', async () => {
    const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: one, env: kubectlEnv(tmp.dir) });
    await assert.rejects(k.getPod('team-a', 'nope'), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'not-found');
      assert.equal(e.message, 'Not found: pods "nope" not found.');
      return true;
    });
    api.failRequests({
      path: /\/namespaces\/secret\/pods/,
      status: 403,
      reason: 'Forbidden',
      message: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "secret"',
    });
    await assert.rejects(k.listPods('secret'), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'forbidden');
      assert.equal(
        e.message,
        'Not allowed: User "dev" cannot list resource "pods" in API group "" in the namespace "secret". Ask for the RBAC permission or use another context/namespace.',
      );
      return true;
    });
  });

  test('no cluster reachable (kubeconfig pointing to a closed port): friendly message, nothing thrown raw', async () => {
    const port = await closedPort();
    const kc = writeKubeconfig(tmp.dir, [{ name: 'gone', server: `http://127.0.0.1:${port}`, namespace: 'team-a' }], { file: 'gone.yaml' });
    const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: kc, env: kubectlEnv(tmp.dir) });
    // kubeconfig reading works without a cluster
    assert.equal(await k.namespace(), 'team-a');
    await assert.rejects(k.listPods('team-a'), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'no-cluster');
      assert.equal(
        e.message,
        `No Kubernetes cluster reachable at 127.0.0.1:${port}. Start the cluster, check your network/VPN, or switch to another context.`,
      );
      assert.ok(!/memcache|Unhandled Error/.test(e.message), 'klog noise stays out of the message');
      return true;
    });
    await assert.rejects(k.checkCluster(), (e: unknown) => e instanceof ClusterError && e.kind === 'no-cluster');
  });

  test('timeouts and cancellation kill kubectl (stand-in kubectl)', async () => {
    const k = new Kubectl({ path: STAND_IN_KUBECTL });
    await assert.rejects(k.run(['exec', 'web', '--', 'sleep', '30'], { timeoutMs: 200, what: 'list pods in team-a' }), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, 'kubectl took too long to list pods in team-a. The cluster may be unreachable or slow; check the context and your network.');
      return true;
    });
    const ac = new AbortController();
    const p = k.run(['exec', 'web', '--', 'sleep', '30'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(p, (e: unknown) => e instanceof ClusterError && e.kind === 'cancelled');
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  test('output over the cap is an error, not a partial parse (stand-in kubectl)', async () => {
    const k = new Kubectl({ path: STAND_IN_KUBECTL });
    await assert.rejects(k.run(['exec', 'web', '--', 'flood', '100000'], { maxOutputBytes: 1000 }), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'output-too-large');
      return true;
    });
  });
});

describe('classifying kubectl stderr', () => {
  const cases: [string, string, RegExp][] = [
    ['Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout', 'no-cluster', /^No Kubernetes cluster reachable at 10\.0\.0\.1:443\./],
    ['Unable to connect to the server: dial tcp: lookup api.example.invalid: no such host', 'no-cluster', /^No Kubernetes cluster reachable/],
    ['The connection to the server localhost:8080 was refused - did you specify the right host or port?', 'no-config', /^No Kubernetes context is configured\./],
    ['error: current-context is not set', 'no-config', /^No Kubernetes context is configured/],
    ['error: You must be logged in to the server (Unauthorized)', 'unauthorized', /^The cluster rejected the credentials\./],
    ['error: no context exists with the name: "x"', 'context-missing', /no context named "x"/],
    ['Error from server (NotFound): namespaces "nope" not found', 'not-found', /^Not found: namespaces "nope" not found\.$/],
    ['error: something odd happened', 'failed', /^list pods failed: something odd happened$/],
  ];
  for (const [stderr, kind, message] of cases) {
    test(`${kind}: ${stderr.slice(0, 50)}`, () => {
      const e = classifyKubectlFailure(stderr, 'list pods');
      assert.equal(e.kind, kind);
      assert.match(e.message, message);
    });
  }
  test('klog lines are dropped from details', () => {
    const raw =
      'E1124 08:32:33.935970    6236 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list"\nThe connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
    assert.equal(cleanStderr(raw), 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
  });
  test('a config file path with spaces is passed as one argument', async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, 'my configs');
      const kc = writeKubeconfig(dir, [{ name: 'spaced', server: 'http://127.0.0.1:1', namespace: 'ns with-space' }]);
      writeFileSync(join(dir, 'marker'), '');
      const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: kc, env: kubectlEnv(tmp.dir) });
      assert.equal(await k.currentContext(), 'spaced');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('no context, no request: kubectl never falls back to localhost:8080', () => {
  const tmp = tempDir('kp-kubectl-context-');
  after(() => tmp.cleanup());

  /** The REAL kubectl behind the stand-in, which logs every invocation's argv. */
  function logged(kubeconfig: string, context?: string) {
    const log = join(tmp.dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
    const k = new Kubectl({
      path: STAND_IN_KUBECTL,
      kubeconfig,
      context,
      env: kubectlEnv(tmp.dir, { STAND_IN_KUBECTL_DELEGATE: REAL_KUBECTL, STAND_IN_KUBECTL_LOG: log }),
    });
    const argv = () => {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { argv: string[] }).argv);
      } catch {
        return [];
      }
    };
    return { k, argv };
  }
  const talkedToCluster = (argvs: string[][]) => argvs.filter((a) => !a.includes('config'));

  test('a kubeconfig without contexts: "kubectl has no contexts configured", and only the kubeconfig was read', async () => {
    const kc = join(tmp.dir, 'empty.yaml');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    const { k, argv } = logged(kc);
    for (const call of [() => k.listPods('default'), () => k.checkCluster(), () => k.getPod('default', 'web')]) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof ClusterError);
        assert.equal(e.kind, 'no-config');
        assert.equal(e.message, 'kubectl has no contexts configured. Create one with kubectl config set-context, or point KUBECONFIG at a kubeconfig file.');
        return true;
      });
    }
    assert.deepEqual(talkedToCluster(argv()), []);
    assert.ok(argv().length >= 3, 'the kubeconfig was read each time (no context to remember)');
  });

  test('contexts but no current context: says so, and sends nothing', async () => {
    const kc = writeKubeconfig(tmp.dir, [{ name: 'dev', server: 'https://127.0.0.1:1' }], { file: 'no-current.yaml', current: null });
    const { k, argv } = logged(kc);
    await assert.rejects(k.listPods('default'), /^kubectl has no current context\. Pick one in the Cluster view or with kubectl config use-context\.$/);
    assert.deepEqual(talkedToCluster(argv()), []);
  });

  test('a context whose cluster has no server address: says so, and sends nothing', async () => {
    const kc = join(tmp.dir, 'no-server.yaml');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: gone, user: u}\nclusters: []\nusers: []\n');
    const { k, argv } = logged(kc);
    await assert.rejects(k.checkCluster(), (e: unknown) => e instanceof ClusterError && e.kind === 'no-config' && /names no cluster with a server address/.test(e.message));
    await assert.rejects(logged(kc, 'elsewhere').k.listPods('x'), (e: unknown) => e instanceof ClusterError && e.kind === 'context-missing' && /no context named "elsewhere"/.test(e.message));
    assert.deepEqual(talkedToCluster(argv()), []);
  });

  test('a configured context passes; a kubectl bound to it reads the kubeconfig once (stand-in API server)', async () => {
    const api = await new StandInApiServer().start();
    try {
      const kc = writeKubeconfig(tmp.dir, [{ name: 'dev', server: api.url }], { file: 'ok.yaml' });
      const { k, argv } = logged(kc, 'dev');
      assert.ok((await k.checkCluster()).serverVersion);
      await k.listPods('default');
      assert.equal(argv().filter((a) => a.includes('config')).length, 1);
      assert.equal(talkedToCluster(argv()).length, 2);
    } finally {
      await api.close();
    }
  });

  test('a missing --kubeconfig file is named (kubectl itself reads it as empty)', async () => {
    const k = new Kubectl({ path: REAL_KUBECTL, kubeconfig: join(tmp.dir, 'nope.yaml'), env: kubectlEnv(tmp.dir) });
    await assert.rejects(k.ensureContext(), (e: unknown) => e instanceof ClusterError && e.kind === 'kubeconfig-missing' && e.message.includes('nope.yaml'));
  });
});
