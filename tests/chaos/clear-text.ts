// Personal data in clear, looked for byte by byte in a run's files (logs, the SQLite database and its
// WAL): each person's УНЗР, РНОКПП, document number and surname as UTF-8. Answers where, never what.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChaosPerson } from './people.ts';

export interface ClearTextHit {
  file: string;
  /** Which kind of identifier, and whose (the harness's own reference, not personal data). */
  what: string;
}

export function identifiersOf(people: readonly ChaosPerson[]): Array<{ what: string; bytes: Buffer }> {
  const found: Array<{ what: string; bytes: Buffer }> = [];
  for (const p of people) {
    const add = (kind: string, value: string | undefined) => value && found.push({ what: `${kind} of ${p.ref}`, bytes: Buffer.from(value, 'utf8') });
    add('УНЗР', p.person.unzr);
    add('РНОКПП', p.person.rnokpp);
    add('document number', `${p.document.series ?? ''}${p.document.number}`);
    add('surname', p.person.lastName);
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

export function findClearText(dirs: readonly string[], people: readonly ChaosPerson[]): ClearTextHit[] {
  const needles = identifiersOf(people);
  const hits: ClearTextHit[] = [];
  for (const file of dirs.flatMap(filesUnder)) {
    const content = readFileSync(file);
    for (const n of needles) if (content.includes(n.bytes)) hits.push({ file: path.basename(file), what: n.what });
  }
  return hits.sort((a, b) => a.file.localeCompare(b.file) || a.what.localeCompare(b.what));
}
