// Rules whose ids start with 'probe/'. One file per rule, named after the part of the id after the slash.
// Catalog order: probe presence and design, then runtime pitfalls (semantics: docs/semantics/).
import type { Rule } from '../../types';
import { namedPortNotFound } from './named-port-not-found';
import { portNotDeclared } from './port-not-declared';
import { portDeclaredNonTcp } from './port-declared-non-tcp';
import { hostOverride } from './host-override';
import { zeroIsDefault } from './zero-is-default';
import { missingReadiness } from './missing-readiness';
import { missingLiveness } from './missing-liveness';
import { missingStartup } from './missing-startup';
import { explicitTimingFields } from './explicit-timing-fields';
import { preferNamedPort } from './prefer-named-port';
import { identicalLivenessReadiness } from './identical-liveness-readiness';
import { livenessLessTolerantThanReadiness } from './liveness-less-tolerant-than-readiness';
import { timeoutGePeriod } from './timeout-ge-period';
import { livenessShortBudgetNoStartup } from './liveness-short-budget-no-startup';
import { execDefaultTimeout } from './exec-default-timeout';
import { schemePortMismatch } from './scheme-port-mismatch';
import { livenessChecksDependency } from './liveness-checks-dependency';
import { inBatchWorkload } from './in-batch-workload';
import { livenessWithRestartNever } from './liveness-with-restart-never';
import { activeDeadlineBeforeReady } from './active-deadline-before-ready';

export const probeRules: Rule[] = [
  namedPortNotFound,
  portNotDeclared,
  portDeclaredNonTcp,
  hostOverride,
  zeroIsDefault,
  missingReadiness,
  missingLiveness,
  missingStartup,
  explicitTimingFields,
  preferNamedPort,
  identicalLivenessReadiness,
  livenessLessTolerantThanReadiness,
  timeoutGePeriod,
  livenessShortBudgetNoStartup,
  execDefaultTimeout,
  schemePortMismatch,
  livenessChecksDependency,
  inBatchWorkload,
  livenessWithRestartNever,
  activeDeadlineBeforeReady,
];
