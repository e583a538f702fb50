import type { ContainerModel, PathSegment } from '../../../manifest/model';
import type { Fix, Rule, RuleContext, TextEdit } from '../../types';
import {
  PORT_RANGE,
  apiError,
  asObject,
  containerLabel,
  fieldPath,
  isValidPortNum,
  itemSpan,
  portNameErrors,
  sameQuotes,
  supportedValues,
  type ErrorType,
} from './validation';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export const containerPortName: Rule = {
  id: 'api/container-port-name',
  defaultSeverity: 'error',
  title: 'Invalid or duplicate container port',
  help:
    'Named probe ports resolve against `ports[].name`, so these must be right: a name must be a valid ' +
    'IANA_SVC_NAME (at most 15 characters of `a-z`, `0-9`, `-`, with a letter) and unique within the ' +
    'container; `containerPort` is required and 1–65535; a non-zero `hostPort` is 1–65535; `protocol` is ' +
    'TCP, UDP or SCTP (validateContainerPorts).',
  checkContainer(c, ctx) {
    // Ephemeral containers may not have ports at all (api/ephemeral-container-probe-forbidden).
    if (c.kind === 'ephemeralContainer' || !Array.isArray(c.spec.ports)) return;
    const seen = new Set<string>();
    c.spec.ports.forEach((item, i) => {
      const port = asObject(item);
      if (!port) return;
      const at: Port = { c, ctx, path: [...c.path, 'ports', i], port };
      checkName(at, seen);
      checkNumbers(at);
      checkProtocol(at);
    });
  },
};

interface Port {
  c: ContainerModel;
  ctx: RuleContext;
  path: PathSegment[];
  port: Record<string, unknown>;
}

function errorAt(p: Port, key: string, type: ErrorType, value?: string | number, detail?: string): string {
  return apiError(fieldPath(p.c.workload, [...p.path, key]), type, value, detail);
}

function checkName(p: Port, seen: Set<string>): void {
  const { name } = p.port;
  if (typeof name !== 'string' || name === '') return;
  const span = p.ctx.spanAt([...p.path, 'name']);
  const errors = portNameErrors(name);
  const rename = errors.length ? renameFix(p, name) : undefined;
  // One finding per name, with every error the API server reports for it.
  if (errors.length) {
    const apiErrors = errors.map((detail) => `"${errorAt(p, 'name', 'Invalid value', name, detail)}"`).join('; ');
    p.ctx.report({
      message: `Port name "${name}" of ${containerLabel(p.c)} is not a valid port name: the API server rejects it (${apiErrors}). Use at most 15 lower-case letters, digits and '-', with at least one letter.`,
      span,
      fixes: rename ? [rename] : undefined,
    });
  }
  if (!errors.length && seen.has(name)) {
    p.ctx.report({
      message: `Port name "${name}" is declared twice in ${containerLabel(p.c)}: the API server rejects it ("${errorAt(p, 'name', 'Duplicate value', name)}"). Rename one of them.`,
      span,
    });
  }
  seen.add(name);
}

function checkNumbers(p: Port): void {
  const { containerPort, hostPort } = p.port;
  if (containerPort === undefined || containerPort === null || containerPort === 0) {
    p.ctx.report({
      message: `A port of ${containerLabel(p.c)} has no containerPort: the API server rejects it ("${errorAt(p, 'containerPort', 'Required value')}"). Add the port number the container listens on.`,
      span: containerPort === 0 ? p.ctx.spanAt([...p.path, 'containerPort']) : itemSpan(p.ctx, p.path),
    });
  } else if (typeof containerPort === 'number' && Number.isInteger(containerPort) && !isValidPortNum(containerPort)) {
    p.ctx.report({
      message: `containerPort ${containerPort} is out of range: the API server rejects it ("${errorAt(p, 'containerPort', 'Invalid value', containerPort, PORT_RANGE)}"). Use a port between 1 and 65535.`,
      span: p.ctx.spanAt([...p.path, 'containerPort']),
    });
  }
  if (typeof hostPort === 'number' && Number.isInteger(hostPort) && hostPort !== 0 && !isValidPortNum(hostPort)) {
    p.ctx.report({
      message: `hostPort ${hostPort} is out of range: the API server rejects it ("${errorAt(p, 'hostPort', 'Invalid value', hostPort, PORT_RANGE)}"). Use a port between 1 and 65535, or remove it.`,
      span: p.ctx.spanAt([...p.path, 'hostPort']),
    });
  }
}

/** An empty protocol is defaulted to TCP; anything else must be TCP, UDP or SCTP. */
function checkProtocol(p: Port): void {
  const { protocol } = p.port;
  if (typeof protocol !== 'string' || protocol === '' || PROTOCOLS.includes(protocol)) return;
  const span = p.ctx.spanAt([...p.path, 'protocol']);
  const fixed = PROTOCOLS.find((x) => x === protocol.trim().toUpperCase());
  p.ctx.report({
    message: `Port protocol "${protocol}" is not supported: the API server rejects it ("${errorAt(p, 'protocol', 'Unsupported value', protocol, supportedValues(PROTOCOLS))}"). Use ${fixed ?? 'TCP, UDP or SCTP'}.`,
    span,
    fixes: fixed
      ? [{ title: `Change the protocol to ${fixed}`, edits: [p.ctx.edit.replace(span, sameQuotes(p.ctx.textOf(span), fixed))], preferred: true }]
      : undefined,
  });
}

/**
 * Lower-cases a port name when that makes it valid and unique, together with every probe or hook
 * port of the same container that refers to it (those fail with the same error today).
 */
function renameFix(p: Port, name: string): Fix | undefined {
  const lower = name.toLowerCase();
  if (portNameErrors(lower).length || (p.c.spec.ports ?? []).some((x) => asObject(x)?.name === lower)) return undefined;
  const to = (path: readonly PathSegment[]): TextEdit => {
    const span = p.ctx.spanAt(path);
    return p.ctx.edit.replace(span, sameQuotes(p.ctx.textOf(span), lower));
  };
  const edits = [to([...p.path, 'name'])];
  for (const h of p.c.handlers) {
    for (const t of ['httpGet', 'tcpSocket'] as const) {
      if (asObject((h.spec as Record<string, unknown>)[t])?.port === name) edits.push(to([...h.path, t, 'port']));
    }
  }
  return { title: `Rename the port to "${lower}"${edits.length > 1 ? ' (and the probes that use it)' : ''}`, edits, preferred: true };
}
