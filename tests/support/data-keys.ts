// A data key for tests that open a store themselves: one per test process, so a store reopened in the
// same file reads what it wrote. Made here, never committed.
import { randomBytes } from 'node:crypto';
import { fieldCipher, type FieldCipher } from '../../src/store/crypto/field-cipher.ts';
import { keyring } from '../../src/store/crypto/keyring.ts';

export const TEST_DATA_KEY = randomBytes(32);
export const testFields: FieldCipher = fieldCipher(keyring([{ id: 'test1', key: TEST_DATA_KEY }]));
