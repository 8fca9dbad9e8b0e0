// The mock's XSD check of a message: its X-Road headers (as a c:requestHeaders document) and its
// body element, against message-check.xsd, which imports the X-Road header schema and the
// registration contract. The schema is compiled once per process (see compiled-schema.ts), so a
// message costs two small validations, not a compilation; no batching is needed any more.
import { NS } from '../../../src/xml/namespaces.ts';
import { CompiledSchema } from './compiled-schema.ts';
import { schemaSetPaths } from './schema-files.ts';

export interface ValidationJob {
  /** A c:requestHeaders (or c:responseHeaders) document; see message-check.xsd. null: none. */
  headers: string | null;
  /** The body element as a document of its own; null to check the headers only. */
  body: string | null;
}

export interface ValidationResult {
  headerErrors: string[];
  bodyErrors: string[];
}

// Shorter, still unambiguous names in messages: reg:reason fits 200 characters.
const PREFIXES: Array<[string, string]> = [
  [`{${NS.reg}}`, 'reg:'],
  [`{${NS.regV2}}`, 'reg:'],
  [`{${NS.xrd}}`, 'xrd:'],
  [`{${NS.id}}`, 'id:'],
];

function tidy(message: string): string {
  let text = message;
  for (const [long, short] of PREFIXES) text = text.replaceAll(long, short);
  return text;
}

let shared: CompiledSchema | undefined;

/** Compiled at the first use and kept: every mock in the process shares it. */
function messageCheckSchema(): CompiledSchema {
  if (!shared) {
    const { main, imports } = schemaSetPaths();
    shared = new CompiledSchema(main, imports);
  }
  return shared;
}

export class SchemaValidator {
  readonly #schema = messageCheckSchema();
  /** Messages and documents checked so far (shown by /__admin/stats). */
  readonly counters = { jobs: 0, documents: 0 };

  // Async for the pipeline's sake (a failing validator is a retryable Server fault, not a throw).
  async validate(job: ValidationJob): Promise<ValidationResult> {
    return this.validateNow(job);
  }

  validateNow(job: ValidationJob): ValidationResult {
    this.counters.jobs++;
    const check = (xml: string | null) => {
      if (xml === null) return [];
      this.counters.documents++;
      return this.#schema.validate(xml).map(tidy);
    };
    return { headerErrors: check(job.headers), bodyErrors: check(job.body) };
  }
}
