// Rules whose ids start with 'lifecycle/'. One file per rule, named after the part of the id after the slash.
import type { Rule } from '../../types';

export const lifecycleRules: Rule[] = [];
