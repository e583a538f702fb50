// Local containers: the REAL docker CLI of this machine (its daemon is not running — the message a
// user sees), and the STAND-IN docker for listing and ports.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyContainerToolFailure,
  listContainers,
  locateContainerTool,
  parseDockerPort,
  parsePortsColumn,
  portMapOf,
  publishedPorts,
} from '../../../src/core/cluster/docker';
import { openContainerTarget } from '../../../src/core/cluster/pod-target';
import { ClusterError } from '../../../src/core/cluster/errors';
import { STAND_IN_DOCKER } from './helpers';

describe('docker', () => {
  test('the real docker CLI without a daemon: "Docker is not available" with what to do', async (t) => {
    let tool;
    try {
      tool = locateContainerTool({ kind: 'docker' });
    } catch {
      t.skip('no docker CLI on this machine');
      return;
    }
    await assert.rejects(listContainers(tool), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'docker-unavailable');
      assert.equal(
        e.message,
        'Docker is not available: the daemon is not running or not reachable. Start Docker (Docker Desktop or the docker service) and try again.',
      );
      return true;
    });
  });

  test('neither docker nor podman on PATH: tool-not-found', () => {
    assert.throws(
      () => locateContainerTool({ env: { PATH: '/nonexistent' } }),
      (e: unknown) => e instanceof ClusterError && e.kind === 'tool-not-found' && /Install Docker or Podman/.test(e.message),
    );
  });

  test('listContainers parses `docker ps --format {{json .}}` (stand-in docker)', async () => {
    const [c, ...more] = await listContainers({ kind: 'docker', path: STAND_IN_DOCKER });
    assert.equal(more.length, 0);
    assert.equal(c!.name, 'web');
    assert.equal(c!.id, 'abc123def456');
    assert.equal(c!.image, 'nginx:1.27');
    assert.equal(c!.state, 'running');
    assert.deepEqual(c!.labels, { app: 'web', tier: 'frontend' });
    assert.deepEqual(c!.ports, [
      { hostIP: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIP: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
  });

  test('the daemon-down message from the stand-in docker too (stand-in docker)', async () => {
    await assert.rejects(
      listContainers({ kind: 'docker', path: STAND_IN_DOCKER, env: { ...process.env, STAND_IN_DOCKER_DAEMON: 'down' } }),
      (e: unknown) => e instanceof ClusterError && e.kind === 'docker-unavailable',
    );
  });

  test('published ports → port map for the probe runner (stand-in docker)', async () => {
    const tool = { kind: 'docker' as const, path: STAND_IN_DOCKER };
    const ports = await publishedPorts(tool, 'web');
    assert.deepEqual(ports, [
      { containerPort: 8080, protocol: 'tcp', hostIP: '0.0.0.0', hostPort: 32768 },
      { containerPort: 8080, protocol: 'tcp', hostIP: '::', hostPort: 32768 },
      { containerPort: 9090, protocol: 'udp', hostIP: '0.0.0.0', hostPort: 32769 },
    ]);
    assert.deepEqual(portMapOf(ports), { 8080: 32768 });
    const open = await openContainerTarget(tool, 'web');
    assert.equal(open.target.host, '127.0.0.1');
    assert.deepEqual(open.target.portMap, { 8080: 32768 });
    assert.equal(open.target.exec?.name, 'docker exec web');
    open.dispose();
  });

  test('port parsing details', () => {
    assert.deepEqual(parseDockerPort('80/tcp -> 127.0.0.1:8081\n80/tcp -> [::1]:8082\n'), [
      { containerPort: 80, protocol: 'tcp', hostIP: '127.0.0.1', hostPort: 8081 },
      { containerPort: 80, protocol: 'tcp', hostIP: '::1', hostPort: 8082 },
    ]);
    // IPv4 wins even when listed second
    assert.deepEqual(portMapOf(parseDockerPort('80/tcp -> [::]:9000\n80/tcp -> 0.0.0.0:9001')), { 80: 9001 });
    assert.deepEqual(parsePortsColumn('0.0.0.0:7000-7001->7000-7001/tcp, 443/tcp'), [
      { hostIP: '0.0.0.0', hostPort: 7000, containerPort: 7000, protocol: 'tcp' },
      { hostIP: '0.0.0.0', hostPort: 7001, containerPort: 7001, protocol: 'tcp' },
    ]);
  });

  test("tool failures vs the command's own exit status", () => {
    assert.equal(classifyContainerToolFailure('docker', 'some output of the command', 1), undefined);
    assert.equal(classifyContainerToolFailure('docker', 'Error response from daemon: No such container: x', 1)?.kind, 'not-found');
    assert.equal(classifyContainerToolFailure('podman', 'Error: no container with name or ID "x" found: no such container', 125)?.kind, 'not-found');
    assert.match(
      classifyContainerToolFailure('docker', 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown', 126)!.message,
      /could not run the command/,
    );
  });
});
