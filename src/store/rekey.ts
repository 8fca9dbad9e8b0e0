// Re-encryption of the columns encrypted at rest under the current data key, after a new key was put
// first in DATA_KEYS_FILE: values under an older key, and values stored in clear before encryption.
// In batches along each table's key, each batch one transaction; each value is replaced only if it
// is still the one read (compare-and-set), so it is safe while gateways run, and a run that stopped
// is resumed by running it again (values already under the current key are not even read).
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from './crypto/encrypted-columns.ts';
import { DataDecryptError, type FieldCipher } from './crypto/field-cipher.ts';
import type { Database, Row } from './db/database.ts';

export interface RekeyProgress {
  column: EncryptedColumn;
  /** Values re-encrypted under the current key. */
  rewritten: number;
  /** Values changed by someone else between the read and the write (written under the current key by a gateway; a rerun checks). */
  raced: number;
  /** Values that do not decrypt (a key missing from the keyring, or an altered value): left as they are. */
  failed: Array<{ row: string[]; reason: string }>;
}

const marker = (keyId: string): string => `enc1:${keyId}:`;

const orderOf = (c: EncryptedColumn): readonly string[] => c.order ?? c.key;

/** Rows of `c` not yet under the current key, after the row `after` in page order. Names come from encrypted-columns.ts, never from input. */
function pendingSql(c: EncryptedColumn, after: boolean): string {
  const order = orderOf(c).join(', ');
  const columns = [...new Set([...orderOf(c), ...c.key])].join(', ');
  const afterClause = after ? `AND (${order}) > (${orderOf(c).map((_, i) => `:k${i}`).join(', ')})` : '';
  return `
  SELECT ${columns}, ${c.column} AS value FROM ${c.table}
   WHERE ${c.column} IS NOT NULL AND substr(${c.column}, 1, :markerLength) <> :marker ${afterClause}
   ORDER BY ${order}
   LIMIT :limit`;
}

const replaceSql = (c: EncryptedColumn): string =>
  `UPDATE ${c.table} SET ${c.column} = :sealed WHERE ${orderOf(c).map((k, i) => `${k} = :k${i}`).join(' AND ')} AND ${c.column} = :old`;

const keyParams = (values: readonly unknown[]): Record<string, unknown> => Object.fromEntries(values.map((v, i) => [`k${i}`, v]));

export function createRekey(db: Database, fields: FieldCipher) {
  return {
    /** Re-encrypts one column entirely, `batchSize` rows per transaction; `onBatch` sees the running totals. */
    async rekeyColumn(column: EncryptedColumn, batchSize: number, onBatch: (p: RekeyProgress) => void = () => undefined): Promise<RekeyProgress> {
      const current = fields.currentKeyId;
      if (current === null) throw new Error('rekey needs data keys (DATA_KEYS_FILE or DATA_KEY)');
      const progress: RekeyProgress = { column, rewritten: 0, raced: 0, failed: [] };
      const target = { marker: marker(current), markerLength: marker(current).length };
      let after: unknown[] | null = null;
      for (;;) {
        const page: Row[] = await db.transaction(async (tx) => {
          const rows = await tx.all(pendingSql(column, after !== null), { ...target, ...keyParams(after ?? []), limit: batchSize });
          for (const row of rows) {
            const at = orderOf(column).map((k) => row[k]);
            const rowKey = column.key.map((k) => String(row[k]));
            let plaintext: string | null;
            try {
              plaintext = fields.open(column, rowKey, row.value);
            } catch (err) {
              if (!(err instanceof DataDecryptError)) throw err;
              progress.failed.push({ row: rowKey, reason: err.reason });
              continue;
            }
            const changed = await tx.run(replaceSql(column), { ...keyParams(at), old: row.value, sealed: fields.seal(column, rowKey, plaintext) });
            if (changed === 1) progress.rewritten++;
            else progress.raced++;
          }
          return rows;
        });
        const last = page[page.length - 1];
        if (last) after = orderOf(column).map((k) => last[k]);
        onBatch(progress);
        if (page.length < batchSize) return progress;
      }
    },
    columns: ENCRYPTED_COLUMNS,
  };
}

export type Rekey = ReturnType<typeof createRekey>;
