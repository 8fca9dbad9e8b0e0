// Which key fits which SignatureMethod (weak or wrong-curve keys and algorithm confusion refused),
// the ECDSA algorithm we register with xml-crypto, and loadSigningKey's refusals with their reasons.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { EcdsaSha256, SIGNATURE_METHOD, SIGNING_ALGORITHMS, URI, keyFitsSignatureMethod, registerEcdsa } from './algorithms.ts';
import { loadSigningKey } from './keys.ts';
import { tempPki } from './test-fixtures.ts';

const { pki, cleanup } = tempPki();
afterAll(cleanup);

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
const ed25519 = generateKeyPairSync('ed25519');

describe('the algorithm identifiers', () => {
  it('are the XML-DSig URIs of our two signing algorithms', () => {
    expect(SIGNING_ALGORITHMS).toEqual(['rsa-sha256', 'ecdsa-p256-sha256']);
    expect(SIGNATURE_METHOD).toEqual({
      'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'ecdsa-p256-sha256': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
    });
  });
});

describe('keyFitsSignatureMethod', () => {
  it.each([
    ['RSA 2048, rsa-sha256', rsa2048.publicKey, URI.rsaSha256, true],
    ['RSA 2048 private key, rsa-sha256', rsa2048.privateKey, URI.rsaSha256, true],
    ['RSA 1024, rsa-sha256 (too weak)', rsa1024.publicKey, URI.rsaSha256, false],
    ['P-256, ecdsa-sha256', p256.publicKey, URI.ecdsaSha256, true],
    ['P-384, ecdsa-sha256 (another curve)', p384.publicKey, URI.ecdsaSha256, false],
    ['RSA 2048, ecdsa-sha256', rsa2048.publicKey, URI.ecdsaSha256, false],
    ['P-256, rsa-sha256', p256.publicKey, URI.rsaSha256, false],
    ['Ed25519, ecdsa-sha256', ed25519.publicKey, URI.ecdsaSha256, false],
    ['RSA 2048, rsa-sha1', rsa2048.publicKey, 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', false],
    ['P-256, no method', p256.publicKey, '', false],
  ])('%s: %s', (_what, key, method, fits) => {
    expect(keyFitsSignatureMethod(key, method)).toBe(fits);
    // Asked again (the answer is remembered per key), the same.
    expect(keyFitsSignatureMethod(key, method)).toBe(fits);
  });

  it('answers per method for one key', () => {
    expect([keyFitsSignatureMethod(p256.publicKey, URI.ecdsaSha256), keyFitsSignatureMethod(p256.publicKey, URI.rsaSha256)]).toEqual([true, false]);
  });
});

describe('EcdsaSha256', () => {
  const algorithm = new EcdsaSha256();
  const material = '<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">Ко</ds:SignedInfo>';

  it('signs raw r||s over the UTF-8 bytes, from a KeyObject or PEM, and says so through the callback too', () => {
    let fromCallback: string | undefined;
    const value = algorithm.getSignature(material, p256.privateKey, (err, v) => {
      expect(err).toBeNull();
      fromCallback = v;
    });
    expect(fromCallback).toBe(value);
    const raw = Buffer.from(value, 'base64');
    expect(raw.length).toBe(64);
    expect(verify('sha256', Buffer.from(material, 'utf8'), { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    const pem = p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const fromPem = algorithm.getSignature(material, pem);
    expect(verify('sha256', Buffer.from(material, 'utf8'), { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(fromPem, 'base64'))).toBe(true);
  });

  it('signs exactly the bytes of a Buffer view, not the whole buffer under it', () => {
    const whole = Buffer.from(`xx${material}yy`, 'utf8');
    const view = whole.subarray(2, whole.length - 2);
    const value = algorithm.getSignature(view, p256.privateKey);
    expect(verify('sha256', Buffer.from(material, 'utf8'), { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(value, 'base64'))).toBe(true);
  });

  it('verifies raw r||s from a KeyObject or PEM, refuses a changed text, says so through the callback', () => {
    const value = algorithm.getSignature(material, p256.privateKey);
    const answers: boolean[] = [];
    expect(algorithm.verifySignature(material, p256.publicKey, value, (err, ok) => {
      expect(err).toBeNull();
      answers.push(ok as boolean);
    })).toBe(true);
    expect(answers).toEqual([true]);
    const pem = p256.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(algorithm.verifySignature(material, pem, value)).toBe(true);
    expect(algorithm.verifySignature(material.replace('Ко', 'Kо'), p256.publicKey, value)).toBe(false);
    // A DER signature is not what XML-DSig carries.
    const der = sign('sha256', Buffer.from(material, 'utf8'), p256.privateKey).toString('base64');
    expect(algorithm.verifySignature(material, p256.publicKey, der)).toBe(false);
  });

  it('refuses keys that are not P-256 EC keys, on either side', () => {
    const rsaSignature = sign('sha256', Buffer.from(material, 'utf8'), rsa2048.privateKey).toString('base64');
    expect(() => algorithm.verifySignature(material, rsa2048.publicKey, rsaSignature)).toThrow(/^ecdsa-sha256 needs a P-256 EC key$/);
    expect(() => algorithm.getSignature(material, rsa2048.privateKey)).toThrow(/^ecdsa-sha256 needs a P-256 EC key$/);
    expect(() => algorithm.getSignature(material, p384.privateKey)).toThrow(/^ecdsa-sha256 needs a P-256 EC key$/);
  });

  it('is named by the ecdsa-sha256 URI and registered under it per SignedXml', () => {
    expect(algorithm.getAlgorithmName()).toBe(URI.ecdsaSha256);
    const sig = new SignedXml();
    expect(sig.SignatureAlgorithms[URI.ecdsaSha256]).toBeUndefined();
    registerEcdsa(sig);
    expect(sig.SignatureAlgorithms[URI.ecdsaSha256]).toBe(EcdsaSha256);
    expect(new SignedXml().SignatureAlgorithms[URI.ecdsaSha256]).toBeUndefined();
  });
});

describe('loadSigningKey refuses, saying why', () => {
  const garbage = join(pki.dir, 'garbage.pem');
  writeFileSync(garbage, 'not PEM at all');

  it('an unreadable private key or certificate, naming the file', () => {
    expect(() => loadSigningKey({ keyFile: garbage, certFile: pki.rsa.certFile, algorithm: 'rsa-sha256' })).toThrow(new RegExp(`^cannot read private key ${garbage}: .+`));
    expect(() => loadSigningKey({ keyFile: pki.rsa.keyFile, certFile: garbage, algorithm: 'rsa-sha256' })).toThrow(new RegExp(`^cannot read certificate ${garbage}: .+`));
  });

  it('a key of the wrong type, naming what it holds', () => {
    expect(() => loadSigningKey({ ...pki.ecdsa, algorithm: 'rsa-sha256' })).toThrow(
      `signing algorithm rsa-sha256 needs an RSA key of at least 2048 bits, but ${pki.ecdsa.keyFile} holds ec prime256v1`,
    );
    expect(() => loadSigningKey({ ...pki.rsa, algorithm: 'ecdsa-p256-sha256' })).toThrow(
      `signing algorithm ecdsa-p256-sha256 needs an EC P-256 key, but ${pki.rsa.keyFile} holds rsa 2048`,
    );
  });

  it('an unknown algorithm, listing the known ones', () => {
    const algorithm = 'rsa-sha1' as unknown as 'rsa-sha256';
    expect(() => loadSigningKey({ ...pki.rsa, algorithm })).toThrow('unknown signing algorithm "rsa-sha1"; use one of rsa-sha256, ecdsa-p256-sha256');
  });

  it('a key that is not the certificate key, naming both files', () => {
    expect(() => loadSigningKey({ keyFile: pki.ecdsa.keyFile, certFile: pki.rsa.certFile, algorithm: 'rsa-sha256' })).toThrow(
      `private key ${pki.ecdsa.keyFile} does not belong to certificate ${pki.rsa.certFile}`,
    );
  });

  it('but loads a key whose certificate fingerprint is the SHA-256 of its DER', () => {
    const key = loadSigningKey({ ...pki.ecdsa, algorithm: 'ecdsa-p256-sha256' });
    const hex = createHash('sha256').update(Buffer.from(key.certificateBase64, 'base64')).digest('hex').toUpperCase();
    expect(key.fingerprint256).toBe(hex.match(/../g)?.join(':'));
  });
});
