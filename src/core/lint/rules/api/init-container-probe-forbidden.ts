import type { Fix, Rule } from '../../types';
import { onSince } from '../../../feature-gates';
import { apiError, containerLabel, droppedReason, fieldPath } from './validation';

const FIELDS = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export const initContainerProbeForbidden: Rule = {
  id: 'api/init-container-probe-forbidden',
  defaultSeverity: 'error',
  title: 'Probe or lifecycle hook on an init container that is not a sidecar',
  help:
    'An init container runs to completion before the app starts, so it cannot have `lifecycle`, ' +
    '`livenessProbe`, `readinessProbe` or `startupProbe` — unless it is a native sidecar ' +
    '(`restartPolicy: Always`, Kubernetes 1.29+; 1.28 drops the field, so there it is no sidecar). The API ' +
    'server rejects them (validateInitContainers: "may not be set for init containers without ' +
    'restartPolicy=Always"). Follows the `kubernetesVersion` option.',
  checkContainer(c, ctx) {
    if (c.kind !== 'initContainer' || c.isSidecar) return;
    const spec = c.spec as Record<string, unknown>;
    // An init container whose restartPolicy the configured version drops (api-view.ts) is no sidecar
    // there, whatever the file says: before 1.29 `restartPolicy: Always` does not make one.
    const dropped = c.dropped?.find((d) => d.key === 'restartPolicy' && d.path.length === c.path.length + 1);
    const writtenAlways = dropped?.value === 'Always';
    const sidecar = !dropped && (spec.restartPolicy === undefined || spec.restartPolicy === null) ? ctx.edit.insertIntoMap(c.path, ['restartPolicy: Always']) : undefined;
    for (const key of FIELDS) {
      if (spec[key] === undefined || spec[key] === null) continue;
      const path = [...c.path, key];
      const error = apiError(fieldPath(c.workload, path), 'Forbidden', undefined, 'may not be set for init containers without restartPolicy=Always');
      const fixes: Fix[] = [];
      const remove = ctx.edit.deleteEntry(path);
      if (remove) fixes.push({ title: `Remove ${key}`, edits: [remove], preferred: true });
      if (sidecar) fixes.push({ title: 'Make it a sidecar (restartPolicy: Always)', edits: [sidecar] });
      if (dropped && writtenAlways) {
        ctx.report({
          message: `${containerLabel(c)} has ${key}, and is no sidecar in Kubernetes ${ctx.options.kubernetesVersion}: ${droppedReason(dropped, ctx)}, so the API server rejects the ${key} ("${error}"). Remove it, or target Kubernetes 1.${onSince('SidecarContainers')} or later.`,
          span: ctx.spanAt(path, 'key'),
          fixes,
          versionDependent: true,
        });
        continue;
      }
      ctx.report({
        message: `${containerLabel(c)} has ${key}, which init containers may only have as sidecars: the API server rejects it ("${error}"). Remove it, or add restartPolicy: Always if this container should keep running next to the app.`,
        span: ctx.spanAt(path, 'key'),
        fixes,
      });
    }
  },
};
