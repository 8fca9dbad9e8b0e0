// Reads xmllint's report for a run over several documents. xmllint-wasm's own error list drops the
// last lines of the output, which belong to the last document when several are validated at once,
// so the raw text is read here, per file name.
import { NS } from '../../../src/xml/namespaces.ts';

// Shorter, still unambiguous names in messages: reg:reason fits 200 characters.
const PREFIXES: Array<[string, string]> = [
  [`{${NS.reg}}`, 'reg:'],
  [`{${NS.xrd}}`, 'xrd:'],
  [`{${NS.id}}`, 'id:'],
];

function tidy(message: string): string {
  let text = message.replace(/^element [^:]+: /, '').replace(/^Schemas validity error : /, '');
  for (const [long, short] of PREFIXES) text = text.replaceAll(long, short);
  return text.trim();
}

/** The errors xmllint reported for one file; an empty list means it validated. */
export function errorsFor(fileName: string, output: string): string[] {
  const lines = output.split('\n');
  const errors = lines
    .filter((line) => line.startsWith(`${fileName}:`))
    .map((line) => tidy(line.slice(fileName.length + 1).replace(/^\d+: /, '')));
  if (lines.includes(`${fileName} validates`)) return [];
  if (errors.length > 0) return errors;
  const failed = lines.includes(`${fileName} fails to validate`);
  return [failed ? 'документ не пройшов перевірку схемою' : 'xmllint не повідомив результату для документа'];
}
