// Authentication by a bearer secret against the stored hashes, the one-time rehash of a secret
// stored before the pepper, and how the audit log names who acted.
import { describe, expect, it } from 'vitest';
import type { CredentialLookup, Operator, Register } from '../store/access.ts';
import { hashApiKey } from './api-keys.ts';
import { authenticateSecret, hasRole, principalLabel } from './principal.ts';

const register: Register = { id: 'r1', code: '12345678', name: 'Реєстр', createdAt: 0 };
const operator: Operator = { id: 'o1', name: 'olena', role: 'operator', createdAt: 0 };
const peppered = (secret: string) => `peppered:${secret}`;

// The store's credential tables in memory: hash → who, and the rehashes asked for.
function credentials(registerHashes: Record<string, Register>, operatorHashes: Record<string, Operator>) {
  const rehashed: string[] = [];
  const lookup: CredentialLookup = {
    hasher: { hash: peppered },
    findRegisterByKeyHash: async (hash) => registerHashes[hash] ?? null,
    findOperatorByTokenHash: async (hash) => operatorHashes[hash] ?? null,
    rehashRegisterKey: async (oldHash, newHash) => {
      rehashed.push(`register ${oldHash} → ${newHash}`);
      return true;
    },
    rehashOperatorToken: async (oldHash, newHash) => {
      rehashed.push(`operator ${oldHash} → ${newHash}`);
      return true;
    },
  };
  return { lookup, rehashed };
}

describe('authenticating a bearer secret', () => {
  it('finds a register or an operator by the peppered hash, and rehashes nothing', async () => {
    const { lookup, rehashed } = credentials({ [peppered('key')]: register }, { [peppered('token')]: operator });
    expect(await authenticateSecret(lookup, 'key')).toEqual({ kind: 'register', register });
    expect(await authenticateSecret(lookup, 'token')).toEqual({ kind: 'operator', operator });
    expect(await authenticateSecret(lookup, 'unknown')).toBeNull();
    expect(rehashed).toEqual([]);
  });

  it('accepts a register key stored before the pepper and replaces its hash in the register keys', async () => {
    const { lookup, rehashed } = credentials({ [hashApiKey('old-key')]: register }, {});
    expect(await authenticateSecret(lookup, 'old-key')).toEqual({ kind: 'register', register });
    expect(rehashed).toEqual([`register ${hashApiKey('old-key')} → ${peppered('old-key')}`]);
  });

  it('accepts an operator token stored before the pepper and replaces its hash in the operator tokens', async () => {
    const { lookup, rehashed } = credentials({}, { [hashApiKey('old-token')]: operator });
    expect(await authenticateSecret(lookup, 'old-token')).toEqual({ kind: 'operator', operator });
    expect(rehashed).toEqual([`operator ${hashApiKey('old-token')} → ${peppered('old-token')}`]);
  });
});

describe('a principal', () => {
  it('is named in the audit log by kind and by the operator name or the register code', () => {
    expect(principalLabel({ kind: 'operator', operator })).toBe('operator:olena');
    expect(principalLabel({ kind: 'register', register })).toBe('register:12345678');
  });

  it('has an operator role at or below its own, and a register has none', () => {
    expect(hasRole({ kind: 'operator', operator }, 'viewer')).toBe(true);
    expect(hasRole({ kind: 'operator', operator }, 'operator')).toBe(true);
    expect(hasRole({ kind: 'operator', operator }, 'admin')).toBe(false);
    expect(hasRole({ kind: 'register', register }, 'viewer')).toBe(false);
  });
});
