// The fsync of a group commit, off the event loop. SQLite commits the batch with synchronous=NORMAL
// (the WAL frames are written, not yet flushed); this then flushes the WAL file with fdatasync on
// libuv's thread pool, and only after that are the batch's callers answered. That is the flush
// synchronous=FULL would have made inside COMMIT, on the event loop, while no request could be
// read. Commits made while a flush runs wait for the next one, which covers them all (the WAL is
// appended in commit order, so a flush after a commit covers every commit before it).
// A failed flush fails every later one too: after an fsync error the page cache may have dropped
// the data, so nothing may be answered as durable any more (the process must be restarted).
import { open, type FileHandle } from 'node:fs/promises';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export function walSync(walFile: string): WalSync {
  let handle: Promise<FileHandle> | null = null;
  let running: Promise<void> | null = null;
  let waiting: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  let failed: unknown = null;

  const flush = async (): Promise<void> => {
    const batch = waiting;
    waiting = [];
    try {
      if (failed === null) await (await (handle ??= open(walFile, 'r'))).datasync();
    } catch (err) {
      failed = err;
    }
    for (const w of batch) {
      if (failed === null) w.resolve();
      else w.reject(failed);
    }
  };
  const next = (): void => {
    running = flush().finally(() => {
      running = null;
      if (waiting.length > 0) next();
    });
  };
  return {
    flushed: () =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (running === null) next();
      }),
    async close() {
      while (running !== null) await running;
      if (handle) await handle.then((h) => h.close()).catch(() => undefined);
      handle = null;
    },
  };
}

/**
 * One flush sequence per WAL file in this process: two connections to one file (tests of two
 * instances) share it as they share the queue, so callers are answered in the order their batches
 * committed. The file is closed with its last user.
 */
const shared = new Map<string, { sync: WalSync; users: number }>();

export function sharedWalSync(walFile: string): WalSync {
  let entry = shared.get(walFile);
  if (!entry) shared.set(walFile, (entry = { sync: walSync(walFile), users: 0 }));
  entry.users++;
  const mine = entry;
  let closed = false;
  return {
    flushed: () => mine.sync.flushed(),
    async close() {
      if (closed) return;
      closed = true;
      if (--mine.users > 0) return;
      if (shared.get(walFile) === mine) shared.delete(walFile);
      await mine.sync.close();
    },
  };
}
