// node tests/mutation/merge-incremental.ts OUT IN... — joins Stryker incremental files made by
// narrowed runs in several checkouts (one group of modules each, run side by side) into one, so that
// the next `npm run mutation` here re-tests only what the others' changes touch instead of starting
// from nothing. Test ids are only unique within one file: each test is re-keyed by its file and name.
// Per source or test file, the version whose text equals this checkout's wins (else the last given):
// Stryker diffs it against the file on disk and re-tests whatever changed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Test {
  id: string;
  name: string;
}
interface TestFile {
  source?: string;
  tests: Test[];
}
interface Mutant {
  killedBy?: string[];
  coveredBy?: string[];
}
interface SourceFile {
  source: string;
  mutants: Mutant[];
}
interface Report {
  files: Record<string, SourceFile>;
  testFiles?: Record<string, TestFile>;
}

const REPO = path.resolve(import.meta.dirname, '../..');
const [out, ...inputs] = process.argv.slice(2);
if (out === undefined || inputs.length === 0) {
  console.error('usage: node tests/mutation/merge-incremental.ts OUT IN...');
  process.exit(2);
}
const reports = inputs.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report);

const onDisk = (file: string): string | undefined => {
  const full = path.resolve(REPO, file);
  return file !== '' && existsSync(full) ? readFileSync(full, 'utf8') : undefined;
};

/** Of the versions of one file, the one this checkout has, else the last. */
function pick<T extends { source?: string }>(file: string, versions: T[]): T {
  const current = onDisk(file);
  return versions.find((v) => v.source !== undefined && v.source === current) ?? (versions.at(-1) as T);
}

const versionsOf = <T>(all: Array<Record<string, T> | undefined>): Map<string, T[]> => {
  const by = new Map<string, T[]>();
  for (const map of all) for (const [file, v] of Object.entries(map ?? {})) by.set(file, [...(by.get(file) ?? []), v]);
  return by;
};

const testKey = (file: string, name: string) => `${file}\u0000${name}`;

// Tests of the chosen versions, numbered afresh.
const testFiles: Record<string, TestFile> = {};
const newIdByKey = new Map<string, string>();
let next = 0;
for (const [file, versions] of versionsOf(reports.map((r) => r.testFiles))) {
  const chosen = pick(file, versions);
  testFiles[file] = {
    ...chosen,
    tests: chosen.tests.map((t) => {
      const id = String(next++);
      newIdByKey.set(testKey(file, t.name), id);
      return { ...t, id };
    }),
  };
}

// Mutants of the chosen versions, their tests re-keyed; a test the chosen test file lacks is dropped.
const files: Record<string, SourceFile> = {};
const sourceVersions = new Map<string, Array<{ file: SourceFile; report: Report }>>();
for (const report of reports) for (const [file, v] of Object.entries(report.files)) sourceVersions.set(file, [...(sourceVersions.get(file) ?? []), { file: v, report }]);
for (const [file, versions] of sourceVersions) {
  const chosen = pick(file, versions.map((v) => v.file));
  const report = (versions.find((v) => v.file === chosen) as { report: Report }).report;
  const oldKeyById = new Map<string, string>();
  for (const [testFile, tf] of Object.entries(report.testFiles ?? {})) for (const t of tf.tests) oldKeyById.set(t.id, testKey(testFile, t.name));
  const remap = (ids: string[] | undefined) => ids?.map((id) => newIdByKey.get(oldKeyById.get(id) ?? '')).filter((id): id is string => id !== undefined);
  files[file] = { ...chosen, mutants: chosen.mutants.map((m) => ({ ...m, killedBy: remap(m.killedBy), coveredBy: remap(m.coveredBy) })) };
}

writeFileSync(out, JSON.stringify({ ...reports.at(-1), projectRoot: REPO, files, testFiles }));
const mutants = Object.values(files).reduce((n, f) => n + f.mutants.length, 0);
console.log(`merged ${inputs.length} files: ${Object.keys(files).length} source files (${mutants} mutants), ${Object.keys(testFiles).length} test files (${next} tests) → ${out}`);
