// Rules whose ids start with 'api/'. One file per rule, named after the part of the id after the slash.
import type { Rule } from '../../types';
import { probeNoHandler } from './probe-no-handler';

export const apiRules: Rule[] = [probeNoHandler];
