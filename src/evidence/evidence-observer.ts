// Every exchange with DMS as an entry of the evidence log (the store writes it with the attempt): the signed bytes sent, DMS's answer, who
// signed, and the outcome, each chained to the entry before.
import { X509Certificate } from 'node:crypto';
import type { AttemptObserver } from '../delivery/attempt.ts';
import { linkEntry, sha256Hex } from './chain.ts';

// Every message carries the same certificate until the key is rotated: parsed once, not per message.
let lastSigner: { base64: string; fingerprint: string | null } | null = null;

/**
 * The SHA-256 fingerprint of the certificate in the request's KeyInfo: a retry resends bytes signed
 * before a key rotation, so the signer is read from the message, not from today's key.
 */
export function signerOf(requestXml: string): string | null {
  const base64 = /<(?:\w+:)?X509Certificate>([^<]+)<\/(?:\w+:)?X509Certificate>/.exec(requestXml)?.[1];
  if (!base64) return null;
  if (lastSigner?.base64 !== base64) lastSigner = { base64, fingerprint: fingerprintOf(base64) };
  return lastSigner.fingerprint;
}

function fingerprintOf(base64: string): string | null {
  try {
    return new X509Certificate(Buffer.from(base64.replace(/\s+/g, ''), 'base64')).fingerprint256;
  } catch {
    return null;
  }
}

/** Every exchange's evidence entry, written by the store with the attempt it records. */
export function evidenceObserver(): AttemptObserver {
  return {
    evidence: (x) => {
      const exchange = {
        at: x.at,
        eventId: x.delivery.eventId,
        messageId: x.delivery.messageId,
        attempt: x.attempt,
        outcome: x.outcome,
        httpStatus: x.httpStatus,
        signer: signerOf(x.requestXml),
        answerSigner: x.answerSigner ?? null,
        requestDigest: sha256Hex(x.requestXml),
        requestBody: x.requestXml,
        responseDigest: x.answer === null ? null : sha256Hex(x.answer),
        responseBody: x.answer,
        ...(x.delivery.sandbox ? { sandbox: true } : {}),
      };
      return (head) => linkEntry(exchange, head);
    },
  };
}
