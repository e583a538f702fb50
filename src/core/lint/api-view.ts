// The workloads as the API server of the configured Kubernetes version sees them before it
// validates: fields that do not exist yet in that version, or whose feature gate is off there, are
// gone (pkg/api/pod/util.go dropDisabledFields; docs/semantics/defaults.md §15), and whatever they
// leave behind is what the rules judge — an init container whose `restartPolicy: Always` is dropped
// is no sidecar, a hook whose only handler was `sleep` has none. Each removal is recorded on the
// container and the handler (`dropped`) so that findings can say why. The lint engine runs every rule
// on this view; the gates themselves are in src/core/feature-gates.ts.
import { type DroppedField, type GateName, gateExists, gateOn } from '../feature-gates';
import type { HandlerType } from '../k8s';
import type { ContainerModel, HandlerModel, PathSegment, Workload } from '../manifest/model';

/** The workloads as that version's API server keeps them; the same array when it drops nothing. */
export function apiView(workloads: readonly Workload[], minor: number): readonly Workload[] {
  let changed = false;
  const out = workloads.map((w) => {
    const v = viewWorkload(w, minor);
    if (v !== w) changed = true;
    return v;
  });
  return changed ? out : workloads;
}

function viewWorkload(w: Workload, minor: number): Workload {
  const plans = w.containers.map((c) => planContainer(c, minor));
  if (plans.every((p) => p.dropped.length === 0)) return w;
  const view: Workload = { ...w, containers: [] };
  w.containers.forEach((c, i) => view.containers.push(plans[i].dropped.length ? viewContainer(c, view, plans[i]) : { ...c, workload: view, handlers: [] }));
  // Containers without drops still need handlers that point at their (new) container object.
  view.containers.forEach((c, i) => {
    if (c.handlers.length === 0 && w.containers[i].handlers.length > 0) c.handlers = w.containers[i].handlers.map((h) => ({ ...h, container: c }));
  });
  return view;
}

interface Plan {
  /** Every field dropped in this container (its own and its handlers'). */
  dropped: DroppedField[];
  /** Container-level keys to hide. */
  own: Set<string>;
  /** Per handler path (JSON): keys to hide in that probe or hook. */
  handler: Map<HandlerModel, Set<string>>;
}

function has(o: unknown, k: string): boolean {
  if (o === null || typeof o !== 'object') return false;
  const v = (o as Record<string, unknown>)[k];
  return v !== undefined && v !== null;
}

function planContainer(c: ContainerModel, minor: number): Plan {
  const plan: Plan = { dropped: [], own: new Set(), handler: new Map() };
  const drop = (key: string, path: readonly PathSegment[], gate: GateName, value: unknown): void => {
    plan.dropped.push({ key, path: [...path, key], gate, exists: gateExists(gate, minor), value });
  };
  const spec = c.spec as Record<string, unknown>;

  // Container restartPolicy: arrived with SidecarContainers (1.28). While that gate is off every init
  // container's restartPolicy is cleared (a regular container's is left to validation, which forbids
  // it). While ContainerRestartRules is off (it exists from 1.34) dropContainerRestartRules clears
  // every restartPolicy except an init container's Always, and every restartPolicyRules.
  if (has(spec, 'restartPolicy')) {
    const sidecarGate = gateOn('SidecarContainers', minor);
    const always = c.kind === 'initContainer' && spec.restartPolicy === 'Always';
    if (!gateExists('SidecarContainers', minor) || (c.kind === 'initContainer' && !sidecarGate)) drop('restartPolicy', c.path, 'SidecarContainers', spec.restartPolicy);
    else if (gateExists('ContainerRestartRules', minor) && !gateOn('ContainerRestartRules', minor) && !always) drop('restartPolicy', c.path, 'ContainerRestartRules', spec.restartPolicy);
  }
  if (has(spec, 'restartPolicyRules') && !gateOn('ContainerRestartRules', minor)) drop('restartPolicyRules', c.path, 'ContainerRestartRules', spec.restartPolicyRules);
  for (const d of plan.dropped) plan.own.add(d.key);

  for (const h of c.handlers) {
    const keys = new Set<string>();
    const hs = h.spec as Record<string, unknown>;
    const dropHere = (key: string, gate: GateName): void => {
      if (!has(hs, key)) return;
      keys.add(key);
      drop(key, h.path, gate, hs[key]);
    };
    if (h.isProbe) {
      if (!gateOn('GRPCContainerProbe', minor)) dropHere('grpc', 'GRPCContainerProbe');
      // A readiness probe keeps the field while the gate is off (validation rejects it there); before
      // the field existed it is unknown on every probe.
      if (!gateOn('ProbeTerminationGracePeriod', minor) && (h.site !== 'readinessProbe' || !gateExists('ProbeTerminationGracePeriod', minor)))
        dropHere('terminationGracePeriodSeconds', 'ProbeTerminationGracePeriod');
    } else if (!gateOn('PodLifecycleSleepAction', minor)) dropHere('sleep', 'PodLifecycleSleepAction');
    if (keys.size) plan.handler.set(h, keys);
  }
  return plan;
}

