import type { Fix, Rule } from '../../types';
import { apiError, containerLabel, fieldPath } from './validation';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const initContainerProbeForbidden: Rule = {
  id: 'api/init-container-probe-forbidden',
  defaultSeverity: 'error',
  title: 'Probe or lifecycle hook on an init container that is not a sidecar',
  help:
    'An init container runs to completion before the app starts, so it cannot have `lifecycle`, ' +
    '`livenessProbe`, `readinessProbe` or `startupProbe` — unless it is a native sidecar ' +
    '(`restartPolicy: Always`, Kubernetes 1.29+). The API server rejects them (validateInitContainers: ' +
    '"may not be set for init containers without restartPolicy=Always").',
  checkContainer(c, ctx) {
    if (c.kind !== 'initContainer' || c.isSidecar) return;
    const spec = c.spec as Record<string, unknown>;
    const sidecar = spec.restartPolicy === undefined || spec.restartPolicy === null ? ctx.edit.insertIntoMap(c.path, ['restartPolicy: Always']) : undefined;
    for (const key of FIELDS) {
      if (spec[key] === undefined || spec[key] === null) continue;
      const path = [...c.path, key];
      const error = apiError(fieldPath(c.workload, path), 'Forbidden', undefined, 'may not be set for init containers without restartPolicy=Always');
      const fixes: Fix[] = [];
      const remove = ctx.edit.deleteEntry(path);
      if (remove) fixes.push({ title: `Remove ${key}`, edits: [remove], preferred: true });
      if (sidecar) fixes.push({ title: 'Make it a sidecar (restartPolicy: Always)', edits: [sidecar] });
      ctx.report({
        message: `${containerLabel(c)} has ${key}, which init containers may only have as sidecars: the API server rejects it ("${error}"). Remove it, or add restartPolicy: Always if this container should keep running next to the app.`,
        span: ctx.spanAt(path, 'key'),
        fixes,
      });
    }
  },
};
