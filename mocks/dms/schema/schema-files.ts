// The schema set of the mock's XSD check: its wrapper schema plus the contracts it imports, by
// absolute path, so the relative schemaLocations in message-check.xsd resolve as they do on disk.
import { fileURLToPath } from 'node:url';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export interface SchemaSetPaths {
  main: string;
  imports: string[];
}

export function schemaSetPaths(): SchemaSetPaths {
  return {
    main: path('./message-check.xsd'),
    imports: [
      path('../../../contracts/xroad/4.0/xroad.xsd'),
      path('../../../contracts/xroad/4.0/identifiers.xsd'),
      path('../../../contracts/xroad/4.0/xml.xsd'),
      path('../../../contracts/dms/registration/v1/registration.xsd'),
      path('../../../contracts/dms/registration/v2/registration.xsd'),
    ],
  };
}

/** Namespace of the wrapper document that carries a request's X-Road headers. */
export const CHECK_NS = 'urn:rtg-gateway:mock-dms:check';
