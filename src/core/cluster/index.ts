// Public API of the cluster layer (kubectl, port-forward, exec, watch, local containers).
export * from './errors';
export * from './api-types';
export { which, expandHome } from './which';
export { runProcess, killTree, killAllChildren, liveChildCount, type Disposable, type RunResult } from '../util/process';
export { Emitter, type Event } from '../util/events';
export * from './kubectl';
export * from './json-stream';
export * from './pod-status';
export * from './pod-summary';
export * from './kube-watch';
export * from './port-forward';
export * from './exec-targets';
export * from './docker';
export * from './pod-target';
export * from './session';