function viewContainer(c: ContainerModel, w: Workload, plan: Plan): ContainerModel {
  const view: ContainerModel = { ...c, workload: w, handlers: [], dropped: plan.dropped };
  const specs = new Map<string, object>();
  for (const h of c.handlers) {
    const keys = plan.handler.get(h);
    const spec = keys ? hide(h.spec, keys) : h.spec;
    const handlerTypes = keys ? h.handlerTypes.filter((t: HandlerType) => !keys.has(t)) : h.handlerTypes;
    const dropped = plan.dropped.filter((d) => d.path.length === h.path.length + 1 && h.path.every((s, i) => d.path[i] === s));
    view.handlers.push({ ...h, container: view, spec, handlerTypes, ...(dropped.length ? { dropped } : {}) });
    if (keys) specs.set(h.isProbe ? h.site : `lifecycle.${h.site}`, spec);
  }
  const lifecycleHooks = new Map([...specs].filter(([k]) => k.startsWith('lifecycle.')).map(([k, v]) => [k.slice('lifecycle.'.length), v]));
  const replace = new Map<string, object>([...specs].filter(([k]) => !k.startsWith('lifecycle.')));
  const lifecycle = (c.spec as Record<string, unknown>).lifecycle;
  if (lifecycleHooks.size && lifecycle && typeof lifecycle === 'object') replace.set('lifecycle', hide(lifecycle, new Set(), lifecycleHooks));
  view.spec = hide(c.spec, plan.own, replace);
  view.isSidecar = c.kind === 'initContainer' && !plan.own.has('restartPolicy') && c.spec.restartPolicy === 'Always';
  return view;
}

/**
 * The object without the `hidden` keys and with `replaced` values, as a proxy over the original, so
 * that every other read still goes through it (templated documents track reads on their values).
 */
function hide<T extends object>(target: T, hidden: ReadonlySet<string>, replaced: ReadonlyMap<string, object> = new Map()): T {
  return new Proxy(target, {
    get(t, k, receiver) {
      if (typeof k === 'string') {
        if (hidden.has(k)) return undefined;
        if (replaced.has(k)) return replaced.get(k);
      }
      return Reflect.get(t, k, receiver);
    },
    has(t, k) {
      return typeof k === 'string' && hidden.has(k) ? false : Reflect.has(t, k);
    },
    ownKeys(t) {
      return Reflect.ownKeys(t).filter((k) => typeof k !== 'string' || !hidden.has(k));
    },
    getOwnPropertyDescriptor(t, k) {
      if (typeof k === 'string' && hidden.has(k)) return undefined;
      const d = Reflect.getOwnPropertyDescriptor(t, k);
      if (d && typeof k === 'string' && replaced.has(k)) return { ...d, value: replaced.get(k) };
      return d;
    },
  });
}
