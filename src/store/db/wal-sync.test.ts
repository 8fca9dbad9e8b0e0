import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedWalSync, walSync } from './wal-sync.ts';

describe('the WAL flush after a group commit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtg-wal-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every caller, those who came while a flush ran by the next one', async () => {
    const file = path.join(dir, 'x-wal');
    writeFileSync(file, 'frames');
    const wal = walSync(file);
    await expect(Promise.all(Array.from({ length: 5 }, () => wal.flushed()))).resolves.toHaveLength(5);
    await wal.close();
  });

  it('fails every later flush once one failed: nothing may be answered as durable after an fsync error', async () => {
    const wal = walSync(path.join(dir, 'missing-wal'));
    await expect(wal.flushed()).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(path.join(dir, 'missing-wal'), 'frames');
    await expect(wal.flushed()).rejects.toMatchObject({ code: 'ENOENT' });
    await wal.close();
  });

  it('answers two connections to one file in the order they asked, and keeps the file open for the last one', async () => {
    const file = path.join(dir, 'shared-wal');
    writeFileSync(file, 'frames');
    const [a, b] = [sharedWalSync(file), sharedWalSync(file)];
    const answered: string[] = [];
    await Promise.all([a.flushed().then(() => answered.push('a1')), b.flushed().then(() => answered.push('b1')), a.flushed().then(() => answered.push('a2'))]);
    expect(answered).toEqual(['a1', 'b1', 'a2']);
    await a.close();
    await expect(b.flushed()).resolves.toBeUndefined();
    await b.close();
  });
});
