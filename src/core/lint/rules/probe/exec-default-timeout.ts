import { PROBE_LABEL } from '../../../k8s';
import { runsHandlers, timing } from '../../probe-facts';
import { gateOnFor } from '../api/validation';
import { setScalar } from '../../probe-fixes';
import type { Rule } from '../../types';

/** The timeout the quick fix writes: enough for a shell or a JVM tool, still below the period. */
const SUGGESTED_TIMEOUT = 5;

export const execDefaultTimeout: Rule = {
  id: 'probe/exec-default-timeout',
  defaultSeverity: 'info',
  title: 'exec probe that relies on the default 1 s timeout',
  help:
    'Since Kubernetes 1.20 the kubelet enforces `timeoutSeconds` on exec probes (feature gate ' +
    '`ExecProbeTimeout`, GA 1.20). The default is 1 s, and a shell script, `curl` through a shell or a JVM tool ' +
    'often takes longer, so the probe fails although the app is fine. Set `timeoutSeconds` to what the command needs. ' +
    'An explicit `timeoutSeconds: 0` is defaulted to 1 s too, so it is reported as well (and by probe/zero-is-default).',
  checkHandler(h, ctx) {
    if (!h.isProbe || h.handlerTypes[0] !== 'exec' || !runsHandlers(h.container)) return;
    const written = (h.spec as Record<string, unknown>).timeoutSeconds;
    // 0 is defaulted to 1 s like an omitted field (SetDefaults_Probe); probe/zero-is-default also reports it.
    const zero = written === 0;
    if (written !== undefined && written !== null && !zero) return;
    if (!gateOnFor(ctx, 'ExecProbeTimeout')) return;
    const timeout = Math.min(SUGGESTED_TIMEOUT, timing(h).periodSeconds - 1);
    const edit =
      timeout <= 1
        ? undefined
        : zero
          ? setScalar(ctx, [...h.path, 'timeoutSeconds'], timeout)
          : ctx.edit.insertIntoMap(h.path, [`timeoutSeconds: ${timeout}`]);
    ctx.report({
      message: `${PROBE_LABEL[h.site]} exec probe has ${zero ? 'timeoutSeconds: 0, which means the default 1 s' : 'no timeoutSeconds, so the default 1 s applies'} and the kubelet counts a slower command as a failure (enforced since Kubernetes 1.20). Set timeoutSeconds to what the command needs.`,
      span: ctx.spanAt([...h.path, 'exec'], 'key'),
      fixes: edit ? [{ title: `Set timeoutSeconds to ${timeout}`, edits: [edit] }] : [],
      versionDependent: true,
    });
  },
};
