// Every feature gate of src/core/feature-gates.ts on both sides of each version boundary, as a user
// of `kube-probes lint --config` sees it: what the API server of that version drops
// (pkg/api/pod/util.go dropDisabledFields), and what the rules then judge (pkg/apis/core/validation/
// validation.go). Gate stages: pkg/features/kube_features.go. Semantics: docs/semantics/defaults.md §15.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintText } from '../../../src/core/lint/engine';
import { gateOn, GATES, type GateName } from '../../../src/core/feature-gates';
import { lintCommand } from '../../../src/cli/lint';
import { memoryIO } from '../../../src/cli/io';

/** rule id → the texts its findings cover, for the whole catalog at one version. */
function lint(yaml: string, version: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of lintText(yaml, 'test.yaml', { options: { kubernetesVersion: version } }).findings) {
    (out[f.rule] ??= []).push(yaml.slice(f.span.start, f.span.end));
  }
  return out;
}

function findings(yaml: string, version: string) {
  return lintText(yaml, 'test.yaml', { options: { kubernetesVersion: version } }).findings;
}

const pod = (containers: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
${extra}  containers:
${containers}`;

// kube_features.go: the stages the table must hold (the versioned table of 1.35, the stage comments of
// 1.23–1.28 for gates removed since).
test('the gate table: on/off by default on both sides of every boundary (kube_features.go)', () => {
  const expect: [GateName, number, boolean][] = [
    ['ExecProbeTimeout', 19, false], ['ExecProbeTimeout', 20, true],
    ['ProbeTerminationGracePeriod', 24, false], ['ProbeTerminationGracePeriod', 25, true],
    ['GRPCContainerProbe', 23, false], ['GRPCContainerProbe', 24, true],
    ['SidecarContainers', 28, false], ['SidecarContainers', 29, true],
    ['PodLifecycleSleepAction', 29, false], ['PodLifecycleSleepAction', 30, true],
    ['PodLifecycleSleepActionAllowZero', 32, false], ['PodLifecycleSleepActionAllowZero', 33, true],
    ['ContainerRestartRules', 34, false], ['ContainerRestartRules', 35, true],
    // Alpha and off by default in every release so far: assumed on where it exists (§15), off before.
    ['ContainerStopSignals', 32, false], ['ContainerStopSignals', 33, true],
  ];
  for (const [gate, minor, on] of expect) assert.equal(gateOn(gate, minor), on, `${gate} in 1.${minor}`);
  assert.deepEqual(Object.keys(GATES).sort(), [...new Set(expect.map(([g]) => g))].sort());
});

// dropDisabledFields: `if !Enabled(SidecarContainers) … podSpec.InitContainers[i].RestartPolicy = nil`
// (alpha, off in 1.28); then validateInitContainers: "may not be set for init containers without
// restartPolicy=Always".
test('SidecarContainers: in 1.28 an init container with restartPolicy: Always is no sidecar, its probes are forbidden', () => {
  const yaml = pod(`    - name: app
      image: demo
`, `  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      readinessProbe:
        tcpSocket: { port: 15021 }
      lifecycle:
        preStop: { exec: { command: [sleep, "5"] } }
`);
  const at128 = findings(yaml, '1.28');
  const forbidden = at128.filter((f) => f.rule === 'api/init-container-probe-forbidden');
  assert.deepEqual(forbidden.map((f) => yaml.slice(f.span.start, f.span.end)), ['readinessProbe', 'lifecycle']);
  assert.match(forbidden[0].message, /no sidecar in Kubernetes 1\.28: the API server drops `restartPolicy`: it is behind the alpha feature gate SidecarContainers in Kubernetes 1\.28, off by default \(on from 1\.29\)/);
  assert.match(forbidden[0].message, /"spec\.initContainers\[0\]\.readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"/);
  assert.equal(forbidden[0].kubernetesVersion, '1.28');
  // No "make it a sidecar" fix: it already says Always.
  assert.ok(!forbidden[0].fixes?.some((x) => /sidecar/.test(x.title)));
  const warned = at128.filter((f) => f.rule === 'schema/unknown-field');
  assert.deepEqual(warned.map((f) => [yaml.slice(f.span.start, f.span.end), f.severity]), [['restartPolicy', 'warning']]);
  // 1.27: the field does not exist (an unknown field, an error), and the probes are forbidden all the same.
  const at127 = lint(yaml, '1.27');
  assert.deepEqual(at127['api/init-container-probe-forbidden'], ['readinessProbe', 'lifecycle']);
  assert.deepEqual(at127['schema/unknown-field'], ['restartPolicy']);
  // 1.29 (beta, on): a sidecar, whose probes are validated like a regular container's; nothing to report.
  const at129 = lint(yaml, '1.29');
  assert.equal(at129['api/init-container-probe-forbidden'], undefined);
  assert.equal(at129['schema/unknown-field'], undefined);
});

// dropPodLifecycleSleepAction (alpha, off in 1.29) clears `sleep`; in 1.29.0 the hook stayed and
// validateHandler rejected it: "must specify a handler type" (kubernetes/kubernetes#122488).
test('PodLifecycleSleepAction: 1.28 unknown, 1.29 dropped (the hook has no handler), 1.30 kept', () => {
  const yaml = pod(`    - name: app
      image: demo
      lifecycle:
        preStop:
          sleep: { seconds: 5 }
`);
  const at129 = findings(yaml, '1.29');
  const noHandler = at129.filter((f) => f.rule === 'api/probe-no-handler');
  assert.deepEqual(noHandler.map((f) => yaml.slice(f.span.start, f.span.end)), ['preStop']);
  assert.match(noHandler[0].message, /PreStop hook has no handler in Kubernetes 1\.29: the API server drops `sleep`: it is behind the alpha feature gate PodLifecycleSleepAction/);
  assert.deepEqual(at129.filter((f) => f.rule === 'schema/unknown-field').map((f) => f.severity), ['warning']);
  const at128 = lint(yaml, '1.28');
  assert.deepEqual(at128['api/probe-no-handler'], ['preStop']);
  assert.deepEqual(at128['schema/unknown-field'], ['sleep']);
  const at130 = lint(yaml, '1.30');
  assert.equal(at130['api/probe-no-handler'], undefined);
  assert.equal(at130['schema/unknown-field'], undefined);
});

// validateSleepAction: without AllowPodLifecycleSleepActionZeroValue (gate PodLifecycleSleepActionAllowZero,
// alpha 1.32, on from 1.33) a sleep of 0 is rejected.
test('PodLifecycleSleepActionAllowZero: sleep 0 rejected in 1.32, accepted in 1.33', () => {
  const yaml = pod(`    - name: app
      image: demo
      lifecycle:
        preStop:
          sleep: { seconds: 0 }
`);
  assert.deepEqual(lint(yaml, '1.32')['api/lifecycle-sleep-out-of-range'], ['0']);
  assert.equal(lint(yaml, '1.33')['api/lifecycle-sleep-out-of-range'], undefined);
});

// The field arrived with ContainerStopSignals (1.33); validateStopSignal needs spec.os. The gate is alpha
// everywhere (dropContainerStopSignals clears the field while off): assumed on where it exists.
test('ContainerStopSignals: 1.32 unknown field, 1.33 validated (spec.os required)', () => {
  const yaml = pod(`    - name: app
      image: demo
      lifecycle:
        stopSignal: SIGUSR1
`);
  const at132 = lint(yaml, '1.32');
  assert.deepEqual(at132['schema/unknown-field'], ['stopSignal']);
  assert.equal(at132['api/lifecycle-stop-signal'], undefined);
  assert.deepEqual(lint(yaml, '1.33')['api/lifecycle-stop-signal'], ['SIGUSR1']);
});

// GRPCContainerProbe: no field before 1.23, alpha (off) in 1.23, beta (on) 1.24. A probe whose only
// handler is gone has none: validateHandler "must specify a handler type".
test('GRPCContainerProbe: 1.22 unknown, 1.23 off (the probe has no handler), 1.24 on', () => {
  const yaml = pod(`    - name: app
      image: demo
      livenessProbe:
        grpc: { port: 9090 }
      readinessProbe:
        grpc: { port: 9090 }
        tcpSocket: { port: 9090 }
`);
  const at122 = lint(yaml, '1.22');
  assert.deepEqual(at122['schema/unknown-field'], ['grpc', 'grpc']);
  assert.deepEqual(at122['api/probe-no-handler'], ['livenessProbe']);
  const at123 = findings(yaml, '1.23');
  const noHandler = at123.filter((f) => f.rule === 'api/probe-no-handler');
  assert.deepEqual(noHandler.map((f) => yaml.slice(f.span.start, f.span.end)), ['livenessProbe']);
  assert.match(noHandler[0].message, /Liveness probe has no handler in Kubernetes 1\.23: the API server drops `grpc`: it is behind the alpha feature gate GRPCContainerProbe in Kubernetes 1\.23, off by default \(on from 1\.24\)/);
  // With grpc gone, the readiness probe has one handler left: not "more than 1 handler type".
  assert.equal(at123.filter((f) => f.rule === 'api/probe-multiple-handlers').length, 0);
  const at124 = lint(yaml, '1.24');
  assert.equal(at124['api/probe-no-handler'], undefined);
  assert.deepEqual(at124['api/probe-multiple-handlers'], ['grpc']);
});

// ProbeTerminationGracePeriod: field from 1.21; off by default until 1.25, and while off dropDisabledFields
// clears it on liveness and startup probes ("cannot be set for readiness probes": a readiness probe keeps
// it, and validateReadinessProbe rejects it: "must not be set for readinessProbes").
test('ProbeTerminationGracePeriod: liveness value dropped until 1.24, validated from 1.25; readiness always rejected from 1.21', () => {
  const yaml = pod(`    - name: app
      image: demo
      livenessProbe:
        tcpSocket: { port: 8080 }
        terminationGracePeriodSeconds: 0
      readinessProbe:
        tcpSocket: { port: 8080 }
        terminationGracePeriodSeconds: 10
`);
  const at124 = findings(yaml, '1.24');
  assert.equal(at124.filter((f) => f.rule === 'api/probe-grace-period-not-positive').length, 0);
  assert.deepEqual(at124.filter((f) => f.rule === 'api/readiness-grace-period-forbidden').length, 1);
  const dropped = at124.filter((f) => f.rule === 'schema/unknown-field');
  assert.deepEqual(dropped.map((f) => [yaml.slice(f.span.start, f.span.end), f.severity]), [['terminationGracePeriodSeconds', 'warning']]);
  assert.match(dropped[0].message, /beta feature gate ProbeTerminationGracePeriod in Kubernetes 1\.24, off by default \(on from 1\.25\)/);
  const at125 = lint(yaml, '1.25');
  assert.deepEqual(at125['api/probe-grace-period-not-positive'], ['0']);
  assert.equal(at125['schema/unknown-field'], undefined);
  // 1.20: no such field on any probe.
  const at120 = lint(yaml, '1.20');
  assert.deepEqual(at120['schema/unknown-field'], ['terminationGracePeriodSeconds', 'terminationGracePeriodSeconds']);
  assert.equal(at120['api/readiness-grace-period-forbidden'], undefined);
});

// The same through the CLI contract: `kube-probes lint FILE --config cfg.yaml` with options.kubernetesVersion.
test('kube-probes lint --config with kubernetesVersion 1.28: the init container with restartPolicy: Always is no sidecar', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-gates-'));
  const manifest = join(dir, 'pod.yaml');
  writeFileSync(manifest, pod(`    - name: app
      image: demo
`, `  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      startupProbe:
        httpGet: { path: /ready, port: 15021 }
`));
  const cfg = join(dir, 'cfg.yaml');
  const rules = (version: string) => `options:\n  kubernetesVersion: "${version}"\n`;
  const run = async (version: string) => {
    writeFileSync(cfg, rules(version));
    const io = memoryIO(resolve(__dirname, '../../..'));
    const code = await lintCommand([manifest, '--format', 'json', '--config', cfg], io);
    return { code, found: JSON.parse(io.out) as { rule: string; message: string }[] };
  };
  const old = await run('1.28');
  assert.equal(old.code, 1);
  const f = old.found.find((x) => x.rule === 'api/init-container-probe-forbidden');
  assert.ok(f, JSON.stringify(old.found));
  assert.match(f.message, /no sidecar in Kubernetes 1\.28/);
  const now = await run('1.29');
  assert.equal(now.found.find((x) => x.rule === 'api/init-container-probe-forbidden'), undefined);
});
