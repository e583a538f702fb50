// The grpc prober — pkg/probe/grpc/grpc.go (§4): grpc.health.v1.Health/Check over plaintext
// HTTP/2, user agent kube-probe/<version>, one deadline over connecting (WithBlock: a refused port
// is retried until the deadline) and the RPC. Never errored, never Unknown: every outcome is a
// Success or a Failure with the kubelet's text. The two tiny messages are encoded by hand.
import { Client, Metadata, credentials, status as Status, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { goDuration } from '../util/duration';
import { goQuote, joinHostPort } from './go';
import { userAgent } from './request';
import type { ProberResult } from './types';

const CHECK = '/grpc.health.v1.Health/Check';
/** HealthCheckResponse.ServingStatus names (grpc_health_v1). */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
/** codes.Code.String() of grpc-go. */
const CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** HealthCheckRequest{service}: field 1, length-delimited; omitted when empty (proto3). */
export function encodeHealthCheckRequest(service: string): Buffer {
  if (!service) return Buffer.alloc(0);
  const bytes = Buffer.from(service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, ...varint(bytes.length)]), bytes]);
}

/** HealthCheckResponse → its status name (enum value 0 when absent; Go prints unknown values as numbers). */
export function decodeHealthCheckResponse(buf: Buffer): string {
  let status = 0;
  let i = 0;
  const readVarint = () => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      value += (b & 0x7f) * shift;
      if (b < 0x80) return value;
    }
  };
  while (i < buf.length) {
    const key = readVarint();
    const wire = key % 8;
    if (key >>> 3 === 1 && wire === 0) status = readVarint() % 2 ** 32 | 0;
    else if (wire === 0) readVarint();
    else if (wire === 1) i += 8;
    else if (wire === 2) {
      const length = readVarint(); // read before adding: `i += readVarint()` would use the old i
      i += length;
    }
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  if (i > buf.length) throw new Error('truncated message');
  return SERVING_STATUS[status] ?? String(status);
}

/** grpcProber.Probe(host, service, port, timeout). */
export function doGRPCProbe(host: string, service: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ProberResult> {
  const addr = joinHostPort(host, port);
  const timeout = goDuration(timeoutMs / 1000);
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    let client: Client;
    try {
      client = new Client(addr, credentials.createInsecure(), {
        'grpc.primary_user_agent': userAgent('probe'),
        'grpc.enable_retries': 0,
        'grpc.service_config_disable_resolution': 1,
      });
    } catch (err) {
      resolve({ result: 'failure', output: `error: failed to connect service at ${goQuote(addr)}: ${(err as Error).message}`, failure: 'other' });
      return;
    }
    let done = false;
    let call: ClientUnaryCall | undefined;
    const finish = (r: ProberResult) => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      client.close();
      resolve(r);
    };
    const onAbort = () => {
      call?.cancel();
      finish({ result: 'unknown', output: '', error: 'context canceled' });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();

    client.waitForReady(deadline, (err) => {
      if (done) return;
      if (err) {
        // grpc.DialContext with WithBlock retries every dial failure (a refused port included) until
        // the context's deadline, so the kubelet only ever sees DeadlineExceeded here. grpc-js ends
        // waitForReady at the deadline by its own clock, which may read a millisecond short of ours.
        return finish({ result: 'failure', output: `timeout: failed to connect service ${goQuote(addr)} within ${timeout}: context deadline exceeded`, failure: 'timeout' });
      }
      call = client.makeUnaryRequest(CHECK, encodeHealthCheckRequest, decodeHealthCheckResponse, service, new Metadata(), { deadline },
        (rpcErr: ServiceError | null, servingStatus?: string) => {
          if (rpcErr) return finish(rpcFailure(rpcErr, timeout));
          if (servingStatus !== 'SERVING') {
            return finish({ result: 'failure', output: `service unhealthy (responded with ${goQuote(servingStatus ?? 'UNKNOWN')})`, failure: 'other' });
          }
          finish({ result: 'success', output: 'service healthy' });
        });
    });
  });
}

function rpcFailure(err: ServiceError, timeout: string): ProberResult {
  switch (err.code) {
    case Status.UNIMPLEMENTED:
      return { result: 'failure', output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${err.details}`, failure: 'other' };
    case Status.DEADLINE_EXCEEDED:
      return { result: 'failure', output: `timeout: health rpc did not complete within ${timeout}`, failure: 'timeout' };
    default:
      return { result: 'failure', output: `error: health rpc probe failed: rpc error: code = ${CODE_NAMES[err.code] ?? `Code(${err.code})`} desc = ${err.details}`, failure: 'other' };
  }
}
