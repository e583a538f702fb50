// Probe targets for the probe runner: a pod (port-forwards + kubectl exec + the kubelet's Host
// header) or a local container (published ports + docker/podman exec).
import type { ProbeTarget } from '../probe/types';
import { joinHostPort } from '../probe/go';
import type { PodObject } from './api-types';
import { ClusterError } from './errors';
import { ContainerExecTarget, KubectlExecTarget } from './exec-targets';
import type { Kubectl } from './kubectl';
import type { PortForwardLease, PortForwardManager, ResolvePod } from './port-forward';
import { portMapOf, publishedPorts, type ContainerTool } from './docker';
import type { Disposable } from '../util/process';

/** The pod's IP (status.podIP, else the first of status.podIPs). */
export function podIPOf(pod: PodObject): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.find((p) => p.ip)?.ip || undefined;
}

/**
 * The Host header the kubelet sends for an httpGet probe without a custom Host header: the URL
 * authority `<httpGet.host or podIP>:<containerPort>` (§2.1.9) — not the port-forward's
 * 127.0.0.1:<localPort> (§17).
 */
export function kubeletHostHeader(podIP: string, containerPort: number, httpGetHost?: string): string {
  return joinHostPort(httpGetHost || podIP, containerPort);
}

/** Reads the pod and returns the Host header for containerPort. Throws a ClusterError. */
export async function fetchKubeletHostHeader(kubectl: Kubectl, namespace: string, pod: string, containerPort: number): Promise<string> {
  const obj = await kubectl.getPod(namespace, pod);
  const ip = podIPOf(obj);
  if (!ip) throw new ClusterError('failed', `Pod ${namespace}/${pod} has no IP yet (phase ${obj.status?.phase ?? 'unknown'}).`);
  return kubeletHostHeader(ip, containerPort);
}

export interface PodTargetRequest {
  pod: string;
  namespace: string;
  context?: string;
  container: string;
  /** Container ports to forward (numbers, named ports already resolved). */
  ports: readonly number[];
  resolvePod?: ResolvePod;
  signal?: AbortSignal;
}

export interface OpenTarget extends Disposable {
  /** Pass to the probe runner. */
  readonly target: ProbeTarget;
}

export interface PodTarget extends OpenTarget {
  readonly pod: PodObject;
  readonly leases: readonly PortForwardLease[];
}

/**
 * Reads the pod, forwards each port (127.0.0.1 only), and builds a ProbeTarget whose portMap sends
 * containerPort → local port, whose podIP makes the runner send the kubelet's Host header, and
 * whose exec runs `kubectl exec`. dispose() releases the forwards.
 */
export async function openPodTarget(kubectl: Kubectl, forwards: PortForwardManager, req: PodTargetRequest): Promise<PodTarget> {
  const k = req.context !== undefined ? kubectl.withContext(req.context) : kubectl;
  const pod = await k.getPod(req.namespace, req.pod, { signal: req.signal });
  const podIP = podIPOf(pod);
  const leases: PortForwardLease[] = [];
  try {
    for (const remotePort of [...new Set(req.ports)]) {
      leases.push(
        await forwards.start(
          { pod: req.pod, namespace: req.namespace, context: req.context ?? kubectl.context, remotePort },
          { resolvePod: req.resolvePod, signal: req.signal },
        ),
      );
    }
  } catch (e) {
    for (const l of leases) l.dispose();
    throw e;
  }
  const ports = [...new Set(req.ports)];
  const target: ProbeTarget = {
    host: '127.0.0.1',
    get portMap() {
      // Live: a restarted forward may have moved to another local port.
      return Object.fromEntries(ports.map((p, i) => [p, leases[i]!.localPort]));
    },
    podIP,
    pod: req.pod,
    exec: new KubectlExecTarget(kubectl, { pod: req.pod, namespace: req.namespace, container: req.container, context: req.context }),
  };
  let disposed = false;
  return {
    target,
    pod,
    leases,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const l of leases) l.dispose();
    },
  };
}

/** A local container: published ports as the port map, docker/podman exec for exec probes. */
export async function openContainerTarget(tool: ContainerTool, container: string, opts: { signal?: AbortSignal } = {}): Promise<OpenTarget> {
  const ports = await publishedPorts(tool, container, opts);
  return {
    target: {
      host: '127.0.0.1',
      portMap: portMapOf(ports),
      pod: container,
      exec: new ContainerExecTarget({ container, tool }),
    },
    dispose() {
      /* nothing to release */
    },
  };
}
