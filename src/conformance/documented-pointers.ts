// The pointer RULES.md gives for a code (its tables with a Pointer column), read when the kit runs.
// `…/series` means "the series of whichever document": the pointer must end so.
import { readFileSync } from 'node:fs';

export function documentedPointers(contractDir: URL): Map<string, string> {
  const pointers = new Map<string, string>();
  let inTable = false;
  for (const line of readFileSync(new URL('RULES.md', contractDir), 'utf8').split('\n')) {
    if (/^\|\s*Code\s*\|\s*Severity\s*\|\s*Pointer\s*\|/.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    const row = inTable ? /^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|[^|]*\|\s*`((?:…)?\/[^`]*)`\s*\|/.exec(line) : null;
    if (row) pointers.set(row[1] as string, row[2] as string);
  }
  return pointers;
}

export function pointerMatches(documented: string, actual: string): boolean {
  return documented.startsWith('…') ? actual.endsWith(documented.slice(1)) : actual === documented;
}
