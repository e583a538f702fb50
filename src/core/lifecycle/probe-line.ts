// How `kubectl describe pod` prints a probe (describe.go, DescribeProbe), after the API server's
// defaulting (docs/semantics/pod-lifecycle.md §14): `http-get http://:8080/healthz delay=10s timeout=1s
// period=10s #success=1 #failure=3`. Pure TypeScript; no 'vscode'.
import { effectiveTiming, type HTTPGetAction, type Probe } from '../k8s';

/** SetDefaults_HTTPGetAction: path "" → "/", scheme "" → "HTTP". */
export function defaultHTTPGetAction(h: HTTPGetAction): HTTPGetAction {
  return { ...h, path: h.path || '/', scheme: h.scheme || 'HTTP' };
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function describeProbe(probe: Probe): string {
  const t = effectiveTiming(probe);
  const attrs = `delay=${t.initialDelaySeconds}s timeout=${t.timeoutSeconds}s period=${t.periodSeconds}s #success=${t.successThreshold} #failure=${t.failureThreshold}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const h = defaultHTTPGetAction(probe.httpGet);
    const port = h.port === undefined ? '' : String(h.port);
    const host = port ? joinHostPort(h.host ?? '', port) : (h.host ?? '');
    return `http-get ${String(h.scheme).toLowerCase()}://${host}${h.path} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port ?? ''} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port ?? ''} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}
