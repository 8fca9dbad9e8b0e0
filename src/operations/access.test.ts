import { describe, expect, it } from 'vitest';
import { checkReason } from './access.ts';

describe('an operator\'s reason', () => {
  it('is trimmed, and may be left out only where it is optional', () => {
    expect(checkReason('  ДМС відновила роботу ', true)).toBe('ДМС відновила роботу');
    expect(checkReason(undefined, false)).toBeNull();
    expect(checkReason('   ', false)).toBeNull();
    for (const missing of [undefined, '', '   ', 42, null]) expect(() => checkReason(missing, true)).toThrow(expect.objectContaining({ code: 'REASON_REQUIRED', status: 422, pointer: '/reason' }));
  });

  it('is at most 500 characters, required or not', () => {
    expect(checkReason('я'.repeat(500), true)).toHaveLength(500);
    expect(() => checkReason('я'.repeat(501), true)).toThrow(expect.objectContaining({ code: 'REASON_REQUIRED' }));
    expect(() => checkReason('я'.repeat(501), false)).toThrow(expect.objectContaining({ code: 'REASON_REQUIRED' }));
  });
});
