// `rekey [--batch 500]`: re-encrypts every column encrypted at rest under the current data key (the
// first line of DATA_KEYS_FILE), including values stored in clear before encryption. Safe while the
// gateway runs; run it again after an interruption. When a run reports nothing left and no failures,
// the older keys can be removed from the file.
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { openStore } from '../store/open-store.ts';
import type { CliOutput } from './access.ts';

export async function rekeyCommand(config: Config, args: string[], out: CliOutput = console): Promise<number> {
  let batch = 500;
  try {
    const { values } = parseArgs({ args, options: { batch: { type: 'string' } } });
    if (values.batch !== undefined) {
      batch = Number(values.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error('batch');
    }
  } catch {
    out.error('usage: rekey [--batch 1..10000]');
    return 2;
  }
  const fields = dataFields(config);
  const store = await openStore(config, fields);
  let failures = 0;
  let raced = 0;
  try {
    out.log(`re-encrypting under data key "${fields.currentKeyId}"`);
    for (const column of store.rekey.columns) {
      const done = await store.rekey.rekeyColumn(column, batch);
      failures += done.failed.length;
      raced += done.raced;
      out.log(`${column.table}.${column.column}: ${done.rewritten} re-encrypted, ${done.raced} changed meanwhile, ${done.failed.length} not decryptable`);
      // Row keys are ids (event, delivery, entry numbers), never personal data.
      for (const f of done.failed.slice(0, 20)) out.error(`  ${column.table} [${f.row.join(', ')}]: ${f.reason}`);
    }
  } finally {
    await store.close();
  }
  if (failures > 0) {
    out.error(`${failures} value(s) could not be decrypted: keep the keys they name (unknown_key) or investigate (not_authentic); do not remove old keys yet`);
    return 1;
  }
  out.log(raced > 0 ? 'done; values changed meanwhile: run rekey once more to confirm' : 'done: every value is under the current key; older keys may be removed');
  return 0;
}
