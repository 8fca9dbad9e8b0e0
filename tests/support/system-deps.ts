// `npm test` needs two programs from Debian: xmlsec1 (the independent signature verifier) and
// Chromium (the console's browser test). This runs before the tests (npm's pretest): what is
// missing is installed when we may (root with apt-get, as on the project's machines and in CI);
// otherwise it says exactly what to install and stops, rather than letting tests fail obscurely.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { pkg: 'xmlsec1', present: () => spawnSync('xmlsec1', ['--version']).status === 0, why: 'signature interop tests' },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium'), why: 'the console browser test' },
];

const missing = NEEDED.filter((n) => !n.present());
if (missing.length > 0) {
  const pkgs = missing.map((m) => m.pkg);
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) {
    console.error(`npm test needs: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.\nInstall with: sudo apt-get install -y ${pkgs.join(' ')}`);
    process.exit(1);
  }
  console.error(`installing ${pkgs.join(', ')} for the tests…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    install = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  }
  if (install.status !== 0) {
    console.error(`could not install ${pkgs.join(' ')}; install them by hand`);
    process.exit(1);
  }
}
