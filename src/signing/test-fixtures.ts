// Shared by the signing tests: a realistic unsigned envelope, throwaway PKIs in temp dirs, and the
// tampering helpers the negative tests need.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates } from './dev-certs.ts';
import type { DevCertificates } from './dev-certs.ts';

export const SAMPLE_ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:reg="urn:rtg-gateway:dms:registration:v1"><SOAP-ENV:Header><xrd:client id:objectType="SUBSYSTEM"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>26376375</id:memberCode><id:subsystemCode>RTG</id:subsystemCode></xrd:client><xrd:service id:objectType="SERVICE"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>37508470</id:memberCode><id:subsystemCode>VIS</id:subsystemCode><id:serviceCode>RegisterResidence</id:serviceCode><id:serviceVersion>v1</id:serviceVersion></xrd:service><xrd:id>0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b</xrd:id><xrd:userId>UA26376375</xrd:userId><xrd:issue>DOKPROF-2026-000123</xrd:issue><xrd:protocolVersion>4.0</xrd:protocolVersion></SOAP-ENV:Header><SOAP-ENV:Body Id="Body"><reg:RegisterResidence><reg:gatewayEventId>0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b</reg:gatewayEventId><reg:person><reg:lastName>Шевченко &amp; Ко</reg:lastName></reg:person></reg:RegisterResidence></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

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
