// Rules whose ids start with 'probe/'. One file per rule, named after the part of the id after the slash.
import type { Rule } from '../../types';

export const probeRules: Rule[] = [];
