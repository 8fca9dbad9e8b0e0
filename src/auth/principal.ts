// Who is calling: a register (by its API key) or an operator (by a token with a role). The same
// principal and the same rules serve the JSON API and the operator console.
import { hashApiKey } from './api-keys.ts';
import type { Operator, Register } from '../store/access.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';
import type { CredentialLookup } from '../store/access.ts';

export type Principal = { kind: 'register'; register: Register } | { kind: 'operator'; operator: Operator };

/**
 * The principal a bearer secret belongs to, or null. Only hashes are compared. A secret stored
 * before the pepper (plain SHA-256) is accepted once and its hash replaced by the peppered one.
 */
export async function authenticateSecret(access: CredentialLookup, secret: string, now = Date.now()): Promise<Principal | null> {
  const found = await lookup(access, access.hasher.hash(secret), now);
  if (found) return found;
  const legacy = hashApiKey(secret);
  const old = await lookup(access, legacy, now);
  if (!old) return null;
  const peppered = access.hasher.hash(secret);
  await (old.kind === 'register' ? access.rehashRegisterKey(legacy, peppered) : access.rehashOperatorToken(legacy, peppered));
  return old;
}

async function lookup(access: CredentialLookup, hash: string, now: number): Promise<Principal | null> {
  const register = await access.findRegisterByKeyHash(hash, now);
  if (register) return { kind: 'register', register };
  const operator = await access.findOperatorByTokenHash(hash, now);
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
