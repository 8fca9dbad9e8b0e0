import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { loadPepper } from './pepper.ts';

describe('the pepper of key hashes', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'rtg-pepper-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const config = (env: Record<string, string>) => loadConfig({ DEV_CERTS_DIR: 'certs', DATA_DIR: 'data', ...env }, root);

  it('takes SECRET_PEPPER, then SECRET_PEPPER_FILE, and writes no development file for either', () => {
    expect(loadPepper(config({ SECRET_PEPPER: 'pepper-from-the-environment' }))).toBe('pepper-from-the-environment');
    writeFileSync(path.join(root, 'pepper'), 'pepper-from-a-mounted-file\n');
    expect(loadPepper(config({ SECRET_PEPPER_FILE: 'pepper' }))).toBe('pepper-from-a-mounted-file');
    expect(existsSync(path.join(root, 'certs', 'secret-pepper'))).toBe(false);
    expect(() => loadConfig({ SECRET_PEPPER: 'short' }, root)).toThrow(/SECRET_PEPPER/);
    // A mounted file is held to the same 16 characters at the least.
    writeFileSync(path.join(root, 'short'), 'fifteen-chars-x\n');
    expect(() => loadPepper(config({ SECRET_PEPPER_FILE: 'short' }))).toThrow(/fewer than 16 characters/);
    writeFileSync(path.join(root, 'exact'), 'sixteen-chars-xy\n');
    expect(loadPepper(config({ SECRET_PEPPER_FILE: 'exact' }))).toBe('sixteen-chars-xy');
  });

  it('makes a random development pepper once, in a 0600 file outside DATA_DIR', () => {
    const first = loadPepper(config({}));
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(loadPepper(config({}))).toBe(first);
    const file = path.join(root, 'certs', 'secret-pepper');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(root, 'data'))).toBe(false);
  });

  it('keeps an existing development pepper and narrows its file to 0600', () => {
    mkdirSync(path.join(root, 'certs'));
    const file = path.join(root, 'certs', 'secret-pepper');
    writeFileSync(file, 'an-existing-development-pepper\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(loadPepper(config({}))).toBe('an-existing-development-pepper');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

