// npm run mutation [-- --mutate <glob>] — StrykerJS over the critical modules (stryker.config.json),
// incremental, its HTML report in reports/mutation/index.html; then one summary line read from
// Stryker's JSON report: `mutation: score=S killed=N survived=N timeout=N no_coverage=N`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../..');
const REPORT = path.join(REPO, 'reports/mutation/mutation.json');
const stryker = path.join(REPO, 'node_modules/@stryker-mutator/core/bin/stryker.js');

// Extra arguments go to Stryker as they are (e.g. --mutate 'src/evidence/**/*.ts' to narrow a run).
const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.json', ...process.argv.slice(2)], { cwd: REPO, stdio: 'inherit' });
if (run.status !== 0 || !existsSync(REPORT)) {
  console.error(`mutation: Stryker failed (exit ${run.status ?? run.signal})`);
  process.exit(1);
}

interface MutationReport {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as MutationReport;
const count: Record<string, number> = {};
for (const file of Object.values(report.files)) for (const m of file.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
const n = (status: string) => count[status] ?? 0;
// Stryker's own score: detected (killed, timed out) over every mutant that compiled and ran or had no test.
const detected = n('Killed') + n('Timeout');
const valid = detected + n('Survived') + n('NoCoverage');
const score = valid === 0 ? 0 : (100 * detected) / valid;
// Static mutants left out by ignoreStatic (stryker.config.json) and mutants that did not compile: not in the score.
console.log(`mutation: not scored: ignored=${n('Ignored')} compile_error=${n('CompileError')}`);
console.log(`mutation: score=${score.toFixed(2)} killed=${n('Killed')} survived=${n('Survived')} timeout=${n('Timeout')} no_coverage=${n('NoCoverage')}`);
