// The schema set of one xmllint run: the mock's wrapper schema plus the contracts it imports. Each
// file keeps its repository-relative path inside xmllint's in-memory file system, so the relative
// schemaLocations in message-check.xsd resolve there exactly as they do on disk.
import { readFileSync } from 'node:fs';

export interface SchemaFile {
  fileName: string;
  contents: string;
}

const WRAPPER = 'mocks/dms/schema/message-check.xsd';

const FILES: Array<[fileName: string, url: URL]> = [
  [WRAPPER, new URL('./message-check.xsd', import.meta.url)],
  ['contracts/xroad/4.0/xroad.xsd', new URL('../../../contracts/xroad/4.0/xroad.xsd', import.meta.url)],
  ['contracts/xroad/4.0/identifiers.xsd', new URL('../../../contracts/xroad/4.0/identifiers.xsd', import.meta.url)],
  ['contracts/xroad/4.0/xml.xsd', new URL('../../../contracts/xroad/4.0/xml.xsd', import.meta.url)],
  ['contracts/dms/registration/v1/registration.xsd', new URL('../../../contracts/dms/registration/v1/registration.xsd', import.meta.url)],
];

export interface SchemaSet {
  main: SchemaFile;
  imports: SchemaFile[];
}

/** Read once at start-up; a missing contract file should stop the mock, not fail every message. */
export function loadSchemaSet(): SchemaSet {
  const [main, ...imports] = FILES.map(([fileName, url]) => ({ fileName, contents: readFileSync(url, 'utf8') }));
  return { main: main!, imports };
}

/** Namespace of the wrapper document that carries a request's X-Road headers. */
export const CHECK_NS = 'urn:rtg-gateway:mock-dms:check';
