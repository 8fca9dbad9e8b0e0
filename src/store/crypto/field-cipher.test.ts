// Field encryption: what a ciphertext carries, and every way it must refuse to decrypt — with an
// error that says why, never a wrong plaintext.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { dataFields, loadDataKeys } from './data-keys.ts';
import { ENCRYPTED } from './encrypted-columns.ts';
import { clearTextFields, DataDecryptError, fieldCipher } from './field-cipher.ts';
import { keyring, parseKeyLines } from './keyring.ts';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };
const PAYLOAD = '{"person":{"unzr":"19880315-04171","lastName":"Коваленко"}}';
const col = ENCRYPTED.eventPayload;

const failure = (f: () => unknown): DataDecryptError => {
  try {
    f();
  } catch (err) {
    if (err instanceof DataDecryptError) return err;
    throw err;
  }
  throw new Error('it decrypted');
};

describe('a sealed field', () => {
  const fields = fieldCipher(keyring([keyA]));

  it('carries its key id and a fresh IV, and hides the plaintext', () => {
    const one = fields.seal(col, ['evt-1'], PAYLOAD);
    const two = fields.seal(col, ['evt-1'], PAYLOAD);
    expect(one).toMatch(/^enc1:a:[A-Za-z0-9+/]+=*$/);
    expect(one).not.toBe(two);
    expect(Buffer.from(one.slice('enc1:a:'.length), 'base64').subarray(0, 12)).not.toEqual(Buffer.from(two.slice('enc1:a:'.length), 'base64').subarray(0, 12));
    expect(one).not.toContain('19880315');
    expect(fields.open(col, ['evt-1'], one)).toBe(PAYLOAD);
    expect(fields.keyIdOf(one)).toBe('a');
  });

  it('never gives two ciphertexts the same IV, across refills of the IV pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const sealed = fields.seal(col, [`evt-${i}`], PAYLOAD);
      ivs.add(Buffer.from(sealed.slice('enc1:a:'.length), 'base64').subarray(0, 12).toString('hex'));
      expect(fields.open(col, [`evt-${i}`], sealed)).toBe(PAYLOAD);
    }
    expect(ivs.size).toBe(1000);
  });

  it('keeps null as null and reads a value stored before encryption as it is', () => {
    expect(fields.seal(col, ['evt-1'], null)).toBeNull();
    expect(fields.open(col, ['evt-1'], null)).toBeNull();
    expect(fields.open(col, ['evt-1'], PAYLOAD)).toBe(PAYLOAD);
    expect(fields.keyIdOf(PAYLOAD)).toBeNull();
  });

  it('does not decrypt in another row or another column', () => {
    const sealed = fields.seal(col, ['evt-1'], PAYLOAD);
    expect(failure(() => fields.open(col, ['evt-2'], sealed))).toMatchObject({ reason: 'not_authentic', keyId: 'a' });
    expect(failure(() => fields.open(ENCRYPTED.requestXml, ['evt-1'], sealed)).reason).toBe('not_authentic');
    const attempt = fields.seal(ENCRYPTED.attemptDetail, ['d-1', 2], 'reason');
    expect(failure(() => fields.open(ENCRYPTED.attemptDetail, ['d-1', 3], attempt)).reason).toBe('not_authentic');
    expect(fields.open(ENCRYPTED.attemptDetail, ['d-1', '2'], attempt)).toBe('reason');
  });

  it('fails clearly under a wrong key with the same id, an unknown key, an altered value or no keys', () => {
    const sealed = fields.seal(col, ['evt-1'], PAYLOAD);
    const wrong = fieldCipher(keyring([{ id: 'a', key: randomBytes(32) }]));
    const err = failure(() => wrong.open(col, ['evt-1'], sealed));
    expect(err.reason).toBe('not_authentic');
    expect(err.message).toBe('cannot decrypt events.payload: data key "a" does not authenticate it: a wrong key under that id, or the value was altered or moved from another row');
    expect(err.message).not.toContain('Коваленко');
    expect(failure(() => fieldCipher(keyring([keyB])).open(col, ['evt-1'], sealed))).toMatchObject({ reason: 'unknown_key', keyId: 'a' });
    const flipped = sealed.slice(0, -6) + (sealed.at(-6) === 'A' ? 'B' : 'A') + sealed.slice(-5);
    expect(failure(() => fields.open(col, ['evt-1'], flipped)).reason).toBe('not_authentic');
    expect(failure(() => fields.open(col, ['evt-1'], 'enc1:a:AAAA')).reason).toBe('malformed');
    expect(failure(() => clearTextFields.open(col, ['evt-1'], sealed)).reason).toBe('no_keys');
  });

  it('is encrypted with the first key and read with any key of the ring (rotation)', () => {
    const old = fields.seal(col, ['evt-1'], PAYLOAD);
    const rotated = fieldCipher(keyring([keyB, keyA]));
    expect(rotated.open(col, ['evt-1'], old)).toBe(PAYLOAD);
    expect(rotated.keyIdOf(rotated.seal(col, ['evt-1'], PAYLOAD))).toBe('b');
    expect(rotated.currentKeyId).toBe('b');
  });
});

