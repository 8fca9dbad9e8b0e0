// What a conformance scenario is: a named check that talks to the gateway (and the mock DMS) through
// a Kit and returns its verdict, with every exchange recorded for the reports.
import type { RunEvents } from './contract-events.ts';
import type { Kit } from './kit.ts';

export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  answer: { status: number; headers: Record<string, string>; body: string } | { error: string };
}

export interface Result {
  group: string;
  name: string;
  passed: boolean;
  /** Not run, for a reason the report gives (the gateway or mock cannot show it, or an option is missing); not a failure. */
  skipped?: boolean;
  /** Why it passed, failed or was skipped, in a sentence. */
  why: string;
  /** What the kit did along the way that the reader should know (e.g. waited out a 429). */
  notes?: string[];
  exchanges: Exchange[];
  /** The message(s) as the mock DMS received them, when the scenario reached it. */
  atMock: string[];
  durationMs: number;
}

export interface Scenario {
  group: string;
  name: string;
  run(kit: Kit): Promise<{ passed: boolean; why: string }>;
}

/** A file of scenarios: given the run, the scenarios to run, in order. */
export type ScenarioSource = (run: RunEvents) => Scenario[];

export class Verdict extends Error {}

/** Thrown to skip a scenario with its reason. */
export class Skip extends Error {}

/** Skips the scenario: the report shows it as skipped, with the reason. */
export function skip(why: string): never {
  throw new Skip(why);
}

/** Fails the scenario with a reason (caught by the runner, reported as the "why"). */
export function check(condition: unknown, why: string): asserts condition {
  if (!condition) throw new Verdict(why);
}
