// Gateway and mock DMS processes for end-to-end runs: `node src/main.ts <command>` with its own
// environment, ready once it logs the URL it listens on. Output is drained (a full pipe would stall
// the process) and its tail kept for the failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const REPO = path.resolve(import.meta.dirname, '../..');
const READY = new Set(['rtg-gateway is listening', 'mock DMS is listening']);

export interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  /** The last lines it printed. */
  tail: string[];
  alive: boolean;
}

export async function startInstance(name: string, command: 'serve' | 'mock-dms', env: Record<string, string>, timeoutMs = 30_000): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(REPO, 'src/main.ts'), command], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const instance: Instance = { name, url: '', child, tail, alive: true };
  child.once('exit', () => {
    instance.alive = false;
  });
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', remember);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  instance.url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // not left running when the test gives up on it
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${tail.join('\n')}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it listened:\n${tail.join('\n')}`));
    });
    lines.on('line', (line) => {
      remember(line);
      try {
        const parsed = JSON.parse(line) as { url?: string; msg?: string };
        if (parsed.url && parsed.msg && READY.has(parsed.msg)) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return instance;
}

/** Stops it and waits until it is gone. */
export async function stopInstance(instance: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!instance.alive) return;
  const gone = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.kill(signal);
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}
