// LISTEN/NOTIFY: when one instance makes a delivery due now (an accepted event, an operator's retry,
// retries brought forward), the idle workers of the other instances wake at once instead of at
// their next poll. Best effort on both sides: a lost notice costs at most WORKER_POLL.
import type pg from 'pg';

const CHANNEL = 'rtg_delivery_due';
// A wake-up call need not wait for the disk: the state it points at is already committed.
const NOTIFY = `BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_notify('${CHANNEL}', ''); COMMIT`;
const RECONNECT_MS = 1000;

/** Sends the notice; calls made while one is on its way are folded into one more after it. */
export class DueNotifier {
  readonly #pool: pg.Pool;
  #sending = false;
  #again = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  notify(): void {
    if (this.#sending) {
      this.#again = true;
      return;
    }
    this.#sending = true;
    this.#pool
      .query(NOTIFY)
      .catch(() => undefined)
      .finally(() => {
        this.#sending = false;
        if (this.#again) {
          this.#again = false;
          this.notify();
        }
      });
  }
}

/** Holds one connection that LISTENs while anyone is listening, and reconnects when it drops. */
export class DueListener {
  readonly #connect: () => pg.Client;
  readonly #listeners = new Set<() => void>();
  #client: pg.Client | null = null;
  #retry: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(connect: () => pg.Client) {
    this.#connect = connect;
  }

  add(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#client && !this.#retry) void this.#open();
    return () => this.#listeners.delete(listener);
  }

  #wake(): void {
    for (const listener of this.#listeners) listener();
  }

  async #open(): Promise<void> {
    if (this.#closed) return;
    const client = this.#connect();
    this.#client = client;
    client.on('notification', () => this.#wake());
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      // Notices sent while we were not listening are gone: look for due work once.
      this.#wake();
    } catch {
      this.#lost(client);
    }
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => undefined);
    if (this.#closed || this.#listeners.size === 0) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#open();
    }, RECONNECT_MS);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
