// node tests/mutation/confirm-survivors.ts [--only <path part>] [--report <mutation.json>] — re-tests
// each mutant that Stryker's last report says survived (or had no test), by hand: the mutant is
// written into its source file, and the test files Stryker counted as covering it run whole (for a
// mutant without coverage: the test files beside the source; for a static one, every test file that
// imports the source), then the file is put back.
//
// Why: Stryker's per-test coverage runs only the tests that reached a mutant, in a process that keeps
// module state between mutants. Code behind a memo (a WeakMap of verified signers, of key fits) or a
// module constant is reached by the first test only, with a value computed before the mutant was
// switched on; such mutants are reported as survived although the suite kills them. This tells the
// two apart. It edits sources in place (restored after each mutant, and on Ctrl-C): run it in a
// checkout with no uncommitted changes to those files. It ends with one line:
// `confirm: checked=N killed=N survived=N timeout=N error=N`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const REPO = path.resolve(import.meta.dirname, '../..');

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: Position; end: Position };
  coveredBy?: string[];
  /** Reached while modules load or in beforeAll hooks too: tests outside coveredBy may depend on it. */
  static?: boolean;
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
  testFiles?: Record<string, { tests: Array<{ id: string }> }>;
}

/** Stryker's positions: lines from 1, columns from 1. */
export function offsetOf(source: string, at: Position): number {
  let offset = 0;
  for (let line = 1; line < at.line; line++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) throw new Error(`line ${at.line} is past the end of the file`);
    offset = next + 1;
  }
  return offset + at.column - 1;
}

export function applyMutant(source: string, m: Mutant): string {
  return source.slice(0, offsetOf(source, m.location.start)) + (m.replacement ?? '') + source.slice(offsetOf(source, m.location.end));
}

/** Each test id of the report → the test file that holds it. */
function testFileById(report: Report): Map<string, string> {
  const byTest = new Map<string, string>();
  for (const [file, t] of Object.entries(report.testFiles ?? {})) for (const test of t.tests) byTest.set(test.id, file);
  return byTest;
}

/** Test files, or for a static mutant `related <source>`: every test file that imports it. */
function testFilesOf(byTest: ReadonlyMap<string, string>, sourceFile: string, m: Mutant): string[] {
  if (m.static) return ['--related', sourceFile];
  const covering = new Set((m.coveredBy ?? []).map((id) => byTest.get(id)).filter((f): f is string => f !== undefined));
  if (covering.size > 0) return [...covering].sort();
  if ((m.coveredBy ?? []).length > 0) console.log(`mutant ${m.id}: its covering tests are not in the report's test files; using the test files beside ${sourceFile}`);
  const dir = path.dirname(sourceFile);
  return readdirSync(path.join(REPO, dir))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
}

// `error`: the run ended in a way no test failure explains (vitest's own exit codes besides 0 and 1).
type Verdict = 'killed' | 'survived' | 'timeout' | 'error';

// The test run in progress: a signal stops it and puts the source back (asynchronous, so the
// signal is handled while a run goes on).
let current: ChildProcess | null = null;

function runTests(vitest: string, tests: string[], timeoutSeconds: number): Promise<Verdict> {
  // `--related X` → `vitest related X --run`: the test files that import X, directly or not.
  const command = tests[0] === '--related' ? ['related', ...tests.slice(1), '--run'] : ['run', ...tests];
  const child = spawn(process.execPath, [vitest, ...command, '--config', 'vitest.mutation.config.ts', '--bail', '1', '--reporter', 'dot'], {
    cwd: REPO,
    stdio: 'ignore',
  });
  current = child;
  // Our own timer and SIGKILL: vitest traps SIGTERM and exits with 143, which would read as a kill.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutSeconds * 1000);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      current = null;
      // vitest: 0 when every test passed, 1 when one failed.
      resolve(timedOut ? 'timeout' : code === 0 ? 'survived' : code === 1 ? 'killed' : 'error');
    });
  });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      only: { type: 'string', default: '' },
      report: { type: 'string', default: path.join(REPO, 'reports/mutation/mutation.json') },
      // One mutant's test files, run whole; a mutant that still runs after this is counted as timed out.
      'timeout-seconds': { type: 'string', default: '300' },
    },
  });
  const timeoutSeconds = Number(args['timeout-seconds']);
  const report = JSON.parse(readFileSync(args.report, 'utf8')) as Report;
  const byTest = testFileById(report);
  const vitest = path.join(REPO, 'node_modules/vitest/vitest.mjs');
  const counts = { checked: 0, killed: 0, survived: 0, timeout: 0, error: 0 };
  let restore: (() => void) | null = null;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      current?.kill('SIGKILL');
      restore?.();
      process.exit(130);
    });
  }
  process.on('exit', () => restore?.());
  for (const [file, entry] of Object.entries(report.files)) {
    if (args.only && !file.includes(args.only)) continue;
    const absolute = path.join(REPO, file);
    if (!existsSync(absolute)) continue;
    const original = readFileSync(absolute, 'utf8');
    // The report's source must be this checkout's: positions are only valid in that text.
    if (original !== entry.source) {
      console.log(`${file}: changed since the report, skipped`);
      continue;
    }
    const left = entry.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
    if (left.length === 0) continue;
    // The same test files without any mutant must pass, or a failure would say nothing about a mutant.
    const plain = [...new Set(left.filter((m) => !m.static).flatMap((m) => testFilesOf(byTest, file, m)))];
    if (left.some((m) => !m.static) && plain.length === 0) {
      console.log(`${file}: no test file covers its survivors or sits beside it, skipped`);
      continue;
    }
    const baselines = [...(left.some((m) => m.static) ? [['--related', file]] : []), ...(plain.length > 0 ? [plain] : [])];
    let passes = true;
    for (const baseline of baselines) if ((await runTests(vitest, baseline, timeoutSeconds)) !== 'survived') passes = false;
    if (!passes) {
      console.log(`${file}: its test files fail without a mutant, skipped`);
      continue;
    }
    for (const m of left) {
      const tests = testFilesOf(byTest, file, m);
      restore = () => writeFileSync(absolute, original);
      writeFileSync(absolute, applyMutant(original, m));
      let verdict: Verdict;
      try {
        verdict = await runTests(vitest, tests, timeoutSeconds);
      } finally {
        restore();
        restore = null;
      }
      counts.checked++;
      counts[verdict]++;
      const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
      const ran = m.static ? 'static: every test file importing it' : `${tests.length} test file(s)`;
      console.log(`${verdict.padEnd(8)} ${where} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '').slice(0, 60)} (${m.status}; ${ran})`);
    }
  }
  console.log(`confirm: checked=${counts.checked} killed=${counts.killed} survived=${counts.survived} timeout=${counts.timeout} error=${counts.error}`);
}

if (import.meta.main) await main();
