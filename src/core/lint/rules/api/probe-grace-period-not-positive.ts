import { DEFAULT_TERMINATION_GRACE_PERIOD, type Probe } from '../../../k8s';
import type { Rule } from '../../types';
import { apiError, fieldPath, handlerLabel, validatesHandlers } from './validation';

export const probeGracePeriodNotPositive: Rule = {
  id: 'api/probe-grace-period-not-positive',
  defaultSeverity: 'error',
  title: 'Probe terminationGracePeriodSeconds of 0 or less',
  help:
    "A probe's own `terminationGracePeriodSeconds` (the grace period after a failed liveness or startup " +
    'probe) must be greater than 0; the API server rejects 0 and negative values (validateProbe: "must be ' +
    "greater than 0\"). Without the field the pod's `terminationGracePeriodSeconds` (default 30) applies.",
  checkHandler(h, ctx) {
    if (!h.isProbe || !validatesHandlers(h.container)) return;
    const v = (h.spec as Probe).terminationGracePeriodSeconds;
    if (typeof v !== 'number' || !Number.isInteger(v) || v > 0) return;
    const path = [...h.path, 'terminationGracePeriodSeconds'];
    const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', v, 'must be greater than 0');
    const pod = h.container.workload.podSpec.terminationGracePeriodSeconds;
    const podValue = typeof pod === 'number' ? `${pod}` : `${DEFAULT_TERMINATION_GRACE_PERIOD}, the default`;
    const edit = ctx.edit.deleteEntry(path);
    ctx.report({
      message: `${handlerLabel(h)} has terminationGracePeriodSeconds: ${v}, but it must be greater than 0: the API server rejects it ("${error}"). Remove it to use the pod's terminationGracePeriodSeconds (${podValue}) or set a positive number.`,
      span: ctx.spanAt(path),
      fixes: edit ? [{ title: "Remove it (use the pod's grace period)", edits: [edit], preferred: true }] : undefined,
    });
  },
};
