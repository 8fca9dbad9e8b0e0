// Register API keys and operator tokens: random, shown once, stored only as a SHA-256 hash. The keys carry 256 bits of
// randomness, so a fast hash is enough (there is nothing to brute-force, unlike a password).
import { createHash, randomBytes } from 'node:crypto';

export function generateApiKey(): string {
  return `rtg_${randomBytes(32).toString('base64url')}`;
}

/** Operator tokens look different from register keys, so a leaked one is recognised at a glance. */
export function generateOperatorToken(): string {
  return `rtgop_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
