// The data keys of field encryption at rest: AES-256 keys, each with an id that every ciphertext
// carries. The first key encrypts; every key decrypts, so a new key can be put first and the rows
// re-encrypted under it (`rekey`) before the old one is removed.
import { ConfigError } from '../../config/config.ts';

export interface DataKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  /** The key new ciphertexts are made with. */
  readonly current: DataKey;
  /** A key by its id; undefined when the keyring does not hold it. */
  get(id: string): DataKey | undefined;
  readonly ids: readonly string[];
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** The id of the one key given as DATA_KEY: to move it into a DATA_KEYS_FILE, write it as `default:<key>`. */
export const ENV_KEY_ID = 'default';

/** Keys in order: the first encrypts. */
export function keyring(keys: DataKey[]): Keyring {
  const first = keys[0];
  if (!first) throw new ConfigError(['data keys: none given']);
  const byId = new Map<string, DataKey>();
  for (const k of keys) {
    if (byId.has(k.id)) throw new ConfigError([`data keys: the id "${k.id}" is given twice`]);
    byId.set(k.id, k);
  }
  return { current: first, get: (id) => byId.get(id), ids: keys.map((k) => k.id) };
}

/** One key: standard or URL-safe base64 of exactly 32 bytes (Error with the reason otherwise). */
export function parseKey(base64: string): Buffer {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new Error('the key is not base64');
  const key = Buffer.from(text.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  if (key.length !== 32) throw new Error(`the key is ${key.length} bytes, AES-256 needs 32 (make one with: openssl rand -base64 32)`);
  return key;
}

const keyAt = (base64: string, where: string): Buffer => {
  try {
    return parseKey(base64);
  } catch (err) {
    throw new ConfigError([`${where}: ${(err as Error).message}`]);
  }
};

/** A keys file: one `id:base64key` a line, the first encrypts; blank lines and `#` comments are skipped. */
export function parseKeyLines(text: string, source: string): DataKey[] {
  const keys: DataKey[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source} line ${index + 1}`;
    const colon = line.indexOf(':');
    const id = colon < 0 ? '' : line.slice(0, colon).trim();
    if (!KEY_ID.test(id)) throw new ConfigError([`${where}: expected id:base64key, the id being 1-32 of A-Z a-z 0-9 _ -`]);
    keys.push({ id, key: keyAt(line.slice(colon + 1), where) });
  });
  if (keys.length === 0) throw new ConfigError([`${source}: no key in it`]);
  return keys;
}

export const envKeyring = (base64: string): Keyring => keyring([{ id: ENV_KEY_ID, key: keyAt(base64, 'DATA_KEY') }]);
