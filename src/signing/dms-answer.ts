// The gateway's check of an answer from DMS (an acknowledgement or a rejection): signed over the
// whole message by a signer that chains to the pinned DMS CA, with the same profile and rules as our
// own messages (verifyEnvelope). An unsigned answer is SIGNATURE_MISSING. The worker checks every
// acknowledgement and rejection with it (src/delivery/attempt.ts judge, src/app/dms-answer-trust.ts).
import type { CertificateInfo } from './keys.ts';
import { verifyEnvelope } from './verify.ts';
import type { TrustOptions, VerifyFailureCode } from './verify.ts';

export type AnswerVerification = { ok: true; signer: CertificateInfo } | { ok: false; code: VerifyFailureCode; reason: string };

/** `trust.caPems`: DMS's CA certificates, pinned by configuration; never our own CA. */
export function verifyDmsAnswer(xml: string, trust: TrustOptions): AnswerVerification {
  const verified = verifyEnvelope(xml, trust);
  return verified.ok ? { ok: true, signer: verified.signer } : { ok: false, code: verified.code, reason: verified.reason };
}
