// `rekey` as an operator runs it: a new key put first in DATA_KEYS_FILE, the command run, the old key
// removed — and the data still there. Also what it says when a value does not decrypt.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { openStore } from '../store/open-store.ts';
import { rekeyCommand } from './rekey.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rtg-rekey-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A store of its own for each test (they run in any order). */
function installation() {
  const dir = path.join(root, String(++n));
  const keysFile = path.join(root, `data-keys-${n}`);
  return { keysFile, config: loadConfig({ DATA_DIR: path.join(dir, 'data'), DEV_CERTS_DIR: path.join(dir, 'certs'), DATA_KEYS_FILE: keysFile, LOG_LEVEL: 'silent' }) };
}
const line = (id: string) => `${id}:${randomBytes(32).toString('base64')}\n`;
const OLD = line('old');
const NEW = line('new');

function output() {
  const lines: string[] = [];
  return { lines, out: { log: (t: string) => lines.push(t), error: (t: string) => lines.push(`! ${t}`) } };
}

it('re-encrypts everything under the new first key, after which the old key can go', async () => {
  const { keysFile, config } = installation();
  writeFileSync(keysFile, OLD, { mode: 0o600 });
  let store = await openStore(config, dataFields(config));
  const secret = await store.access.getOrCreateSecret('person_key_secret', () => 'secret-made-under-the-old-key');
  await store.close();

  writeFileSync(keysFile, NEW + OLD);
  const first = output();
  expect(await rekeyCommand(config, ['--batch', '1'], first.out)).toBe(0);
  expect(first.lines).toContain('re-encrypting under data key "new"');
  expect(first.lines).toContain('settings.value: 1 re-encrypted, 0 changed meanwhile, 0 not decryptable');
  expect(first.lines.at(-1)).toBe('done: every value is under the current key; older keys may be removed');
  const again = output();
  expect(await rekeyCommand(config, [], again.out)).toBe(0);
  expect(again.lines).toContain('settings.value: 0 re-encrypted, 0 changed meanwhile, 0 not decryptable');

  writeFileSync(keysFile, NEW);
  store = await openStore(config, dataFields(config));
  expect(await store.access.getOrCreateSecret('person_key_secret', () => 'another')).toBe(secret);
  await store.close();
});

it('stops short of "done" when a value is under a key the file no longer has, naming the row and why', async () => {
  const { keysFile, config } = installation();
  writeFileSync(keysFile, line('lost') + NEW);
  const store = await openStore(config, dataFields(config));
  await store.access.getOrCreateSecret('person_key_secret', () => 'made-under-a-key-then-lost');
  await store.close();
  writeFileSync(keysFile, line('newer') + NEW);
  const run = output();
  expect(await rekeyCommand(config, [], run.out)).toBe(1);
  expect(run.lines).toContain('!   settings [person_key_secret]: unknown_key');
  expect(run.lines.at(-1)).toMatch(/^! 1 value\(s\) could not be decrypted/);
  expect(await rekeyCommand(config, ['--batch', 'many'], output().out)).toBe(2);
});
