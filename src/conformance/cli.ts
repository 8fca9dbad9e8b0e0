// The conformance kit's command line, for vendors and CI:
//   node src/conformance/cli.ts --gateway URL --key KEY --mock MOCK_URL [--register CODE] [--katottg CODE] [--outcome-timeout 30] [--junit PATH] [--html PATH]
//   node src/conformance/cli.ts --events DIR [--fee-mismatch reject] [--junit PATH] [--html PATH]
// Prints a progress bar on a TTY, then "N passed, N failed" alone on a line; exits 1 on any failure.
// A test key (rtg_test_…) runs against the sandbox: --mock is then the gateway's sandbox mock DMS.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkEventFiles } from './offline.ts';
import { htmlReport } from './report/html.ts';
import { junitXml } from './report/junit.ts';
import { progressBar, summaryLine } from './report/summary.ts';
import { isTestKey } from './kit.ts';
import { runConformance } from './run.ts';
import type { Result } from './scenario.ts';

const USAGE = `Usage:
  npm run conformance -- --gateway URL --key KEY --mock MOCK_URL [--register CODE] [--katottg CODE]
                         [--mock-token TOKEN] [--timeout 60] [--outcome-timeout 30] [--junit PATH] [--html PATH]
    KEY: a test key (rtg_test_…) runs against the sandbox; MOCK_URL is then the gateway's sandbox mock
    (SANDBOX_MOCK_DMS_PORT). --katottg: an address your register serves (for the notices scenarios).
  npm run conformance -- --events DIR [--fee-mismatch warn|reject] [--junit PATH] [--html PATH]`;

export interface CliIo {
  out: (line: string) => void;
  err: (text: string) => void;
  tty: boolean;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
};

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

/** Runs the kit as the command line asks; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        gateway: { type: 'string' },
        key: { type: 'string' },
        mock: { type: 'string' },
        register: { type: 'string' },
        timeout: { type: 'string', default: '60' },
        'outcome-timeout': { type: 'string', default: '30' },
        katottg: { type: 'string' },
        'mock-token': { type: 'string' },
        events: { type: 'string' },
        'fee-mismatch': { type: 'string', default: 'warn' },
        junit: { type: 'string' },
        html: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const startedAt = new Date();
  let results: Result[];
  let target: string;
  let mode: string | undefined;
  if (values.events) {
    const fee = values['fee-mismatch'];
    if (fee !== 'warn' && fee !== 'reject') {
      io.err(`--fee-mismatch is warn or reject\n${USAGE}\n`);
      return 2;
    }
    target = `events in ${values.events} (offline, the gateway's own validation)`;
    results = checkEventFiles(values.events, { feeMismatch: fee });
  } else {
    if (!values.gateway || !values.key || !values.mock) {
      io.err(`--gateway, --key and --mock are required (or --events DIR)\n${USAGE}\n`);
      return 2;
    }
    const timeoutMs = Number.parseFloat(values.timeout) * 1000;
    if (!(timeoutMs > 0)) {
      io.err(`--timeout is a number of seconds\n${USAGE}\n`);
      return 2;
    }
    const outcomeTimeoutMs = Number.parseFloat(values['outcome-timeout']) * 1000;
    if (!(outcomeTimeoutMs > 0)) {
      io.err(`--outcome-timeout is a number of seconds\n${USAGE}\n`);
      return 2;
    }
    if (values.katottg !== undefined && !/^UA\d{17}$/.test(values.katottg)) {
      io.err(`--katottg is a КАТОТТГ code: UA and 17 digits\n${USAGE}\n`);
      return 2;
    }
    target = `gateway ${values.gateway}, mock DMS ${values.mock}`;
    mode = isTestKey(values.key)
      ? 'sandbox (a test key, rtg_test_…: the events went to the gateway’s sandbox mock DMS, never to DMS)'
      : 'live (a live key: the events went to the gateway’s DMS destination — run with a test key to stay in the sandbox)';
    io.out(`Mode: ${mode}`);
    let failed = 0;
    results = await runConformance({
      gateway: values.gateway,
      key: values.key,
      mock: values.mock,
      timeoutMs,
      outcomeTimeoutMs,
      ...(values.katottg ? { katottg: values.katottg } : {}),
      ...(values['mock-token'] ? { mockToken: values['mock-token'] } : {}),
      ...(values.register ? { register: values.register } : {}),
      onProgress: (done, total, last) => {
        if (!last.passed) failed += 1;
        if (io.tty) io.err(progressBar(done, total, failed) + (done === total ? '\n' : ''));
      },
    });
  }
  for (const r of results.filter((x) => !x.passed)) io.out(`FAIL ${r.name}: ${r.why}`);
  for (const r of results.filter((x) => x.skipped)) io.out(`SKIP ${r.name}: ${r.why}`);
  const waits = results.flatMap((r) => r.notes ?? []).filter((n) => n.startsWith('429')).length;
  const notes = waits ? [`The gateway answered 429 RATE_LIMITED ${waits} time(s); the kit waited each Retry-After and sent the request again (see the scenarios' notes).`] : [];
  for (const n of notes) io.out(n);
  if (values.junit) write(values.junit, junitXml(results));
  if (values.html) write(values.html, htmlReport(results, { title: 'rtg-gateway conformance report', target, startedAt, ...(mode ? { mode } : {}), notes }));
  io.out(summaryLine(results));
  return results.some((r) => !r.passed) || results.length === 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
