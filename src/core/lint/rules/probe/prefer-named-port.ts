import { PROBE_LABEL } from '../../../k8s';
import { declaredPorts, isTcp, portRef, runsHandlers } from '../../probe-facts';
import { setScalar } from '../../probe-fixes';
import type { Fix, Rule } from '../../types';

export const preferNamedPort: Rule = {
  id: 'probe/prefer-named-port',
  defaultSeverity: 'off',
  title: 'httpGet probe port given as a number',
  help:
    'Popeye (code 105, info): "uses a port#, prefer a named port". A named port follows the container\'s ' +
    '`ports[]` when the number changes. Checked on liveness and readiness `httpGet` probes only, like Popeye.',
  checkHandler(h, ctx) {
    if ((h.site !== 'livenessProbe' && h.site !== 'readinessProbe') || !runsHandlers(h.container)) return;
    const ref = portRef(h);
    if (!ref || ref.handler !== 'httpGet' || typeof ref.value !== 'number') return;
    const named = declaredPorts(h.container).find((p) => p.containerPort === ref.value && isTcp(p) && typeof p.name === 'string');
    const fixes: Fix[] = [];
    const edit = named?.name ? setScalar(ctx, ref.path, named.name) : undefined;
    if (named?.name && edit) fixes.push({ title: `Use the port name "${named.name}"`, edits: [edit], preferred: true });
    const advice = named?.name ? `use its name "${named.name}"` : `name the containerPort ${ref.value} and use the name`;
    ctx.report({
      message: `${PROBE_LABEL[h.site]} probe uses port number ${ref.value}: ${advice}, so the probe follows the port if it changes.`,
      span: ctx.spanAt(ref.path),
      fixes,
      severity: 'info',
    });
  },
};