describe('data keys', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtg-data-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const b64 = (k: Buffer) => k.toString('base64');

  it('reads id:base64key lines, the first encrypting, and names a bad line', () => {
    const keys = parseKeyLines(`# rotated 2026-11\nnew:${b64(keyB.key)}\n\nold:${b64(keyA.key)}\n`, 'keys');
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keyring(keys).current.id).toBe('new');
    expect(() => parseKeyLines(`new:${b64(randomBytes(16))}`, 'keys')).toThrow(/keys line 1: the key is 16 bytes, AES-256 needs 32/);
    expect(() => parseKeyLines(`no key id here`, 'keys')).toThrow(/keys line 1: expected id:base64key/);
    expect(() => keyring(parseKeyLines(`a:${b64(keyA.key)}\na:${b64(keyB.key)}`, 'keys'))).toThrow(/"a" is given twice/);
    expect(() => parseKeyLines('# nothing\n', 'keys')).toThrow(ConfigError);
  });

  it('takes DATA_KEYS_FILE or DATA_KEY from the configuration, checked at start', () => {
    const file = path.join(dir, 'keys');
    writeFileSync(file, `k2:${b64(keyB.key)}\nk1:${b64(keyA.key)}\n`, { mode: 0o600 });
    expect(loadDataKeys(loadConfig({ DATA_KEYS_FILE: file, DEV_CERTS_DIR: dir })).ids).toEqual(['k2', 'k1']);
    expect(loadDataKeys(loadConfig({ DATA_KEY: b64(keyA.key), DEV_CERTS_DIR: dir })).current).toEqual({ id: 'default', key: keyA.key });
    expect(() => loadConfig({ DATA_KEY: 'c2hvcnQ=' })).toThrow(/DATA_KEY: the key is 5 bytes/);
    expect(() => loadConfig({ DATA_KEY: b64(keyA.key), DATA_KEYS_FILE: file })).toThrow(/set one of them, not both/);
  });

  it('refuses a production start (a real signing key) without a data key', () => {
    const production = { SIGNING_KEY_FILE: 'signer.pem', SIGNING_CERT_FILE: 'signer.crt' };
    expect(() => loadConfig(production)).toThrow(/DATA_KEYS_FILE \(or DATA_KEY\) is required with SIGNING_KEY_FILE/);
    expect(loadConfig({ ...production, DATA_KEY: b64(keyA.key) }).dataKeys.value).toBe(b64(keyA.key));
  });

  it('makes a development key once, in a 0600 file, with its own id', () => {
    const certs = path.join(dir, 'certs');
    const config = loadConfig({ DEV_CERTS_DIR: certs });
    const first = loadDataKeys(config);
    expect(first.current.id).toMatch(/^dev-[0-9a-f]{8}$/);
    expect(statSync(path.join(certs, 'data-keys')).mode & 0o777).toBe(0o600);
    expect(loadDataKeys(config).current).toEqual(first.current);
    expect(readFileSync(path.join(certs, 'data-keys'), 'utf8')).toMatch(/^dev-[0-9a-f]{8}:[A-Za-z0-9+/]{43}=\n$/);
    expect(dataFields(config).currentKeyId).toBe(first.current.id);
  });
});
