// A finding is an Issue that still knows how much it counts; applyRules sorts findings into
// issues (refuse) and warnings (accept). Messages never repeat personal data: the pointer says where.

import type { Issue } from '../errors.ts';
import { RULE_CODES, type RuleCode, type Severity } from './codes.ts';

export interface Finding extends Issue {
  code: RuleCode;
  severity: Severity;
}

export function finding(code: RuleCode, pointer: string, uk: string, en: string): Finding {
  return { code, pointer, message: { uk, en }, severity: RULE_CODES[code] };
}
