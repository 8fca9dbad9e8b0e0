// Servers for the bench as child processes: started, ready once they log the URL they listen on,
// stopped and waited for (a store is handed from one process to the next).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const REPO = path.resolve(import.meta.dirname, '../..');
const READY = new Set(['rtg-gateway is listening', 'mock DMS is listening']);

export interface Server {
  child: ChildProcess;
  url: string;
}

export async function spawnServer(argv: string[], env: Record<string, string>): Promise<Server> {
  // BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there when it stops (read it to see what bounds a figure).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, ...argv], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code}`)));
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string; msg?: string };
        if (parsed.url && (parsed.msg === undefined || READY.has(parsed.msg))) resolve(parsed.url);
      } catch {
        // not a JSON line
      }
    });
  });
  return { child, url };
}

/**
 * CPU time (user + system) a server process has used so far, in milliseconds: on a shared, loaded
 * machine a steadier figure than wall time (Linux /proc; NaN elsewhere).
 */
export function cpuMs(server: Server): number {
  try {
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 per second)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  await gone;
}
