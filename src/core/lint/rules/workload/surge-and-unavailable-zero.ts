// workload/surge-and-unavailable-zero: a rolling update that may neither add nor remove a pod.
import type { Rule } from '../../types';
import { isObject } from '../../probe-facts';
import { isZeroIntOrPercent, objectPath, specOf } from './facts';

const STRATEGY_KEY: Record<string, string> = { Deployment: 'strategy', DaemonSet: 'updateStrategy' };

export const surgeAndUnavailableZero: Rule = {
  id: 'workload/surge-and-unavailable-zero',
  defaultSeverity: 'error',
  title: 'Rolling update with maxSurge and maxUnavailable both 0',
  help:
    'The API server rejects a Deployment or DaemonSet rolling update whose maxUnavailable is 0 while maxSurge ' +
    'is 0 too (validation.go, ValidateRollingUpdateDeployment / ValidateRollingUpdateDaemonSet): such an update ' +
    'could neither start a new pod nor stop an old one. Allow one of them, e.g. maxSurge: 1 for a rollout that ' +
    'never drops below the desired replicas.',
  checkWorkload(w, ctx) {
    const key = STRATEGY_KEY[w.kind];
    if (!key) return;
    const strategy = specOf(w)[key];
    const ru = isObject(strategy) && isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
    if (!ru) return;
    // Unset values default to 25 % (Deployment) or maxUnavailable 1 / maxSurge 0 (DaemonSet): only written zeros count.
    if (isZeroIntOrPercent(ru.maxUnavailable) !== true) return;
    if (w.kind === 'Deployment' ? isZeroIntOrPercent(ru.maxSurge) !== true : isZeroIntOrPercent(ru.maxSurge) === false) return;
    const base = [...objectPath(w), 'spec', key, 'rollingUpdate'];
    const surgePath = [...base, 'maxSurge'];
    ctx.report({
      message: `${w.kind} ${key}.rollingUpdate.maxUnavailable may not be 0 when maxSurge is 0 — the API server rejects it: the update could neither add nor remove a pod.`,
      span: ctx.spanAt([...base, 'maxUnavailable'], 'value'),
      fixes: [
        {
          title: 'Set maxSurge to 1 (never below the desired replicas)',
          preferred: true,
          edits: [
            'maxSurge' in ru
              ? ctx.edit.replace(ctx.spanAt(surgePath, 'value'), '1')
              : ctx.edit.insertIntoMap(base, ['maxSurge: 1']),
          ].filter((e): e is NonNullable<typeof e> => e !== undefined),
        },
      ],
    });
  },
};
