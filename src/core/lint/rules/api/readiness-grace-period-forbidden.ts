import type { Probe } from '../../../k8s';
import type { Rule } from '../../types';
import { apiError, fieldPath, validatesHandlers } from './validation';

export const readinessGracePeriodForbidden: Rule = {
  id: 'api/readiness-grace-period-forbidden',
  defaultSeverity: 'error',
  title: 'terminationGracePeriodSeconds on a readiness probe',
  help:
    'A failing readiness probe never kills the container, so a grace period makes no sense there: the API ' +
    'server rejects `readinessProbe.terminationGracePeriodSeconds` with any value (validateReadinessProbe: ' +
    '"must not be set for readinessProbes"). Set it on the liveness or startup probe instead.',
  checkHandler(h, ctx) {
    if (h.site !== 'readinessProbe' || !validatesHandlers(h.container)) return;
    const v = (h.spec as Probe).terminationGracePeriodSeconds;
    // Not set (nil), or not an integer: then the object cannot even be decoded (schema/wrong-type).
    if (typeof v !== 'number' || !Number.isInteger(v)) return;
    const path = [...h.path, 'terminationGracePeriodSeconds'];
    const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', v, 'must not be set for readinessProbes');
    const edit = ctx.edit.deleteEntry(path);
    ctx.report({
      message: `Readiness probe sets terminationGracePeriodSeconds, but a readiness failure never kills the container: the API server rejects it ("${error}"). Remove it.`,
      span: ctx.spanAt(path, 'key'),
      fixes: edit ? [{ title: 'Remove terminationGracePeriodSeconds', edits: [edit], preferred: true }] : undefined,
    });
  },
};
