// Shared by the signing tests: a realistic unsigned envelope, throwaway PKIs in temp dirs, and the
// tampering helpers the negative tests need.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';
import { NS } from '../xml/namespaces.ts';
import { SIGNATURE_METHOD, URI, registerEcdsa } from './algorithms.ts';
import { ensureDevCertificates } from './dev-certs.ts';
import type { DevCertificates } from './dev-certs.ts';
import type { SigningKey } from './keys.ts';

// In exclusive canonical form, as our envelope builder writes messages (see sign.ts).
export const SAMPLE_ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header><xrd:client xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" id:objectType="SUBSYSTEM"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>26376375</id:memberCode><id:subsystemCode>RTG</id:subsystemCode></xrd:client><xrd:service xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" id:objectType="SERVICE"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>37508470</id:memberCode><id:subsystemCode>VIS</id:subsystemCode><id:serviceCode>RegisterResidence</id:serviceCode><id:serviceVersion>v1</id:serviceVersion></xrd:service><xrd:id xmlns:xrd="http://x-road.eu/xsd/xroad.xsd">0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b</xrd:id><xrd:userId xmlns:xrd="http://x-road.eu/xsd/xroad.xsd">UA26376375</xrd:userId><xrd:issue xmlns:xrd="http://x-road.eu/xsd/xroad.xsd">DOKPROF-2026-000123</xrd:issue><xrd:protocolVersion xmlns:xrd="http://x-road.eu/xsd/xroad.xsd">4.0</xrd:protocolVersion></SOAP-ENV:Header><SOAP-ENV:Body Id="Body"><reg:RegisterResidence xmlns:reg="urn:rtg-gateway:dms:registration:v1"><reg:gatewayEventId>0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b</reg:gatewayEventId><reg:person><reg:lastName>Шевченко &amp; Ко</reg:lastName></reg:person></reg:RegisterResidence></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

export const BODY_PATTERN = /<SOAP-ENV:Body Id="Body">[\s\S]*<\/SOAP-ENV:Body>/;
export const SIGNATURE_PATTERN = /<ds:Signature [\s\S]*<\/ds:Signature>/;

export interface TempPki {
  pki: DevCertificates;
  cleanup(): void;
}

export function tempPki(): TempPki {
  const dir = mkdtempSync(join(tmpdir(), 'rtg-signing-'));
  return { pki: ensureDevCertificates(join(dir, 'pki')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Changes exactly one byte of the Body content (a digit of gatewayEventId). */
export function tamperOneByte(signedXml: string): string {
  const marker = '<reg:gatewayEventId>0193a2c4';
  const at = signedXml.indexOf(marker);
  if (at < 0) throw new Error('fixture changed: gatewayEventId not found');
  const pos = at + marker.length - 1;
  return signedXml.slice(0, pos) + '5' + signedXml.slice(pos + 1);
}

export function match(xml: string, pattern: RegExp): string {
  const found = pattern.exec(xml)?.[0];
  if (!found) throw new Error(`fixture changed: ${String(pattern)} not found`);
  return found;
}

/**
 * The layout we used to sign with, and the one an attacker replays: a valid signature by a trusted
 * key whose only Reference is the SOAP Body (#Body), so the X-Road headers are not covered.
 * Made with xml-crypto, independently of sign.ts.
 */
export function signBodyOnly(xml: string, key: SigningKey): string {
  const envelope = `/*[local-name()='Envelope' and namespace-uri()='${NS.soap}']`;
  const sig = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: SIGNATURE_METHOD[key.algorithm],
    canonicalizationAlgorithm: URI.excC14n,
    getKeyInfoContent: ({ prefix } = {}) => `<${prefix}:X509Data><${prefix}:X509Certificate>${key.certificateBase64}</${prefix}:X509Certificate></${prefix}:X509Data>`,
  });
  registerEcdsa(sig);
  sig.addReference({ xpath: `${envelope}/*[local-name()='Body']`, transforms: [URI.envelopedSignature, URI.excC14n], digestAlgorithm: URI.sha256 });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${envelope}/*[local-name()='Header']`, action: 'append' } });
  return sig.getSignedXml();
}
