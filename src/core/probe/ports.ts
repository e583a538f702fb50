// Port resolution — pkg/probe/util.go ResolveContainerPort / findPortByName (§6.1).
import type { Container } from '../k8s';

/** Go's (int, error): the port is returned even with an error, as the kubelet's tests check it. */
export interface ResolvedPort {
  port: number;
  error?: string;
}

/** A named port of the probe's own container → its containerPort (not hostPort). */
export function findPortByName(container: Container, name: string): ResolvedPort {
  for (const p of container.ports ?? []) {
    if (p?.name === name) return { port: p.containerPort ?? 0 };
  }
  return { port: 0, error: `port "${name}" not found` };
}

/** IntOrString → a port in 1..65535, or an error (the probe is then errored, §1.3). */
export function resolveContainerPort(param: unknown, container: Container): ResolvedPort {
  let port: number;
  if (typeof param === 'number' && Number.isInteger(param)) {
    port = param;
  } else if (typeof param === 'string') {
    const found = findPortByName(container, param);
    if (found.error) return found;
    port = found.port;
  } else if (param === undefined || param === null) {
    port = 0; // IntOrString's zero value is the integer 0
  } else {
    return { port: -1, error: `intOrString had no kind: ${JSON.stringify(param)}` };
  }
  if (port > 0 && port < 65536) return { port };
  return { port, error: `invalid port number: ${port}` };
}

/** Container port → the port to connect to (a port-forward's local port), if mapped. */
export function mapPort(port: number, portMap: Record<number, number> | undefined): number {
  return portMap?.[port] ?? port;
}
