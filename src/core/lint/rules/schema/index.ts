// Rules whose ids start with 'schema/'. One file per rule, named after the part of the id after the slash.
// schema.ts holds the compact schema and the walker that unknown-field, wrong-type and missing-required share.
import type { Rule } from '../../types';
import { duplicateKey } from './duplicate-key';
import { missingRequired } from './missing-required';
import { unknownField } from './unknown-field';
import { wrongType } from './wrong-type';

/** In the order of the catalog (decode and schema: docs/semantics/api-validation.md, 1. Decode). */
export const schemaRules: Rule[] = [unknownField, wrongType, missingRequired, duplicateKey];
