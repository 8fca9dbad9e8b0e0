// XML Schema validation for tests, with libxml2 compiled to WebAssembly (no system xmllint needed);
// each schema is compiled once per test file.
import path from 'node:path';
import { CompiledSchema } from '../../mocks/dms/schema/compiled-schema.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const XROAD_DIR = path.join(REPO, 'contracts/xroad/4.0');
/** The registration.xsd of a DMS contract version (its folder under contracts/dms/registration/). */
const registrationXsd = (folder: string) => path.join(REPO, 'contracts/dms/registration', folder, 'registration.xsd');

const compiled = new Map<string, CompiledSchema>();

export async function validateAgainst(xml: string, schema: string, imports: string[] = []): Promise<string[]> {
  let found = compiled.get(schema);
  if (!found) {
    found = new CompiledSchema(schema, imports);
    compiled.set(schema, found);
  }
  return Promise.resolve(found.validate(xml));
}

/** Each X-Road header element on its own against xroad.xsd (the reference's suggested use). */
export async function validateXRoadHeader(elementXml: string): Promise<string[]> {
  return validateAgainst(elementXml, path.join(XROAD_DIR, 'xroad.xsd'), [path.join(XROAD_DIR, 'identifiers.xsd'), path.join(XROAD_DIR, 'xml.xsd')]);
}

export async function validateRegistrationBody(elementXml: string, folder = 'v1'): Promise<string[]> {
  return validateAgainst(elementXml, registrationXsd(folder));
}
