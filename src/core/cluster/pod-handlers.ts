// A live pod's probes and hooks in the manifest model (describing, running them). Pure: no child
// processes, so the tree models can use it without loading the cluster layer.
import type { PodObject } from './api-types';
import type { HandlerModel } from '../manifest/model';
import { parseManifest } from '../manifest/parse';

/** A live pod's probes and hooks, in the manifest model (describe, run). */
export function podHandlers(pod: PodObject): HandlerModel[] {
  const file = parseManifest(JSON.stringify({ ...pod, apiVersion: 'v1', kind: 'Pod' }), `pod:${pod.metadata?.name ?? ''}`, { cache: false });
  return file.workloads.flatMap((w) => w.containers.flatMap((c) => c.handlers));
}
