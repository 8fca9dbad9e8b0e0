// XML Schema validation for tests, with libxml2 compiled to WebAssembly (no system xmllint needed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const REPO = path.resolve(import.meta.dirname, '../..');
const XROAD_DIR = path.join(REPO, 'contracts/xroad/4.0');
/** The registration.xsd of a DMS contract version (its folder under contracts/dms/registration/). */
const registrationXsd = (folder: string) => path.join(REPO, 'contracts/dms/registration', folder, 'registration.xsd');

const file = (p: string) => ({ fileName: path.basename(p), contents: readFileSync(p, 'utf8') });

export async function validateAgainst(xml: string, schema: string, preload: string[] = []): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'document.xml', contents: xml }], schema: [file(schema)], preload: preload.map(file) });
  return result.valid ? [] : result.errors.map((e) => e.message);
}

/** Each X-Road header element on its own against xroad.xsd (the reference's suggested use). */
export async function validateXRoadHeader(elementXml: string): Promise<string[]> {
  return validateAgainst(elementXml, path.join(XROAD_DIR, 'xroad.xsd'), [path.join(XROAD_DIR, 'identifiers.xsd'), path.join(XROAD_DIR, 'xml.xsd')]);
}

export async function validateRegistrationBody(elementXml: string, folder = 'v1'): Promise<string[]> {
  return validateAgainst(elementXml, registrationXsd(folder));
}
