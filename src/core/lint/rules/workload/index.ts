// Rules whose ids start with 'workload/': what a probe or a rollout setting does to a Deployment,
// DaemonSet or Service as a whole (docs/workloads.md). One file per rule.
import type { Rule } from '../../types';
import { surgeAndUnavailableZero } from './surge-and-unavailable-zero';
import { minReadyNotBelowProgressDeadline } from './min-ready-not-below-progress-deadline';
import { progressDeadlineBelowStartup } from './progress-deadline-below-startup';
import { noPrestopBehindService } from './no-prestop-behind-service';

export const workloadRules: Rule[] = [surgeAndUnavailableZero, minReadyNotBelowProgressDeadline, progressDeadlineBelowStartup, noPrestopBehindService];
