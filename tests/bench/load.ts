// A small closed-loop HTTP load generator: `connections` clients, each sending its next request as
// soon as the previous answer arrives, for `durationMs` or until `maxRequests` have been sent.
// Counts answers by status.
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  byStatus: Record<number, number>;
  errors: number;
  seconds: number;
  perSecond: number;
}

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export async function runLoad(origin: string, next: (i: number) => LoadRequest, connections: number, durationMs: number, maxRequests = Infinity): Promise<LoadResult> {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const byStatus: Record<number, number> = {};
  let requests = 0;
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const until = started + durationMs;
  const client = async () => {
    while (performance.now() < until && counter < maxRequests) {
      const r = next(counter++);
      try {
        const res = await pool.request({ method: 'POST', path: r.path, headers: r.headers, body: r.body });
        await res.body.dump();
        byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
        requests++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests, byStatus, errors, seconds, perSecond: requests / seconds };
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; null elsewhere): the
 * CPU a server spends per request does not depend on how loaded the shared machine is.
 */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
