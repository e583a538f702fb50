// Rules whose ids start with 'api/'. One file per rule, named after the part of the id after the slash.
// validation.ts holds what they share: the API server's field paths, error texts and name rules.
import type { Rule } from '../../types';
import { containerPortName } from './container-port-name';
import { containerRestartPolicy } from './container-restart-policy';
import { ephemeralContainerProbeForbidden } from './ephemeral-container-probe-forbidden';
import { execCommandRequired } from './exec-command-required';
import { httpgetPathRequired } from './httpget-path-required';
import { httpgetSchemeUnsupported } from './httpget-scheme-unsupported';
import { httpheaderNameInvalid } from './httpheader-name-invalid';
import { initContainerProbeForbidden } from './init-container-probe-forbidden';
import { lifecycleSleepOutOfRange } from './lifecycle-sleep-out-of-range';
import { lifecycleStopSignal } from './lifecycle-stop-signal';
import { portNameInvalid } from './port-name-invalid';
import { portOutOfRange } from './port-out-of-range';
import { probeGracePeriodNotPositive } from './probe-grace-period-not-positive';
import { probeMultipleHandlers } from './probe-multiple-handlers';
import { probeNegativeField } from './probe-negative-field';
import { probeNoHandler } from './probe-no-handler';
import { readinessGracePeriodForbidden } from './readiness-grace-period-forbidden';
import { successThresholdNot1 } from './success-threshold-not-1';

/** In the order of the catalog (docs/semantics/api-validation.md: the order validation.go checks in). */
export const apiRules: Rule[] = [
  probeNoHandler,
  probeMultipleHandlers,
  execCommandRequired,
  portOutOfRange,
  portNameInvalid,
  httpgetSchemeUnsupported,
  httpheaderNameInvalid,
  probeNegativeField,
  successThresholdNot1,
  probeGracePeriodNotPositive,
  readinessGracePeriodForbidden,
  initContainerProbeForbidden,
  containerRestartPolicy,
  ephemeralContainerProbeForbidden,
  lifecycleSleepOutOfRange,
  lifecycleStopSignal,
  containerPortName,
  httpgetPathRequired,
];
