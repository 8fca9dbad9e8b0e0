// Register API keys and operator tokens: random, shown once, stored only as an HMAC-SHA256 under a
// server-side pepper kept outside the database, so a copied database alone cannot test guesses.
// The keys carry 256 bits of randomness, so a fast keyed hash is enough (unlike a password).
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Live keys are `rtg_…`; a sandbox's test keys `rtg_test_…`, recognisable in a vendor's configuration. */
export function generateApiKey(options: { sandbox?: boolean } = {}): string {
  return `${options.sandbox ? 'rtg_test_' : 'rtg_'}${randomBytes(32).toString('base64url')}`;
}

/** Operator tokens look different from register keys, so a leaked one is recognised at a glance. */
export function generateOperatorToken(): string {
  return `rtgop_${randomBytes(32).toString('base64url')}`;
}

/**
 * The unpeppered SHA-256 hash installations stored before the pepper. Still accepted once at
 * sign-in, then replaced by the peppered hash (see authenticateSecret).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface SecretHasher {
  /** The stored form of a key or token: HMAC-SHA256 under the pepper, hex. */
  hash(secret: string): string;
}

export function secretHasher(pepper: string): SecretHasher {
  return { hash: (secret) => createHmac('sha256', pepper).update(secret, 'utf8').digest('hex') };
}
