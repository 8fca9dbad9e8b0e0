// A connection checked out of the pool for one piece of work. One lost meanwhile (a server
// restarting) is reported by pg as an 'error' event on the client as well as by the query under way:
// heard here, not an uncaught exception. A connection lost, or that the work calls broken (it may
// still hold a lock, or could not roll back), is closed rather than handed out again.
import type pg from 'pg';

export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient, broken: () => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let isBroken = false;
  const broken = (): void => {
    isBroken = true;
  };
  client.on('error', broken);
  try {
    return await work(client, broken);
  } finally {
    // Released first: an error the closing connection reports is still heard.
    client.release(isBroken);
    client.off('error', broken);
  }
}
