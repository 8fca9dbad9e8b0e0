// The mock DMS and the gateway instances as separate OS processes (node src/main.ts …), so a gateway can be
// killed with SIGKILL like a crashed server and started again on the same port and data. Each
// process writes its JSON log lines straight into a file in the run's folder, also after a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { call, sleep } from './http.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(REPO, 'src/main.ts');

/** Node 24 runs the TypeScript sources; an older runner (the machine's node) hands over to the project's. */
export function nodeBinary(): string {
  return Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : path.join(REPO, 'node_modules/.bin/node');
}

/** Only what a child needs, so settings of the calling shell (DMS_URL, FEE_MISMATCH…) cannot leak in. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, HOST: '127.0.0.1', ...env };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One long-running child process: start, wait until it answers `readyPath`, kill or stop. */
export class ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly logFile: string;
  private readonly args: string[];
  private readonly env: Record<string, string>;
  private readonly readyPath: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;

  constructor(options: { name: string; port: number; args: string[]; env: Record<string, string>; logFile: string; readyPath: string }) {
    this.name = options.name;
    this.url = `http://127.0.0.1:${options.port}`;
    this.args = options.args;
    this.env = options.env;
    this.logFile = options.logFile;
    this.readyPath = options.readyPath;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    this.starts++;
    appendFileSync(this.logFile, `${JSON.stringify({ chaos: `start #${this.starts} of ${this.name}`, at: new Date().toISOString() })}\n`);
    const fd = openSync(this.logFile, 'a');
    const child = spawn(nodeBinary(), [MAIN, ...this.args], { cwd: REPO, env: childEnv(this.env), stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.child = child;
    let exitCode: number | null | undefined;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        exitCode = code ?? (signal ? -1 : null);
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitCode !== undefined) throw new Error(`${this.name} exited (${exitCode}) while starting; see ${this.logFile}`);
      const ok = await call(`${this.url}${this.readyPath}`, { timeoutMs: 2_000 }).then((a) => a.status === 200, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${this.name} did not become ready in ${timeoutMs} ms; see ${this.logFile}`);
      await sleep(100);
    }
  }

  /** SIGKILL: no shutdown code runs, as when the machine or the container dies. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    appendFileSync(this.logFile, `${JSON.stringify({ chaos: `SIGKILL ${this.name} (pid ${child.pid})`, at: new Date().toISOString() })}\n`);
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM for a clean shutdown, SIGKILL if it does not come within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Last resort when the harness itself fails: must not wait. */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }
}

export interface RunDirs {
  dataDir: string;
  certsDir: string;
  logsDir: string;
}

/** `callbackUrls`: every gateway instance's POST /xroad/dms, where the mock pushes outcomes and notices. */
export function mockDmsProcess(dirs: RunDirs, port: number, callbackUrls: string[] = []): ServiceProcess {
  return new ServiceProcess({
    name: 'mock-dms',
    port,
    args: ['mock-dms'],
    env: {
      MOCK_DMS_PORT: String(port),
      DEV_CERTS_DIR: dirs.certsDir,
      LOG_LEVEL: 'info',
      // Outcomes soon after the acknowledgement, so that a run waits for them briefly.
      MOCK_DMS_OUTCOME_DELAY_MS: '500',
      ...(callbackUrls.length > 0 ? { MOCK_DMS_CALLBACK_URL: callbackUrls.join(',') } : {}),
    },
    logFile: path.join(dirs.logsDir, 'mock-dms.log'),
    readyPath: '/__admin/health',
  });
}

/**
 * Gateway instances sharing one database: with SQLite only one (the file is local to the process),
 * with PostgreSQL (DATABASE_URL in `env`) several.
 */
export class GatewayFleet {
  readonly instances: ServiceProcess[];
  private turn = 0;

  constructor(dirs: RunDirs, ports: number[], env: Record<string, string>) {
    this.instances = ports.map(
      (port, i) =>
        new ServiceProcess({
          name: `gateway-${i + 1}`,
          port,
          args: ['serve'],
          // DMS's answers verified against the CA of the mock's answer key (made by the mock at its start).
          env: { DMS_CA_FILE: path.join(dirs.certsDir, 'dms', 'ca.pem'), ...env, PORT: String(port), DATA_DIR: dirs.dataDir, DEV_CERTS_DIR: dirs.certsDir },
          logFile: path.join(dirs.logsDir, `gateway-${i + 1}.log`),
          readyPath: '/healthz',
        }),
    );
  }

  /** The first alone (it migrates the schema and makes the demo operator), then the others together. */
  async startAll(): Promise<void> {
    const [first, ...others] = this.instances;
    await first?.start();
    await Promise.all(others.map((instance) => instance.start()));
  }

  /**
   * The next instance's URL, round robin, whether it is up or not: a client that finds it down
   * retries. `avoid` (the URL that just failed) is skipped when there is another instance, so a
   * retry goes elsewhere, as behind a load balancer that took a dead instance out.
   */
  nextUrl(avoid?: string): string {
    let instance = this.instances[this.turn++ % this.instances.length] as ServiceProcess;
    if (instance.url === avoid && this.instances.length > 1) instance = this.instances[this.turn++ % this.instances.length] as ServiceProcess;
    return instance.url;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop()));
  }

  killAllNow(): void {
    for (const instance of this.instances) instance.killNow();
  }
}

/** `node src/main.ts registers add` against the run's database (`storeEnv`: DATABASE_URL for PostgreSQL); returns the key it prints once. */
export async function addRegister(dirs: RunDirs, storeEnv: Record<string, string>, code: string, name: string, territory: readonly string[] = []): Promise<string> {
  const args = [MAIN, 'registers', 'add', '--code', code, '--name', name, ...(territory.length > 0 ? ['--territory', territory.join(',')] : [])];
  const child = spawn(nodeBinary(), args, {
    cwd: REPO,
    env: childEnv({ ...storeEnv, DATA_DIR: dirs.dataDir, DEV_CERTS_DIR: dirs.certsDir, LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const key = /\brtg_[A-Za-z0-9_-]{20,}/.exec(out)?.[0];
  if (exitCode !== 0 || !key) throw new Error(`registers add --code ${code} failed (exit ${exitCode})`);
  return key;
}
