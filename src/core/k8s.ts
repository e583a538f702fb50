// Minimal shapes of the Kubernetes API objects this extension reads (core/v1), as plain JSON.
// Everything is optional and loosely typed: manifests are user input and may be wrong.

export type IntOrString = number | string;

export interface HTTPHeader { name?: string; value?: string }
export interface HTTPGetAction {
  path?: string;
  port?: IntOrString;
  host?: string;
  scheme?: string; // HTTP | HTTPS
  httpHeaders?: HTTPHeader[];
}
export interface TCPSocketAction { port?: IntOrString; host?: string }
export interface GRPCAction { port?: number; service?: string }
export interface ExecAction { command?: string[] }
export interface SleepAction { seconds?: number }

export interface ProbeHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  grpc?: GRPCAction;
}
export interface Probe extends ProbeHandler {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}
export interface LifecycleHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  sleep?: SleepAction;
}
export interface Lifecycle { postStart?: LifecycleHandler; preStop?: LifecycleHandler; stopSignal?: string }

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  hostIP?: string;
}
export interface EnvVar { name?: string; value?: string; valueFrom?: unknown }

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: Lifecycle;
  restartPolicy?: string; // init containers: Always = sidecar
  restartPolicyRules?: ContainerRestartRule[];
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  restartPolicy?: string; // Always | OnFailure | Never
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  hostNetwork?: boolean;
  os?: { name?: string };
  readinessGates?: { conditionType?: string }[];
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export type HookKind = 'postStart' | 'preStop';
export type HandlerSite = ProbeKind | HookKind;
export const PROBE_KINDS: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
export const HOOK_KINDS: readonly HookKind[] = ['postStart', 'preStop'];

export type HandlerType = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';
/** The API server's order of handler fields (validateHandler). */
export const HANDLER_ORDER: readonly HandlerType[] = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

/** Probe timing with Kubernetes defaults applied (SetDefaults_Probe). Zero and missing take the default. */
export interface EffectiveTiming {
  initialDelaySeconds: number;
  timeoutSeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function effectiveTiming(p: Probe | undefined): EffectiveTiming {
  const orDefault = (v: unknown, d: number) => {
    const n = num(v);
    return n === undefined || n === 0 ? d : n;
  };
  return {
    initialDelaySeconds: num(p?.initialDelaySeconds) ?? 0,
    timeoutSeconds: orDefault(p?.timeoutSeconds, 1),
    periodSeconds: orDefault(p?.periodSeconds, 10),
    successThreshold: orDefault(p?.successThreshold, 1),
    failureThreshold: orDefault(p?.failureThreshold, 3),
  };
}

export const DEFAULT_TERMINATION_GRACE_PERIOD = 30;
export const PROBE_LABEL: Record<HandlerSite, string> = {
  livenessProbe: 'Liveness',
  readinessProbe: 'Readiness',
  startupProbe: 'Startup',
  postStart: 'PostStart',
  preStop: 'PreStop',
};

/** A container-level restart rule (gate ContainerRestartRules, §9.1). */
export interface ContainerRestartRule {
  action?: string; // Restart
  exitCodes?: { operator?: string; values?: number[] }; // In | NotIn
}
