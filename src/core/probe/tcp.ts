// The tcpSocket prober — pkg/probe/tcp/tcp.go DoTCPProbe (§3): dial with the timeout, send
// nothing, close. A dial error is a Failure whose output is Go's error text.
import * as net from 'node:net';
import { goDialTimeout, goNetError, joinHostPort, netFailure, type NodeSysError } from './go';
import type { ProberResult } from './types';

/** DoTCPProbe: Success with output "" when the connection opens within timeoutMs. */
export function doTCPProbe(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ProberResult> {
  const addr = joinHostPort(host, port);
  return new Promise((resolve) => {
    let socket: net.Socket;
    try {
      socket = net.connect({ host, port });
    } catch (err) {
      resolve({ result: 'failure', output: goNetError(err as NodeSysError, addr) ?? String(err), failure: netFailure(err as NodeSysError) });
      return;
    }
    const finish = (r: ProberResult) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const onAbort = () => finish({ result: 'unknown', output: '', error: 'context canceled' });
    const timer = setTimeout(() => finish({ result: 'failure', output: goDialTimeout(addr), failure: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    socket.once('connect', () => finish({ result: 'success', output: '' }));
    socket.once('error', (err: NodeSysError) => {
      // ECONNRESET while connecting: the server accepted (an RST to a SYN is ECONNREFUSED) and reset
      // before our poller saw the socket writable. The handshake completed, which is all
      // DoTCPProbe asks for; Go, polling sooner, sees the dial succeed.
      if (err.code === 'ECONNRESET') return finish({ result: 'success', output: '' });
      finish({ result: 'failure', output: goNetError(err, addr) ?? String(err.message), failure: netFailure(err) });
    });
  });
}

