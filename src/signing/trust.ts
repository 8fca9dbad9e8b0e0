// Decides whether the certificate a message carries may be believed: only when one of the pinned CA
// certificates issued it, and only while both are valid. The message's own claims count for nothing.
import { X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type TrustOutcome =
  | { ok: true; cert: X509Certificate; publicKey: KeyObject }
  | { ok: false; code: 'CERTIFICATE_UNTRUSTED' | 'CERTIFICATE_EXPIRED'; reason: string };

function validAt(cert: X509Certificate, now: Date): boolean {
  return cert.validFromDate.getTime() <= now.getTime() && now.getTime() <= cert.validToDate.getTime();
}

/** Parses the pinned CAs once; a broken trust configuration is the operator's error, so it throws. */
export function parseTrustAnchors(caPems: string[]): X509Certificate[] {
  if (caPems.length === 0) throw new Error('no trusted CA certificate configured');
  return caPems.map((pem, i) => {
    try {
      return new X509Certificate(pem);
    } catch (err) {
      throw new Error(`trusted CA certificate #${i + 1} cannot be read: ${(err as Error).message}`, { cause: err });
    }
  });
}

type Chain = { ok: true; cert: X509Certificate; publicKey: KeyObject; issuer: X509Certificate } | Extract<TrustOutcome, { ok: false }>;

function chain(base64Der: string, anchors: X509Certificate[]): Chain {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(base64Der.replace(/\s+/g, ''), 'base64'));
  } catch {
    return { ok: false, code: 'CERTIFICATE_UNTRUSTED', reason: 'the certificate in KeyInfo cannot be read' };
  }
  // A CA certificate is self-issued and would "chain" to itself; a signer must be an end entity.
  if (cert.ca) return { ok: false, code: 'CERTIFICATE_UNTRUSTED', reason: 'the signer certificate is a CA certificate' };
  const issuer = anchors.find((ca) => ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (!issuer) {
    return { ok: false, code: 'CERTIFICATE_UNTRUSTED', reason: `certificate "${cert.subject.split('\n').join(', ')}" is not issued by a trusted CA` };
  }
  return { ok: true, cert, publicKey: cert.publicKey, issuer };
}

// Every message of a signer carries the same certificate: who issued it is worked out once per set
// of anchors. Validity in time is checked on every call. Bounded, so a flood of made-up
// certificates cannot grow it.
const CHAIN_CACHE_SIZE = 64;
const chainsByAnchors = new WeakMap<X509Certificate[], Map<string, Chain>>();

function cachedChain(base64Der: string, anchors: X509Certificate[]): Chain {
  let chains = chainsByAnchors.get(anchors);
  if (!chains) {
    chains = new Map();
    chainsByAnchors.set(anchors, chains);
  }
  const found = chains.get(base64Der);
  if (found) return found;
  const made = chain(base64Der, anchors);
  if (chains.size >= CHAIN_CACHE_SIZE) chains.delete(chains.keys().next().value as string);
  chains.set(base64Der, made);
  return made;
}

export function checkSignerCertificate(base64Der: string, anchors: X509Certificate[], now: Date): TrustOutcome {
  const found = cachedChain(base64Der, anchors);
  if (!found.ok) return found;
  const { cert, publicKey, issuer } = found;
  if (!validAt(cert, now)) {
    return { ok: false, code: 'CERTIFICATE_EXPIRED', reason: `signer certificate is valid ${cert.validFrom} – ${cert.validTo}, not at ${now.toISOString()}` };
  }
  if (!validAt(issuer, now)) {
    return { ok: false, code: 'CERTIFICATE_EXPIRED', reason: `issuing CA certificate is valid ${issuer.validFrom} – ${issuer.validTo}, not at ${now.toISOString()}` };
  }
  return { ok: true, cert, publicKey };
}
