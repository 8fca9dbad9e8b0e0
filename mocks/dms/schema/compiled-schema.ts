// An XML Schema compiled once by libxml2 (libxml2-wasm: libxml2 as WebAssembly, no native addon)
// and kept for the life of the process; each validation then parses one document and checks it
// against the compiled schema, in well under a millisecond. Schema files are served to libxml2 from
// memory, under their absolute paths, so relative schemaLocations resolve as on disk and nothing
// else can be loaded: documents are parsed without network access and without external entities.
import { readFileSync } from 'node:fs';
import { ParseOption, XmlBufferInputProvider, XmlDocument, XmlError, XmlValidateError, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';
import { libxmlDocument } from '../../../src/xml/libxml-document.ts';

// One provider for the process: libxml2's input callbacks are global to the wasm instance.
const schemaFiles = new XmlBufferInputProvider({});
xmlRegisterInputProvider(schemaFiles);

const DOCUMENT_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export class CompiledSchema {
  readonly #validator: XsdValidator;

  /** `main` is the schema's absolute path; `imports` are the files it includes or imports, directly or not. */
  constructor(main: string, imports: string[] = []) {
    for (const file of [main, ...imports]) schemaFiles.addBuffer(file, readFileSync(file));
    // The schema document stays alive with the compiled schema, which points into it.
    const schemaDoc = XmlDocument.fromBuffer(readFileSync(main), { url: main, option: ParseOption.XML_PARSE_NONET });
    this.#validator = XsdValidator.fromDoc(schemaDoc);
  }

  /** libxml2's messages for a document; an empty list means it is valid. Malformed XML is an error too. */
  validate(xml: string): string[] {
    let doc: XmlDocument;
    try {
      doc = libxmlDocument(xml, { option: DOCUMENT_OPTIONS });
    } catch (err) {
      return [`документ не є правильно сформованим XML: ${err instanceof Error ? err.message.trim() : String(err)}`];
    }
    try {
      this.#validator.validate(doc);
      return [];
    } catch (err) {
      if (err instanceof XmlValidateError) return err.details.map((d) => d.message.trim());
      // libxml2 gives up on some documents without details (an undefined entity, say): the
      // document's fault, the same every time, so it is an answer about the document.
      if (err instanceof XmlError) return [`документ не пройшов перевірку схемою: ${err.message}`];
      throw err;
    } finally {
      doc.dispose();
    }
  }
}
