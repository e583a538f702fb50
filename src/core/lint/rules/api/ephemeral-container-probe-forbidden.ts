import type { Rule } from '../../types';
import { apiError, asObject, containerLabel, fieldPath } from './validation';

/** Fields of allowedEphemeralContainerFields that are false, in the struct's order. */
const FORBIDDEN = ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

export const ephemeralContainerProbeForbidden: Rule = {
  id: 'api/ephemeral-container-probe-forbidden',
  defaultSeverity: 'error',
  title: 'Probe, lifecycle hook, ports or resources on an ephemeral container',
  help:
    'Ephemeral (debug) containers are not part of the workload: they cannot have probes, `lifecycle`, ' +
    '`ports` or `resources`. The API server rejects each of them (validateEphemeralContainers: "cannot be ' +
    'set for an Ephemeral Container").',
  checkContainer(c, ctx) {
    if (c.kind !== 'ephemeralContainer') return;
    const spec = c.spec as Record<string, unknown>;
    for (const key of FORBIDDEN) {
      if (!isSet(spec[key], key === 'resources')) continue;
      const path = [...c.path, key];
      const error = apiError(fieldPath(c.workload, path), 'Forbidden', undefined, 'cannot be set for an Ephemeral Container');
      const edit = ctx.edit.deleteEntry(path);
      ctx.report({
        message: `${containerLabel(c)} has ${key}, which ephemeral containers cannot have: the API server rejects it ("${error}"). Remove it.`,
        span: ctx.spanAt(path, 'key'),
        fixes: edit ? [{ title: `Remove ${key}`, edits: [edit], preferred: true }] : undefined,
      });
    }
  },
};

/** Not the Go zero value: `resources` is a struct (so `{}` is unset), the others are pointers or slices. */
function isSet(v: unknown, struct: boolean): boolean {
  if (v === undefined || v === null) return false;
  const o = asObject(v);
  return !struct || !o || Object.values(o).some((x) => x !== undefined && x !== null);
}
