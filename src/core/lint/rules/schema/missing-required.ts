import type { ContainerModel } from '../../../manifest/model';
import type { Fix, Rule, RuleContext } from '../../types';
import { HEADER_NAME_ERROR, PORT_RANGE, apiError, declaredPorts, fieldPath, isValidPortNum, portNameErrors } from '../api/validation';
import { placeOf, walkContainer, type MissingField } from './schema';

export const missingRequired: Rule = {
  id: 'schema/missing-required',
  defaultSeverity: 'error',
  title: 'httpGet, tcpSocket or grpc without a port; HTTP header without name or value',
  help:
    '`port` of `httpGet`, `tcpSocket` and `grpc` is required. The API server reads a missing port as 0 and ' +
    'rejects it ("must be between 1 and 65535, inclusive"); this rule reports that case, api/port-out-of-range ' +
    'only ports that are written down, so a missing port is reported once. An `httpHeaders` entry needs ' +
    '`name` (the API server rejects an empty name) and `value` (required by the schema; the API server ' +
    'accepts a missing value and sends the header empty, so that case is a warning). Knative Services may ' +
    'omit probe ports (Knative fills them in), so they are not reported there.',
  checkContainer(c, ctx) {
    walkContainer(c, ctx, {
      missing(m) {
        // Knative Services may omit probe ports: Knative fills in the container's port before a pod exists.
        if (m.key === 'port' && c.workload.apiVersion?.startsWith('serving.knative.dev/')) return;
        if (m.key === 'port') reportPort(m, c, ctx);
        else reportHeader(m, c, ctx);
      },
    });
  },
};

function reportPort(m: MissingField, c: ContainerModel, ctx: RuleContext): void {
  const handler = String(m.level.path[m.level.path.length - 1]);
  const error = apiError(fieldPath(c.workload, [...m.level.path, 'port']), 'Invalid value', 0, PORT_RANGE);
  const fixes: Fix[] = [];
  // The container's only TCP port is the obvious candidate (by name, except for gRPC, which takes numbers only).
  const tcp = declaredPorts(c).filter((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.containerPort === 'number' && isValidPortNum(p.containerPort));
  if (tcp.length === 1) {
    const { name, containerPort } = tcp[0];
    const ref = handler !== 'grpc' && typeof name === 'string' && portNameErrors(name).length === 0 ? name : String(containerPort);
    const edit = ctx.edit.insertIntoMap(m.level.path, [`port: ${ref}`]);
    if (edit) fixes.push({ title: `Add port: ${ref} (the container's only port)`, edits: [edit] });
  }
  ctx.report({
    message: `${placeOf(m.level.path, c)} has no port: the API server reads a missing port as 0 and rejects it ("${error}"). Add the port the container listens on.`,
    span: m.span,
    fixes,
  });
}

function reportHeader(m: MissingField, c: ContainerModel, ctx: RuleContext): void {
  const where = placeOf(m.level.path, c);
  if (m.key === 'name') {
    // The API server's path for header errors has no index.
    const error = apiError(fieldPath(c.workload, m.level.path.slice(0, -1)), 'Invalid value', '', HEADER_NAME_ERROR);
    ctx.report({
      message: `${where} has no name: the API server rejects the header ("${error}"). Add name: with the header's name.`,
      span: m.span,
    });
    return;
  }
  ctx.report({
    message: `${where} has no value: the schema requires one (kubeconform and the YAML extension report it); the API server accepts it and sends the header with an empty value. Add value:, or value: "" if empty is meant.`,
    span: m.span,
    severity: 'warning',
  });
}
