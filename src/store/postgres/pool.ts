// The connection pool, and single connections (LISTEN). BIGINT (int8) columns come back as numbers: they hold milliseconds since the
// epoch, counts and sequence numbers, all far below 2^53, and the Store's types are numbers.
import pg from 'pg';

const INT8 = 20;

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Every commit waits for its WAL flush (synchronous_commit=on), whatever the server's default, so
 * an event is durable before its 202. Set at connection start, beside any options the URL carries.
 */
function withDurableCommits(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', `${options ? `${options} ` : ''}-c synchronous_commit=on`);
  return url.toString();
}

export function createPool(databaseUrl: string, size: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: withDurableCommits(databaseUrl), max: size, types, application_name: 'rtg-gateway' });
  // An idle client that loses its connection (server restart, failover) must not crash the process:
  // the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** One connection outside the pool, configured like the pool's. */
export function createClient(databaseUrl: string): pg.Client {
  return new pg.Client({ connectionString: withDurableCommits(databaseUrl), types, application_name: 'rtg-gateway' });
}
