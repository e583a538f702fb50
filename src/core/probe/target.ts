// Where a handler connects: the kubelet's address rules (host default = pod IP; gRPC always the
// pod IP; named ports against the container, §6.1) mapped onto our target (a host and a
// container-port → local-port map, e.g. a port-forward).
import type { Container, GRPCAction, HTTPGetAction, TCPSocketAction } from '../k8s';
import { joinHostPort } from './go';
import type { HttpRunOptions } from './http';
import { mapPort, resolveContainerPort } from './ports';
import { newRequestForHTTPGetAction, type HttpRequest, type UserAgentPurpose } from './request';
import type { ProbeTarget } from './types';

/** The address standing for the pod: target.host, else the pod IP, else 127.0.0.1. */
export function podAddress(target: ProbeTarget): string {
  return target.host ?? target.podIP ?? '127.0.0.1';
}

/** Host name of a host[:port] authority, without IPv6 brackets. */
function hostnameOf(authority: string): string | undefined {
  try {
    return new URL(`http://${authority}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * 127.0.0.0/8, ::1, localhost: a handler's own host on this machine. The port map tells where this
 * machine serves the container's ports, so it applies to such a host too (a hostNetwork pod's
 * `host: 127.0.0.1`, or local servers in tests); another host keeps its port as written.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface HttpPlan {
  request: HttpRequest;
  options: Pick<HttpRunOptions, 'defaultHost' | 'sameHosts' | 'route'>;
}

/**
 * The kubelet's request, aimed at our target: without httpGet.host, the pod's port goes through
 * portMap and the Host header defaults to target.hostHeader (or "<podIP>:<containerPort>" when we
 * connect elsewhere than the pod IP), and redirects to that host name are routed to the target.
 */
export function planHttp(httpGet: HTTPGetAction, container: Container, target: ProbeTarget, purpose: UserAgentPurpose): HttpPlan | { error: string } {
  const dialHost = podAddress(target);
  const built = newRequestForHTTPGetAction(httpGet, container, dialHost, purpose);
  if (built.error !== undefined) return { error: built.error };
  const request = built.request;
  if (httpGet.host) {
    // Its own host: not the pod, so no Host override; on this machine, its port goes through portMap.
    if (isLoopback(request.url.hostname)) request.url.port = mapPort(request.url.port, target.portMap);
    return { request, options: {} };
  }
  const containerPort = request.url.port;
  request.url.port = mapPort(containerPort, target.portMap);
  const defaultHost = target.hostHeader ?? (target.podIP && target.podIP !== dialHost ? joinHostPort(target.podIP, containerPort) : undefined);
  const alias = defaultHost === undefined ? undefined : hostnameOf(defaultHost);
  if (alias === undefined || alias === dialHost) return { request, options: { defaultHost } };
  return {
    request,
    options: {
      defaultHost,
      sameHosts: [alias],
      route: (hostname, port) => (hostname === alias ? { host: dialHost, port: mapPort(port, target.portMap) } : { host: hostname, port }),
    },
  };
}

export interface Endpoint {
  host: string;
  port: number;
}

/** tcpSocket: its own host if set (port as resolved), else the pod (port through portMap). */
export function planTcp(tcp: TCPSocketAction, container: Container, target: ProbeTarget): Endpoint | { error: string } {
  const { port, error } = resolveContainerPort(tcp.port, container);
  if (error !== undefined) return { error };
  if (tcp.host) return { host: tcp.host, port: isLoopback(tcp.host) ? mapPort(port, target.portMap) : port };
  return { host: podAddress(target), port: mapPort(port, target.portMap) };
}

/** grpc: always the pod; the port is a number (no named ports: the API rejects a name), through portMap. */
export function planGrpc(grpc: GRPCAction, target: ProbeTarget): (Endpoint & { service: string }) | { error: string } {
  if (!Number.isInteger(grpc.port)) return { error: `grpc.port must be a number, got ${JSON.stringify(grpc.port ?? null)}` };
  return { host: podAddress(target), port: mapPort(grpc.port!, target.portMap), service: grpc.service ?? '' };
}
