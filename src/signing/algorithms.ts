// The XML-DSig algorithm identifiers we produce and accept, and the ECDSA signature algorithm that
// xml-crypto does not ship.
import { KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { BinaryLike, KeyLike } from 'node:crypto';
import type { ErrorFirstCallback, SignatureAlgorithm, SignedXml } from 'xml-crypto';

export type SigningAlgorithm = 'rsa-sha256' | 'ecdsa-p256-sha256';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['rsa-sha256', 'ecdsa-p256-sha256'];

export const URI = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
} as const;

export const SIGNATURE_METHOD: Record<SigningAlgorithm, string> = {
  'rsa-sha256': URI.rsaSha256,
  'ecdsa-p256-sha256': URI.ecdsaSha256,
};

const fitsByKey = new WeakMap<KeyObject, Map<string, boolean>>();

/** The key a SignatureMethod needs; used to refuse a key of the wrong type (algorithm confusion). */
export function keyFitsSignatureMethod(key: KeyObject, signatureMethod: string): boolean {
  // Remembered per key object: reading asymmetricKeyDetails is not free, and a signer's key recurs.
  let fits = fitsByKey.get(key);
  if (!fits) {
    fits = new Map();
    fitsByKey.set(key, fits);
  }
  let answer = fits.get(signatureMethod);
  if (answer === undefined) {
    answer = checkKeyFits(key, signatureMethod);
    fits.set(signatureMethod, answer);
  }
  return answer;
}

function checkKeyFits(key: KeyObject, signatureMethod: string): boolean {
  if (signatureMethod === URI.rsaSha256) {
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  }
  if (signatureMethod === URI.ecdsaSha256) {
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  }
  return false;
}

function toBuffer(data: BinaryLike): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

// Node's verify() ignores dsaEncoding for an RSA key and would happily check an RSA signature under
// the ECDSA URI, so the key type is checked here, not left to OpenSSL.
function ecKey(key: KeyObject): KeyObject {
  if (!keyFitsSignatureMethod(key, URI.ecdsaSha256)) throw new Error('ecdsa-sha256 needs a P-256 EC key');
  return key;
}

/** ECDSA P-256 with SHA-256. XML-DSig carries the signature as raw r||s, not DER (RFC 4050, RFC 6931). */
export class EcdsaSha256 implements SignatureAlgorithm {
  getSignature(signedInfo: BinaryLike, privateKey: KeyLike, callback?: ErrorFirstCallback<string>): string {
    const key = ecKey(privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey));
    const value = sign('sha256', toBuffer(signedInfo), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
    callback?.(null, value);
    return value;
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string, callback?: ErrorFirstCallback<boolean>): boolean {
    const publicKey = ecKey(key instanceof KeyObject ? key : createPublicKey(key));
    const ok = verify('sha256', Buffer.from(material, 'utf8'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureValue, 'base64'));
    callback?.(null, ok);
    return ok;
  }

  getAlgorithmName(): string {
    return URI.ecdsaSha256;
  }
}

/** xml-crypto keeps its algorithm table per instance, so every SignedXml needs this. */
export function registerEcdsa(sig: SignedXml): void {
  sig.SignatureAlgorithms[URI.ecdsaSha256] = EcdsaSha256;
}
