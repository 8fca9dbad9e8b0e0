// The mock DMS is its own app: the gateway's code never imports it, except the development launcher
// that starts it beside the gateway when DMS_URL is unset (and loads only on demand).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MOCKS = path.join(ROOT, 'mocks') + path.sep;
const LAUNCHER = path.join(ROOT, 'src/app/dev-mock-dms.ts');

// Static imports and re-exports (`import … from '…'`, `import '…'`, `export … from '…'`) and
// dynamic `import('…')`, each with whether it is dynamic.
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Array<{ target: string; dynamic: boolean }> {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(IMPORT)]
    .map((m) => ({ spec: (m[1] ?? m[2]) as string, dynamic: m[2] !== undefined }))
    .filter(({ spec }) => spec.startsWith('.'))
    .map(({ spec, dynamic }) => ({ target: path.resolve(path.dirname(file), spec), dynamic }));
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));

describe('the mock DMS stays out of the gateway', () => {
  it('finds the imports it scans for (the scanner works)', () => {
    expect(importsOf(LAUNCHER).some(({ target }) => target.startsWith(MOCKS))).toBe(true);
    expect(importsOf(path.join(ROOT, 'src/app/serve.ts'))).toContainEqual({ target: LAUNCHER, dynamic: true });
    // The sandbox's mock DMS: every gateway starts one, loading the launcher on demand.
    expect(importsOf(path.join(ROOT, 'src/app/gateway.ts')).filter(({ target }) => target === LAUNCHER)).toEqual([{ target: LAUNCHER, dynamic: true }]);
  });

  it('is imported by no module under src/ but the development launcher', () => {
    // Tests beside the code (*.test.ts) may talk to the mock; they are not the gateway's code.
    const offenders = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => file !== LAUNCHER && !file.endsWith('.test.ts'))
      .filter((file) => importsOf(file).some(({ target }) => target.startsWith(MOCKS)))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('is not reached by static imports from the entry point (production never loads it)', () => {
    const seen = new Set<string>();
    const queue = [path.join(ROOT, 'src/main.ts')];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const { target, dynamic } of importsOf(file)) if (!dynamic && /\.ts$/.test(target)) queue.push(target);
    }
    expect(seen.has(path.join(ROOT, 'src/app/gateway.ts'))).toBe(true);
    expect([...seen].filter((file) => file.startsWith(MOCKS) || file === LAUNCHER).map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});
