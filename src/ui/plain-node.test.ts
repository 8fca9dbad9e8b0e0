// Vitest would compile JSX itself; production runs the console under plain Node. This renders a page
// the way `npm start` does: a Node process that imports it with no loader, hook or compiler.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the console under plain Node', () => {
  it('loads and renders a page with nothing but type stripping', () => {
    const script = [
      "const { LoginPage } = await import('./src/ui/pages/login-page.ts');",
      'process.stdout.write(String(await LoginPage({ failed: true })));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^<!doctype html><html lang="uk">/);
    expect(out).toContain('<div class="notice bad" role="alert">Такого токена оператора чи ключа реєстру немає');
  });
});
