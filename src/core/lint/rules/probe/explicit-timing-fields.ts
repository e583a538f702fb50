import { PROBE_LABEL, effectiveTiming } from '../../../k8s';
import { runsHandlers, TIMING_FIELDS } from '../../probe-facts';
import type { Rule } from '../../types';

const DEFAULTS = effectiveTiming(undefined);

export const explicitTimingFields: Rule = {
  id: 'probe/explicit-timing-fields',
  defaultSeverity: 'off',
  title: 'Probe that leaves timing fields to their defaults',
  help:
    'Datree rules 55–59 (opt-in) want `initialDelaySeconds`, `periodSeconds`, `timeoutSeconds`, ' +
    '`successThreshold` and `failureThreshold` written out, so the effective timing can be read from the ' +
    'manifest. The quick fix writes the defaults the API server would apply (0, 10, 1, 1, 3).',
  checkHandler(h, ctx) {
    if (!h.isProbe || !runsHandlers(h.container)) return;
    const spec = h.spec as Record<string, unknown>;
    const missing = TIMING_FIELDS.filter((f) => spec[f] === undefined || spec[f] === null);
    if (missing.length === 0) return;
    const list = missing.map((f) => `${f} (${DEFAULTS[f]})`).join(', ');
    const edit = missing.every((f) => spec[f] === undefined)
      ? ctx.edit.insertIntoMap(h.path, missing.map((f) => `${f}: ${DEFAULTS[f]}`))
      : undefined;
    ctx.report({
      message: `${PROBE_LABEL[h.site]} probe leaves ${list} to the defaults: write them out so the timing is visible in the manifest.`,
      span: h.keySpan,
      fixes: edit ? [{ title: 'Write out the default timing', edits: [edit], preferred: true }] : [],
    });
  },
};
