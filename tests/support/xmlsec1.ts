// Runs the independent verifier, xmlsec1 (libxmlsec1 + OpenSSL), on a signed message.
// A missing xmlsec1 is a failure, not a skip: CI installs it, and a silent skip would hide exactly
// the breakage these checks exist for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS } from '../../src/xml/namespaces.ts';

export function xmlsec1Verify(xml: string, caFile: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xmlsec1-'));
  try {
    const file = join(dir, 'message.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmlsec1', ['--verify', '--trusted-pem', caFile, '--id-attr:Id', `${NS.soap}:Body`, file], { encoding: 'utf8' });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error('xmlsec1 is not installed; install it with `apt-get install -y xmlsec1` (CI installs it). This check must not be skipped.');
    }
    if (run.error) throw run.error;
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
