// A throwaway PostgreSQL server for the tests, so `npm test` needs no PostgreSQL on the machine: used
// when TEST_DATABASE_URL names no server. It runs in a child process (postgres-process.ts) on a free
// loopback port, with its data in a temporary folder that goes when it stops; the child also stops it
// when this process dies, since its standard input closes then.
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-process.ts');

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the throwaway PostgreSQL process exited (${code}) before it was ready`)));
  });
  const answer = JSON.parse(first) as { url?: string; error?: string };
  if (!answer.url) throw new Error(`could not start a throwaway PostgreSQL: ${answer.error ?? first}`);
  // Not kept alive for its own sake: a script that is done may exit, which stops the server too.
  child.unref();
  (child.stdin as Socket).unref();
  child.stdout.destroy();
  return {
    url: answer.url,
    stop: async () => {
      child.ref();
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * For scripts outside vitest (bench, chaos): TEST_DATABASE_URL when set, else a throwaway server
 * whose URL is put into TEST_DATABASE_URL; it stops when the script's process ends.
 */
export async function useTestPostgres(): Promise<string> {
  if (!process.env.TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = (await startThrowawayPostgres()).url;
  return process.env.TEST_DATABASE_URL;
}
