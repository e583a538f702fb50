import type { HandlerModel, ManifestFile, Workload } from '../../../manifest/model';
import { isTemplated } from '../../../manifest/split';
import { containerLabel, failureWindow, handlerAt, isBatch, isHelmHook, isObject, runsHandlers, timing } from '../../probe-facts';
import { copiedTiming, handlerLines } from '../../probe-fixes';
import type { Fix, Rule, RuleContext } from '../../types';

export const missingReadiness: Rule = {
  id: 'probe/missing-readiness',
  defaultSeverity: 'warning',
  title: 'Container without a readinessProbe',
  help:
    'Without a readiness probe the kubelet reports a started container Ready at once, so Services route ' +
    'traffic to it before the app can serve and keep routing while it is overloaded. Checked on regular ' +
    'containers and sidecars, not on Job/CronJob pods, init or ephemeral containers (like Polaris, Checkov and ' +
    'kube-score). Option `readinessOnlyWhenSelected`: only report pods that a Service in the same file selects.',
  checkContainer(c, ctx) {
    if (!runsHandlers(c) || isBatch(c.workload) || isHelmHook(c.workload) || handlerAt(c, 'readinessProbe')) return;
    let because = '';
    if (ctx.options.readinessOnlyWhenSelected) {
      const service = selectingService(c.workload, ctx.file);
      if (!service) return;
      because = ` while Service "${service}" selects this pod`;
    }
    const liveness = handlerAt(c, 'livenessProbe');
    const fix = liveness && readinessFromLiveness(liveness, ctx);
    ctx.report({
      message: `${containerLabel(c, true)} has no readinessProbe${because}: it counts as Ready as soon as it starts, so it gets traffic before the app can serve it. Add a readinessProbe.`,
      span: c.span,
      fixes: fix ? [fix] : [],
    });
  },
};

/**
 * A readiness probe with the liveness handler that fails sooner than liveness (so the pod leaves the
 * Service before it is restarted): one failure fewer, or, with failureThreshold 1, half the period.
 */
function readinessFromLiveness(liveness: HandlerModel, ctx: RuleContext): Fix | undefined {
  const handler = handlerLines(liveness, ctx);
  if (!handler) return undefined;
  const t = timing(liveness);
  let period = t.periodSeconds;
  let failures = t.failureThreshold - 1;
  if (failures < 1) {
    period = Math.floor(t.periodSeconds / 2);
    failures = 1;
    if (period <= t.timeoutSeconds) return undefined;
  }
  const lines = ['readinessProbe:', ...handler.map((l) => '  ' + l), ...copiedTiming(liveness, ['timeoutSeconds'])];
  if (period !== 10) lines.push(`  periodSeconds: ${period}`);
  if (failures !== 3) lines.push(`  failureThreshold: ${failures}`);
  const edit = ctx.edit.insertIntoMap(liveness.container.path, lines);
  if (!edit) return undefined;
  return {
    title: `Add a readinessProbe with the liveness handler, failing after ${failures} × ${period} s = ${failures * period} s (liveness restarts after ${failureWindow(t)} s)`,
    edits: [edit],
  };
}

interface ServiceInfo {
  name: string;
  namespace: string;
  /** The selector as [key, value] strings; a Service with none, or with a templated value, selects nothing and is left out. */
  entries: [string, string][];
  /** Position in the file: the first matching Service is the one named. */
  order: number;
}

/**
 * The selecting Services of a file, indexed by namespace and the first entry of their selector: a pod
 * only needs the Services under one of its own labels, so a file of thousands of workloads and
 * Services is not searched in full for each container.
 */
type ServiceIndex = Map<string, ServiceInfo[]>;
const servicesOfFile = new WeakMap<ManifestFile, ServiceIndex>();
const indexKey = (namespace: string, key: string, value: string) => `${namespace}\u0000${key}\u0000${value}`;

/** The Services of a file (top level or in a List), read once per parse. */
function services(file: ManifestFile): ServiceIndex {
  let index = servicesOfFile.get(file);
  if (index) return index;
  index = new Map();
  let order = 0;
  for (const d of file.documents) {
    if (d.kind !== 'Service' && !d.kind?.endsWith('List')) continue;
    let value = d.value;
    if (value === undefined && d.yaml) {
      try {
        value = d.yaml.toJS({ maxAliasCount: 1000 });
      } catch {
        continue;
      }
    }
    const objects = isObject(value) && Array.isArray(value.items) ? value.items : [value];
    for (const o of objects) {
      if (!isObject(o) || o.kind !== 'Service') continue;
      const meta = isObject(o.metadata) ? o.metadata : {};
      const selector = isObject(o.spec) && isObject(o.spec.selector) ? o.spec.selector : {};
      const raw = Object.entries(selector);
      if (raw.length === 0 || raw.some(([, v]) => isTemplated(v))) continue;
      const entries = raw.map(([k, v]): [string, string] => [k, String(v)]);
      const s: ServiceInfo = { name: String(meta.name ?? ''), namespace: String(meta.namespace ?? ''), entries, order: order++ };
      const key = indexKey(s.namespace, ...entries[0]);
      const bucket = index.get(key);
      if (bucket) bucket.push(s);
      else index.set(key, [s]);
    }
  }
  servicesOfFile.set(file, index);
  return index;
}

/**
 * The name of a Service in the same file and namespace whose selector matches the pod labels. A Service
 * without a selector selects no pods (its endpoints are managed by hand); a templated value never matches.
 */
export function selectingService(w: Workload, file: ManifestFile): string | undefined {
  const index = services(file);
  if (index.size === 0) return undefined;
  const ns = w.namespace ?? '';
  const labels = w.podLabels;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  let best: ServiceInfo | undefined;
  for (const [k, v] of Object.entries(labels)) {
    for (const s of index.get(indexKey(ns, k, v)) ?? []) {
      if ((!best || s.order < best.order) && s.entries.every(([sk, sv]) => has(sk) && labels[sk] === sv)) best = s;
    }
  }
  return best?.name;
}
