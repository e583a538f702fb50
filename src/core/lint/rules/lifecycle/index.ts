// Rules whose ids start with 'lifecycle/'. One file per rule, named after the part of the id after the slash.
// Catalog order: lifecycle-hook design and runtime pitfalls (docs/semantics/pod-lifecycle.md).
import type { Rule } from '../../types';
import { tcpsocketUnsupported } from './tcpsocket-unsupported';
import { prestopSleepEatsGrace } from './prestop-sleep-eats-grace';

export const lifecycleRules: Rule[] = [tcpsocketUnsupported, prestopSleepEatsGrace];
