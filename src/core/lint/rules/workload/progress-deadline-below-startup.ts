// workload/progress-deadline-below-startup: a new pod may take longer to start than the rollout
// waits for progress.
import type { Rule } from '../../types';
import { handlerAt, runsHandlers, timing, timingUnusable } from '../../probe-facts';
import { DEFAULT_PROGRESS_DEADLINE, objectPath, specOf, writtenSeconds } from './facts';

export const progressDeadlineBelowStartup: Rule = {
  id: 'workload/progress-deadline-below-startup',
  defaultSeverity: 'warning',
  title: 'Deployment progressDeadlineSeconds shorter than a container\'s startup budget',
  help:
    'A rollout makes progress whenever a new pod is created, gets Ready or becomes available ' +
    '(progress.go, DeploymentProgressing); after progressDeadlineSeconds (default 600) without progress it is ' +
    'marked ProgressDeadlineExceeded. A container whose startupProbe allows initialDelaySeconds + ' +
    'failureThreshold × periodSeconds to start, plus minReadySeconds before it counts as available, can take ' +
    'longer than that in one rollout step: the rollout is reported as failed although the pod was allowed to ' +
    'start that slowly. Each step restarts the clock, so the deadline must cover one pod, not the whole rollout.',
  checkWorkload(w, ctx) {
    if (w.kind !== 'Deployment') return;
    const spec = specOf(w);
    const written = spec.progressDeadlineSeconds;
    const deadline = written === undefined ? DEFAULT_PROGRESS_DEADLINE : writtenSeconds(written);
    const minReady = spec.minReadySeconds === undefined ? 0 : writtenSeconds(spec.minReadySeconds);
    if (deadline === undefined || minReady === undefined) return;
    let worst: { name: string; budget: number; text: string } | undefined;
    for (const c of w.containers) {
      if (c.kind !== 'container' || !runsHandlers(c)) continue;
      const h = handlerAt(c, 'startupProbe');
      if (!h || timingUnusable(h)) continue;
      const t = timing(h);
      const budget = t.initialDelaySeconds + t.failureThreshold * t.periodSeconds + minReady;
      if (budget > deadline && (!worst || budget > worst.budget)) {
        worst = { name: c.name ?? `#${c.index}`, budget, text: `initialDelaySeconds ${t.initialDelaySeconds} + failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds}${minReady ? ` + minReadySeconds ${minReady}` : ''} = ${budget} s` };
      }
    }
    if (!worst) return;
    const path = [...objectPath(w), 'spec'];
    ctx.report({
      message: `Container "${worst.name}" may take ${worst.text} to become available, longer than progressDeadlineSeconds ${deadline}${written === undefined ? ' (the default)' : ''}: a rollout step that waits for it is marked ProgressDeadlineExceeded. Raise progressDeadlineSeconds above ${worst.budget}.`,
      span: written === undefined ? w.span : ctx.spanAt([...path, 'progressDeadlineSeconds'], 'value'),
      fixes: [
        {
          title: `Set progressDeadlineSeconds to ${worst.budget + 60}`,
          preferred: true,
          edits: [written === undefined ? ctx.edit.insertIntoMap(path, [`progressDeadlineSeconds: ${worst.budget + 60}`]) : ctx.edit.replace(ctx.spanAt([...path, 'progressDeadlineSeconds'], 'value'), String(worst.budget + 60))].filter((e): e is NonNullable<typeof e> => e !== undefined),
        },
      ],
    });
  },
};
