// A small closed-loop HTTP load generator: `connections` clients, each sending its next request as
// soon as the previous answer arrives, for `durationMs` or until `maxRequests` have been sent.
// Counts answers by status.
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
