import type { Probe } from '../../../k8s';
import type { Rule } from '../../types';
import { apiError, fieldPath, handlerLabel, validatesHandlers } from './validation';

export const successThresholdNot1: Rule = {
  id: 'api/success-threshold-not-1',
  defaultSeverity: 'error',
  title: 'Liveness or startup probe with successThreshold other than 1',
  help:
    'Liveness and startup probes act on the first success, so `successThreshold` must be 1. It is checked ' +
    'after defaulting: 0 (and a missing field) becomes 1 and passes; 2 is rejected (validateLivenessProbe, ' +
    'validateStartupProbe: "must be 1"). Only readiness probes may need several successes.',
  checkHandler(h, ctx) {
    if (h.site !== 'livenessProbe' && h.site !== 'startupProbe') return;
    if (!validatesHandlers(h.container)) return;
    const v = (h.spec as Probe).successThreshold;
    if (typeof v !== 'number' || !Number.isInteger(v) || v === 0 || v === 1) return;
    const path = [...h.path, 'successThreshold'];
    const span = ctx.spanAt(path);
    const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', v, 'must be 1');
    ctx.report({
      message: `${handlerLabel(h)} has successThreshold: ${v}, but a ${h.site === 'livenessProbe' ? 'liveness' : 'startup'} probe must use 1: the API server rejects it ("${error}"). Set it to 1.`,
      span,
      fixes: [{ title: 'Set successThreshold to 1', edits: [ctx.edit.replace(span, '1')], preferred: true }],
    });
  },
};
