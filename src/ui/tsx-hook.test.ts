// Vitest compiles .tsx itself; `node src/main.ts` relies on the hook. This checks the hook the way
// production uses it: a plain Node process that imports it first, then a page.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileTsx } from './tsx-hook.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the .tsx hook', () => {
  it('compiles JSX to calls into hono/jsx', () => {
    const js = compileTsx('import type { X } from "./x.ts";\nexport const a = (x: X) => <p class="k">{String(x)}</p>;', 'a.tsx');
    expect(js).toContain('from "hono/jsx/jsx-runtime"');
    expect(js).not.toContain('import type');
  });

  it('lets plain Node load and render a page', () => {
    const script = [
      "await import('./src/ui/tsx-hook.ts');",
      "const { LoginPage } = await import('./src/ui/pages/login-page.tsx');",
      'process.stdout.write(String(LoginPage({ failed: true })));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^<!doctype html><html lang="uk">/);
    expect(out).toContain('Такого токена оператора чи ключа реєстру немає');
  });
});
