// Where the data keys come from, outside the database: DATA_KEYS_FILE (one `id:base64key` a line,
// the first encrypts), or DATA_KEY (one key, id "default"), or, in development (neither set and no
// production signing key), a random key made at first start in a 0600 file beside the development
// certificates, as the pepper is. Losing the keys loses the personal data stored under them.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.ts';
import { fieldCipher, type FieldCipher } from './field-cipher.ts';
import { envKeyring, keyring, parseKeyLines, type Keyring } from './keyring.ts';

export const DEV_DATA_KEYS_FILE = 'data-keys';

export function loadDataKeys(config: Pick<Config, 'dataKeys' | 'signing'>): Keyring {
  const { value, file } = config.dataKeys;
  if (file) return keyring(parseKeyLines(readFileSync(file, 'utf8'), `DATA_KEYS_FILE ${file}`));
  if (value) return envKeyring(value);
  const devFile = path.join(config.signing.devCertsDir, DEV_DATA_KEYS_FILE);
  if (!existsSync(devFile)) {
    mkdirSync(config.signing.devCertsDir, { recursive: true, mode: 0o700 });
    // 'wx': two instances starting together do not overwrite each other's key.
    try {
      writeFileSync(devFile, `dev-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(devFile, 0o600);
  return keyring(parseKeyLines(readFileSync(devFile, 'utf8'), devFile));
}

/** The field cipher of the configured data keys: what the gateway and its commands open the store with. */
export const dataFields = (config: Pick<Config, 'dataKeys' | 'signing'>): FieldCipher => fieldCipher(loadDataKeys(config));
