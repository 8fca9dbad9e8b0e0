// `npm run golden`: writes the golden file of every example in every contract version (and removes
// goldens whose example is gone). Review the diff before committing it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exampleNames, goldenCases } from './goldens.ts';
import { CONTRACT_VERSIONS } from './versions.ts';

let changed = 0;
for (const c of goldenCases()) {
  mkdirSync(fileURLToPath(c.version.goldenDir), { recursive: true });
  const before = (() => {
    try {
      return readFileSync(c.goldenFile, 'utf8');
    } catch {
      return null;
    }
  })();
  if (before === c.xml) continue;
  writeFileSync(c.goldenFile, c.xml);
  changed++;
  process.stdout.write(`written ${c.version.name}: ${c.example}\n`);
}
const wanted = new Set(exampleNames().map((e) => e.replace(/\.json$/, '.xml')));
for (const version of CONTRACT_VERSIONS) {
  const dir = fileURLToPath(version.goldenDir);
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.xml') && !wanted.has(file)) {
      rmSync(dir + file);
      changed++;
      process.stdout.write(`removed ${version.name}: ${file}\n`);
    }
  }
}
process.stdout.write(`${changed} golden file(s) changed; review with git diff\n`);
