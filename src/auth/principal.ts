// Who is calling: a register (by its API key) or an operator (by a token with a role). The same
// principal and the same rules serve the JSON API and the operator console.
import { hashApiKey } from './api-keys.ts';
import type { Operator, Register } from '../store/access.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';
import type { CredentialLookup } from '../store/access.ts';

export type Principal = { kind: 'register'; register: Register } | { kind: 'operator'; operator: Operator };

/** The principal a bearer secret belongs to, or null. Only hashes are compared. */
export async function authenticateSecret(access: CredentialLookup, secret: string): Promise<Principal | null> {
  const hash = hashApiKey(secret);
  const register = await access.findRegisterByKeyHash(hash);
  if (register) return { kind: 'register', register };
  const operator = await access.findOperatorByTokenHash(hash);
  return operator ? { kind: 'operator', operator } : null;
}

const RANK: Record<OperatorRole, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(principal: Principal, role: OperatorRole): boolean {
  return principal.kind === 'operator' && RANK[principal.operator.role] >= RANK[role];
}

/** How the audit log names the principal. */
export function principalLabel(principal: Principal): string {
  return principal.kind === 'operator' ? `operator:${principal.operator.name}` : `register:${principal.register.code}`;
}
