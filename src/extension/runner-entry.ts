// Everything that only a probe run or a cluster view needs (HTTP client, gRPC, kubectl): bundled on its
// own as dist/runner.js and loaded on first use, so activation stays light.
export { runHandler, LocalExecTarget } from '../core/probe';
export { watchProbe, type WatchEvent } from '../core/probe/watch';
export * from '../core/cluster';
export { sampleLatency, measureStarts, splitCommandLine, MeasureError } from '../core/measure/sample';
export { commandStarter } from '../core/measure/starters';
export { containerStarter } from '../core/measure/container-starts';
export { measurePodStarts, podController, restartConfirmation } from '../core/measure/pod-starts';
export { probeEndpoint, portHeld, portHeldMessage } from '../core/measure/port-check';
