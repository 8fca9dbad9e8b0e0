// npm run bench — figures as ratios measured side by side in one run, since the machines are shared
// and noisy. Ingest: the gateway's POST /v1/events next to a bare Hono route under the same load
// (rounds interleaved). Signing: whole signed messages next to raw node:crypto signatures.
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/config.ts';
import type { RegistrationEvent } from '../../src/domain/event.ts';
import { createDmsV1Contract } from '../../src/mapping/dms-v1/contract.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { loadSigningKey } from '../../src/signing/keys.ts';
import { signEnvelope } from '../../src/signing/sign.ts';
import { runLoad, type LoadResult } from './load.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const API_KEY = 'rtg_bench_key_for_the_demo_register_0000';
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as RegistrationEvent;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-bench-'));
  try {
    console.log(`rtg-gateway bench: ${rounds} interleaved round(s) of ${seconds}s, ${connections} connections, node ${process.version}\n`);
    await ingest(root);
    console.log('');
    signing(path.join(root, 'certs'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function ingest(root: string): Promise<void> {
  const echo = await spawnServer([path.join(REPO, 'tests/bench/echo-server.ts')], {});
  const gateway = await spawnServer([path.join(REPO, 'src/main.ts'), 'serve'], {
    PORT: '0',
    MOCK_DMS_PORT: '0',
    DATA_DIR: path.join(root, 'data'),
    DEV_CERTS_DIR: path.join(root, 'certs'),
    DEMO_API_KEY: API_KEY,
    WORKER_ENABLED: 'false',
    LOG_LEVEL: 'info',
  });
  const run = (origin: string, tag: string) =>
    runLoad(
      origin,
      (i) => {
        const id = `BENCH-${tag}-${i}`;
        return {
          path: '/v1/events',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, 'idempotency-key': id },
          body: JSON.stringify({ ...example, eventId: id }),
        };
      },
      connections,
      seconds * 1000,
    );
  try {
    const results: { echo: LoadResult[]; gateway: LoadResult[] } = { echo: [], gateway: [] };
    for (let r = 0; r < rounds; r++) {
      results.echo.push(await run(echo.url, `e${r}`));
      results.gateway.push(await run(gateway.url, `g${r}`));
    }
    const e = median(results.echo.map((x) => x.perSecond));
    const g = median(results.gateway.map((x) => x.perSecond));
    const accepted = results.gateway.reduce((n, x) => n + (x.byStatus[202] ?? 0), 0);
    const all = results.gateway.reduce((n, x) => n + x.requests + x.errors, 0);
    console.log('ingest (POST /v1/events, validated, stored with fsync, 202)');
    console.log(`  bare Hono echo route   ${e.toFixed(0).padStart(7)} req/s`);
    console.log(`  gateway ingest         ${g.toFixed(0).padStart(7)} events/s   (${accepted} of ${all} answered 202)`);
    console.log(`  ratio gateway / echo   ${(g / e).toFixed(3)}`);
  } finally {
    stop(echo.child);
    stop(gateway.child);
  }
}

function signing(certsDir: string): void {
  const pki = ensureDevCertificates(certsDir);
  const contract = createDmsV1Contract(loadConfig({}).xroad);
  const { xml } = contract.buildRequest(example, { gatewayEventId: '019ab3c0-0000-7000-8000-000000000001', messageId: '019ab3c0-0000-7000-8000-000000000002', registerCode: '26376375' });
  console.log('signing (one mapped event, exclusive c14n, SHA-256 digest, signature)');
  for (const [algorithm, files] of [['rsa-sha256', pki.rsa], ['ecdsa-p256-sha256', pki.ecdsa]] as const) {
    const key = loadSigningKey({ ...files, algorithm });
    const raw = createPrivateKey(readFileSync(files.keyFile, 'utf8'));
    const digestInput = Buffer.from(xml);
    const ms = (seconds * 1000) / 2;
    const ratios: number[] = [];
    let lastSigned = 0;
    let lastRaw = 0;
    for (let r = 0; r < rounds; r++) {
      lastSigned = perSecond(ms, () => signEnvelope(xml, key));
      lastRaw = perSecond(ms, () => sign('sha256', digestInput, algorithm === 'rsa-sha256' ? raw : { key: raw, dsaEncoding: 'ieee-p1363' }));
      ratios.push(lastSigned / lastRaw);
    }
    console.log(`  ${algorithm.padEnd(18)} signed messages ${lastSigned.toFixed(0).padStart(6)}/s   raw node:crypto ${lastRaw.toFixed(0).padStart(6)}/s   ratio ${median(ratios).toFixed(3)}`);
  }
}

function perSecond(ms: number, work: () => unknown): number {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    work();
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function spawnServer(argv: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, argv, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code}`)));
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string; msg?: string };
        if (parsed.url && (parsed.msg === undefined || parsed.msg === 'rtg-gateway is listening')) resolve(parsed.url);
      } catch {
        // not a JSON line
      }
    });
  });
  return { child, url };
}

function stop(child: ChildProcess): void {
  child.kill('SIGTERM');
}

await main();
