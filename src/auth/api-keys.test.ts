// The shape of a new register key and operator token, and the two hashes they are stored under,
// checked against published vectors (FIPS 180-2 for SHA-256, RFC 4231 case 2 for HMAC-SHA256).
import { describe, expect, it } from 'vitest';
import { generateApiKey, generateOperatorToken, hashApiKey, secretHasher } from './api-keys.ts';

// 32 random bytes in base64url: 43 characters, no padding.
const RANDOM_PART = /^[A-Za-z0-9_-]{43}$/;

describe('a new secret', () => {
  it('is a live register key by default, a test key in a sandbox, an operator token apart', () => {
    const live = generateApiKey();
    const sandbox = generateApiKey({ sandbox: true });
    const token = generateOperatorToken();
    expect(live.startsWith('rtg_')).toBe(true);
    expect(live.startsWith('rtg_test_')).toBe(false);
    expect(live.slice('rtg_'.length)).toMatch(RANDOM_PART);
    expect(generateApiKey({ sandbox: false }).startsWith('rtg_test_')).toBe(false);
    expect(sandbox.slice('rtg_test_'.length)).toMatch(RANDOM_PART);
    expect(sandbox.startsWith('rtg_test_')).toBe(true);
    expect(token.slice('rtgop_'.length)).toMatch(RANDOM_PART);
    expect(token.startsWith('rtgop_')).toBe(true);
  });

  it('is never the same twice', () => {
    const keys = new Set(Array.from({ length: 20 }, () => generateApiKey()));
    const tokens = new Set(Array.from({ length: 20 }, () => generateOperatorToken()));
    expect(keys.size).toBe(20);
    expect(tokens.size).toBe(20);
  });
});

describe('the stored form', () => {
  it('before the pepper: plain SHA-256 in hex', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('with the pepper: HMAC-SHA256 in hex, keyed by the pepper', () => {
    const hasher = secretHasher('Jefe');
    expect(hasher.hash('what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(secretHasher('another pepper').hash('what do ya want for nothing?')).not.toBe(hasher.hash('what do ya want for nothing?'));
  });
});
