// The access rules of the operator side, in one place.
import { hasRole, type Principal } from '../auth/principal.ts';
import { ProblemError } from '../errors.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';

/** The register a principal is confined to, or null for operators (who see every register). */
export function registerScope(p: Principal): string | null {
  return p.kind === 'register' ? p.register.id : null;
}

export function requireRole(p: Principal, role: OperatorRole): void {
  if (!hasRole(p, role)) {
    throw new ProblemError({
      status: 403,
      code: 'FORBIDDEN',
      message: { uk: `Ця дія потребує ролі «${role}» або вищої.`, en: `This action needs the "${role}" role or higher.` },
    });
  }
}

export const eventNotFound = (id: string) =>
  new ProblemError({
    status: 404,
    code: 'NOT_FOUND',
    message: { uk: `Подію ${id} не знайдено.`, en: `Event ${id} was not found.` },
  });

export const reasonRequired = () =>
  new ProblemError({
    status: 422,
    code: 'REASON_REQUIRED',
    pointer: '/reason',
    message: {
      uk: 'Потрібна причина: тіло JSON {"reason": "…"} довжиною до 500 символів.',
      en: 'A reason is required: a JSON body {"reason": "…"} of up to 500 characters.',
    },
  });

/** A reason is evidence: non-empty and bounded. */
export function checkReason(reason: unknown, required: boolean): string | null {
  if (typeof reason !== 'string' || reason.trim() === '') {
    if (required) throw reasonRequired();
    return null;
  }
  if (reason.length > 500) throw reasonRequired();
  return reason.trim();
}
