// Which DMS answers count: those signed by a certificate DMS_CA_FILE's CA issued (verifyDmsAnswer).
// Without DMS_CA_FILE (a DMS_URL of one's own, e.g. a test double that does not sign) answers are
// taken unauthenticated, with a loud warning at every start: refusing to start would break every
// deployment against a DMS that does not sign yet, so the choice is the operator's, and visible.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { verifyDmsAnswer, type AnswerVerification } from '../signing/dms-answer.ts';
import { splitPemBundle } from '../signing/pem.ts';

export function dmsAnswerVerifier(config: Pick<Config, 'dmsCaFile' | 'dmsUrl'>, logger: Logger): ((xml: string) => AnswerVerification) | undefined {
  if (!config.dmsCaFile) {
    logger.warn(
      { dmsUrl: config.dmsUrl },
      'DMS_CA_FILE is unset: DMS answers are NOT authenticated — an acknowledgement or rejection from anyone on the path is believed. Set DMS_CA_FILE to DMS\'s CA.',
    );
    return undefined;
  }
  const caPems = splitPemBundle(readFileSync(config.dmsCaFile, 'utf8'));
  if (caPems.length === 0) throw new Error(`DMS_CA_FILE ${config.dmsCaFile} holds no PEM certificate`);
  logger.info({ dmsCaFile: config.dmsCaFile, certificates: caPems.length }, 'DMS answers are verified against the pinned DMS CA');
  return (xml) => verifyDmsAnswer(xml, { caPems });
}
