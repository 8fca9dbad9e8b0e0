// Events from the published contract, made fit for one run against a vendor's gateway: the contract's
// register code becomes the vendor's, and every eventId gets the run's tag so a second run posts new
// events instead of repeats. Synthetic people (a fresh valid УНЗР per run) keep the fault scenarios
// from touching the examples' people: a rejection blocks its person for good.
import { readdirSync, readFileSync } from 'node:fs';
import { makeUnzr } from '../domain/unzr.ts';

export type EventJson = Record<string, unknown> & { eventId?: unknown; register?: { code?: unknown }; person?: Record<string, unknown> };

export interface RunEvents {
  contractDir: URL;
  /** The register code the examples carry (the contract's demo register). */
  exampleRegister: string;
  /** The register of the vendor's key. */
  register: string;
  /** Appended to every eventId of this run. */
  tag: string;
}

export function listFiles(dir: URL): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function readText(dir: URL, file: string): string {
  return readFileSync(new URL(file, dir), 'utf8');
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or its bytes when they are not UTF-8 (such a file tests the gateway's door and is sent as it is). */
export function readTextOrBytes(file: string | URL): string | Uint8Array {
  const bytes = readFileSync(file);
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return new Uint8Array(bytes);
  }
}

/** The contract file, parsed and adapted to this run; a file that is not JSON comes back as text. */
export function adapt(run: RunEvents, text: string): EventJson | string {
  let event: EventJson;
  try {
    event = JSON.parse(text) as EventJson;
  } catch {
    return text;
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return text;
  if (event.register && event.register.code === run.exampleRegister) event.register = { ...event.register, code: run.register };
  if (typeof event.eventId === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(event.eventId)) {
    event.eventId = `${event.eventId.slice(0, 63 - run.tag.length)}.${run.tag}`;
  }
  return event;
}

export function exampleRegister(contractDir: URL): string {
  const [first] = listFiles(new URL('examples/', contractDir));
  const event = JSON.parse(readText(new URL('examples/', contractDir), first as string)) as EventJson;
  return String(event.register?.code);
}

let counter = 0;

export interface Person {
  birthDate: string;
  unzr: string;
}

/** A person for this run only: a random birth date (1960–1999) and serial, so runs do not share people. */
export function newPerson(): Person {
  const day = new Date(Date.UTC(1960, 0, 1) + Math.floor(Math.random() * 40 * 365) * 86_400_000);
  const birthDate = day.toISOString().slice(0, 10);
  return { birthDate, unzr: makeUnzr(birthDate, 1 + Math.floor(Math.random() * 9998)) };
}

/**
 * A citizen nobody else has: the ID-card example with the person's УНЗР and birth date, no РНОКПП,
 * its own eventId and the given occurredAt (the example's day, so its fee still holds).
 */
export function syntheticCitizen(run: RunEvents, person: Person, label: string, occurredAt: string): EventJson {
  const base = adapt(run, readText(new URL('examples/', run.contractDir), 'residence-registered.citizen-id-card.json')) as EventJson;
  const data: Record<string, unknown> = { ...(base.person as Record<string, unknown>), birthDate: person.birthDate, unzr: person.unzr };
  delete data.rnokpp;
  counter += 1;
  return { ...base, eventId: `KIT-${label}-${counter}.${run.tag}`, occurredAt, person: data };
}
