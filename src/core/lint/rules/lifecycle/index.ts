// Rules whose ids start with 'lifecycle/'. One file per rule, named after the part of the id after the slash.
// Catalog order (../shared/spec/lint-rules.md, sections a.3 and a.5).
import type { Rule } from '../../types';
import { tcpsocketUnsupported } from './tcpsocket-unsupported';
import { prestopSleepEatsGrace } from './prestop-sleep-eats-grace';

export const lifecycleRules: Rule[] = [tcpsocketUnsupported, prestopSleepEatsGrace];
