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
  /** Why it passed or failed, in a sentence. */
  why: string;
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

/** Fails the scenario with a reason (caught by the runner, reported as the "why"). */
export function check(condition: unknown, why: string): asserts condition {
  if (!condition) throw new Verdict(why);
}
