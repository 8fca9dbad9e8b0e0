// The door: contract schema, then characters XML can carry, then the Ukrainian rules. What comes
// out is the normalised event that is stored and later delivered, or every issue found.
import { kyivDateAt } from '../domain/dates.ts';
import { applyRules } from '../domain/rules.ts';
import type { RegistrationEvent, Warning } from '../domain/event.ts';
import type { Issue } from '../errors.ts';
import { normaliseDateTime } from '../validation/datetime.ts';
import { checkSchema } from '../validation/schema.ts';
import { checkText } from '../validation/text.ts';

export interface ValidationOptions {
  now: Date;
  feeMismatch: 'warn' | 'reject';
}

export type Validated =
  | { ok: true; event: RegistrationEvent; warnings: Warning[] }
  | { ok: false; issues: Issue[] };

export function validateEvent(body: unknown, options: ValidationOptions): Validated {
  const shapeIssues = [...checkSchema(body), ...checkText(body)];
  if (shapeIssues.length > 0) return { ok: false, issues: shapeIssues };

  const event = body as RegistrationEvent;
  const occurredAt = normaliseDateTime(event.occurredAt);
  if (occurredAt === null) {
    return {
      ok: false,
      issues: [
        {
          code: 'FIELD_FORMAT',
          pointer: '/occurredAt',
          message: {
            uk: 'Поле /occurredAt має бути датою й часом зі зміщенням від UTC (наприклад, 2026-11-20T10:15:00+02:00).',
            en: 'Field /occurredAt must be a date-time with a UTC offset (for example 2026-11-20T10:15:00+02:00).',
          },
        },
      ],
    };
  }

  const result = applyRules({ ...event, occurredAt }, { today: kyivDateAt(options.now.getTime()), now: options.now.toISOString(), feeMismatch: options.feeMismatch });
  if (result.issues.length > 0) return { ok: false, issues: result.issues };
  return { ok: true, event: result.event, warnings: result.warnings };
}
