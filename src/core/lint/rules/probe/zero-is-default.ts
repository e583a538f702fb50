import { PROBE_LABEL } from '../../../k8s';
import { runsHandlers } from '../../probe-facts';
import type { Rule } from '../../types';

/** SetDefaults_Probe: these fields turn 0 into their default (initialDelaySeconds has no default). */
const DEFAULTED = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } as const;

export const zeroIsDefault: Rule = {
  id: 'probe/zero-is-default',
  defaultSeverity: 'info',
  title: 'Explicit 0 for a probe field that defaults to another value',
  help:
    'The API server replaces `timeoutSeconds: 0`, `periodSeconds: 0`, `successThreshold: 0` and ' +
    '`failureThreshold: 0` by their defaults 1, 10, 1 and 3 (SetDefaults_Probe). A written 0 suggests a ' +
    'value the probe will never have.',
  checkHandler(h, ctx) {
    if (!h.isProbe || !runsHandlers(h.container)) return;
    for (const [field, value] of Object.entries(DEFAULTED)) {
      if ((h.spec as Record<string, unknown>)[field] !== 0) continue;
      const path = [...h.path, field];
      const edit = ctx.edit.deleteEntry(path);
      ctx.report({
        message: `${PROBE_LABEL[h.site]} probe ${field}: 0 means the default ${value} (the API server replaces 0). Remove it, or write the value you mean.`,
        span: ctx.spanAt(path),
        fixes: edit ? [{ title: `Remove ${field}: 0 (the default ${value} applies)`, edits: [edit], preferred: true }] : [],
      });
    }
  },
};
