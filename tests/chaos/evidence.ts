// After a run: the gateway's evidence log must still hold — every exchange with DMS chained, through
// every SIGKILL. Checked with the command operators use, `verify-log`, against the run's store.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { childEnv, nodeBinary, REPO, type RunDirs } from './processes.ts';

export interface EvidenceCheck {
  ok: boolean;
  /** verify-log's one line: "evidence log OK: N entries verified …" or where it breaks. */
  line: string;
  entries: number;
}

export function verifyEvidence(dirs: RunDirs, storeEnv: Record<string, string>): EvidenceCheck {
  const run = spawnSync(nodeBinary(), [path.join(REPO, 'src/main.ts'), 'verify-log'], {
    cwd: REPO,
    encoding: 'utf8',
    env: childEnv({ DATA_DIR: dirs.dataDir, DEV_CERTS_DIR: dirs.certsDir, LOG_LEVEL: 'silent', ...storeEnv }),
  });
  const line = (run.stdout || run.stderr || '').trim().split('\n').pop() ?? '';
  return { ok: run.status === 0, line, entries: Number(/(\d+) entries/.exec(line)?.[1] ?? 0) };
}
