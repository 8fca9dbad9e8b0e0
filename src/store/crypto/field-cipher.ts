// Field encryption at rest: AES-256-GCM, one operation per field. A ciphertext is text,
// `enc1:<key id>:<base64 of 12-byte IV | ciphertext | 16-byte tag>`, with a fresh random IV each
// time; its additional authenticated data is the column and the row's key, so a ciphertext copied
// into another row or column does not decrypt. A value without the `enc1:` marker is a row written
// before encryption: it is read as it is, and `rekey` encrypts it.
import { createCipheriv, createDecipheriv, createSecretKey, randomFillSync, type KeyObject } from 'node:crypto';
import type { EncryptedColumn } from './encrypted-columns.ts';
import type { Keyring } from './keyring.ts';

const MARKER = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The row's key values, in the order of the column's `key`: what binds a ciphertext to its row. */
export type RowKey = readonly (string | number)[];

export type DecryptFailure = 'unknown_key' | 'not_authentic' | 'malformed' | 'no_keys';

/** A stored value that cannot be decrypted: never returned as garbage, always this error. */
export class DataDecryptError extends Error {
  readonly reason: DecryptFailure;
  readonly keyId: string | null;
  constructor(column: EncryptedColumn, reason: DecryptFailure, keyId: string | null) {
    const why: Record<DecryptFailure, string> = {
      unknown_key: `it was encrypted with data key "${keyId}", which the keyring (DATA_KEYS_FILE / DATA_KEY) does not hold`,
      not_authentic: `data key "${keyId}" does not authenticate it: a wrong key under that id, or the value was altered or moved from another row`,
      malformed: 'the stored ciphertext is malformed',
      no_keys: 'the store was opened without data keys',
    };
    super(`cannot decrypt ${column.table}.${column.column}: ${why[reason]}`);
    this.name = 'DataDecryptError';
    this.reason = reason;
    this.keyId = keyId;
  }
}

export interface FieldCipher {
  /** The value to store: encrypted under the current key (null stays null). */
  seal<T extends string | null>(column: EncryptedColumn, row: RowKey, plaintext: T): T;
  /** The stored value read back (null stays null; a value from before encryption is returned as it is). */
  open(column: EncryptedColumn, row: RowKey, stored: unknown): string | null;
  /** The id of the key a stored value is encrypted with; null for a value stored in clear. */
  keyIdOf(stored: string): string | null;
  /** The key new values are encrypted with; null when encryption is off (stores opened by tools without keys). */
  readonly currentKeyId: string | null;
}

/** Each data key as a KeyObject, made once: a raw Buffer is imported anew by every cipher (half its cost for a field). */
const keyObjects = new WeakMap<Buffer, KeyObject>();
const keyObject = (key: Buffer): KeyObject => {
  let made = keyObjects.get(key);
  if (!made) keyObjects.set(key, (made = createSecretKey(key)));
  return made;
};

/**
 * Fresh IVs, drawn from the CSPRNG a few hundred at a time: one call for 12 bytes costs about as much
 * as the encryption of a small field. Each IV is handed out once; the buffer is refilled when used up.
 */
const ivPool = Buffer.alloc(IV_BYTES * 256);
let ivTaken = ivPool.length;
function freshIv(): Buffer {
  if (ivTaken === ivPool.length) {
    randomFillSync(ivPool);
    ivTaken = 0;
  }
  // A copy: the pool is overwritten on refill, the ciphertext keeps its IV.
  return Buffer.from(ivPool.subarray(ivTaken, (ivTaken += IV_BYTES)));
}

const aad = (column: EncryptedColumn, row: RowKey): Buffer => Buffer.from(JSON.stringify([column.table, column.column, ...row.map(String)]), 'utf8');

function keyIdOf(stored: string): string | null {
  if (!stored.startsWith(MARKER)) return null;
  const end = stored.indexOf(':', MARKER.length);
  return end < 0 ? '' : stored.slice(MARKER.length, end);
}

export function fieldCipher(keys: Keyring): FieldCipher {
  return {
    currentKeyId: keys.current.id,
    keyIdOf,
    seal<T extends string | null>(column: EncryptedColumn, row: RowKey, plaintext: T): T {
      if (plaintext === null) return plaintext;
      const iv = freshIv();
      const cipher = createCipheriv('aes-256-gcm', keyObject(keys.current.key), iv);
      cipher.setAAD(aad(column, row));
      const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${MARKER}${keys.current.id}:${body.toString('base64')}` as T;
    },
    open(column, row, stored) {
      if (stored === null || stored === undefined) return null;
      const text = String(stored);
      const id = keyIdOf(text);
      if (id === null) return text;
      const key = keys.get(id);
      if (!key) throw new DataDecryptError(column, 'unknown_key', id);
      const body = Buffer.from(text.slice(MARKER.length + id.length + 1), 'base64');
      if (body.length < IV_BYTES + TAG_BYTES) throw new DataDecryptError(column, 'malformed', id);
      const decipher = createDecipheriv('aes-256-gcm', keyObject(key.key), body.subarray(0, IV_BYTES));
      decipher.setAAD(aad(column, row));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new DataDecryptError(column, 'not_authentic', id);
      }
    },
  };
}

/** For tools and tests that open a store without keys: values are stored in clear; ciphertexts refuse to open. */
export const clearTextFields: FieldCipher = {
  currentKeyId: null,
  keyIdOf,
  seal: (_column, _row, plaintext) => plaintext,
  open(column, _row, stored) {
    if (stored === null || stored === undefined) return null;
    const text = String(stored);
    const id = keyIdOf(text);
    if (id !== null) throw new DataDecryptError(column, 'no_keys', id);
    return text;
  },
};
