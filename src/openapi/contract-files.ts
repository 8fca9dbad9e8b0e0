// The published event contract as the generator reads it, at generation time: the schema the
// service validates with, the examples, and the codes RULES.md documents. Nothing is copied by hand.
import { readdirSync, readFileSync } from 'node:fs';

export const CONTRACT_DIR = new URL('../../contracts/events/v1/', import.meta.url);

export type JsonObject = Record<string, unknown>;

export function readEventSchema(): JsonObject {
  return JSON.parse(readFileSync(new URL('event.schema.json', CONTRACT_DIR), 'utf8')) as JsonObject;
}

/** `[file name, parsed event]` for every valid example, sorted by name. */
export function readExamples(folder: 'examples' | 'warnings' = 'examples'): Array<[string, JsonObject]> {
  const dir = new URL(`${folder}/`, CONTRACT_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as JsonObject]);
}

/** The transport and schema codes of RULES.md section 1, with their HTTP status. */
export function transportCodes(): Array<{ code: string; status: number; meaning: string }> {
  const rules = readFileSync(new URL('RULES.md', CONTRACT_DIR), 'utf8');
  const section = rules.split(/^## /m).find((s) => s.startsWith('1.')) ?? '';
  const rows: Array<{ code: string; status: number; meaning: string }> = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|\s*([^|]*)\|/.exec(line);
    if (m) rows.push({ code: m[1] as string, status: Number(m[2]), meaning: (m[3] as string).trim() });
  }
  return rows;
}
