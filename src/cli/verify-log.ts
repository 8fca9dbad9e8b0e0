import type { Config } from '../config/config.ts';
import { describeReport, verifyEvidenceLog } from '../evidence/verify-log.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { DataDecryptError } from '../store/crypto/field-cipher.ts';
import { openStore } from '../store/open-store.ts';

/** Exit code 0 when the chain holds, 1 when it is broken (the entry is named on stdout). */
export async function verifyLogCommand(config: Config): Promise<number> {
  const store = await openStore(config, dataFields(config));
  try {
    const report = await verifyEvidenceLog(store.evidence);
    console.log(describeReport(report));
    return report.firstBreak ? 1 : 0;
  } catch (err) {
    // A body under a key the keyring does not hold: the keys are wrong, not the log.
    if (!(err instanceof DataDecryptError)) throw err;
    console.error(`evidence log not verified: ${err.message}`);
    return 2;
  } finally {
    await store.close();
  }
}
