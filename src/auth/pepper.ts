// The pepper of key and token hashes lives outside the database: SECRET_PEPPER, or the file
// SECRET_PEPPER_FILE, or (development, neither set) a random one made at first start in a 0600 file
// beside the development certificates. Losing it invalidates every key and token.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { ConfigError } from '../config/config.ts';

export const DEV_PEPPER_FILE = 'secret-pepper';

export function loadPepper(config: Pick<Config, 'secretPepper' | 'signing'>): string {
  const { value, file } = config.secretPepper;
  if (value) return value;
  if (file) {
    const read = readFileSync(file, 'utf8').trim();
    if (read.length < 16) throw new ConfigError([`SECRET_PEPPER_FILE: ${file} holds fewer than 16 characters`]);
    return read;
  }
  const devFile = path.join(config.signing.devCertsDir, DEV_PEPPER_FILE);
  if (!existsSync(devFile)) {
    mkdirSync(config.signing.devCertsDir, { recursive: true, mode: 0o700 });
    // 'wx': two instances starting together do not overwrite each other's pepper.
    try {
      writeFileSync(devFile, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(devFile, 0o600);
  return readFileSync(devFile, 'utf8').trim();
}
