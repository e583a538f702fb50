import type { Probe } from '../../../k8s';
import type { Rule } from '../../types';
import { apiError, fieldPath, handlerLabel, validatesHandlers } from './validation';

/** The fields validateProbe checks with ValidateNonnegativeField, and the value used when one is removed. */
const DEFAULTS: [keyof Probe, number][] = [
  ['initialDelaySeconds', 0],
  ['timeoutSeconds', 1],
  ['periodSeconds', 10],
  ['successThreshold', 1],
  ['failureThreshold', 3],
];

export const probeNegativeField: Rule = {
  id: 'api/probe-negative-field',
  defaultSeverity: 'error',
  title: 'Negative probe timing or threshold',
  help:
    '`initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold` and `failureThreshold` ' +
    'must not be negative; the API server rejects them (ValidateNonnegativeField: "must be greater than or ' +
    'equal to 0"). Removing the field applies the Kubernetes default (0, 1 s, 10 s, 1, 3).',
  checkHandler(h, ctx) {
    if (!h.isProbe || !validatesHandlers(h.container)) return;
    const probe = h.spec as Probe;
    for (const [key, def] of DEFAULTS) {
      const v = probe[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v >= 0) continue;
      const path = [...h.path, key];
      const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', v, 'must be greater than or equal to 0');
      const edit = ctx.edit.deleteEntry(path);
      ctx.report({
        message: `${handlerLabel(h)} has ${key}: ${v}, and the API server rejects negative values ("${error}"). Remove it to get the default (${def}) or use a positive number.`,
        span: ctx.spanAt(path),
        fixes: edit ? [{ title: `Remove ${key} (default ${def})`, edits: [edit], preferred: true }] : undefined,
      });
    }
  },
};
