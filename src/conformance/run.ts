// Runs the suite against a gateway and its mock DMS, one scenario at a time (the mock's faults are
// global), and reports progress as it goes.
import { exampleRegister, type RunEvents } from './contract-events.ts';
import { Kit, type KitOptions } from './kit.ts';
import type { Result, Scenario, ScenarioSource } from './scenario.ts';
import { Skip, Verdict } from './scenario.ts';
import { SUITE } from './scenarios/index.ts';

export const CONTRACT_DIR = new URL('../../contracts/events/v1/', import.meta.url);

export interface RunOptions extends KitOptions {
  /** The register code of the key; by default the contract examples' register. */
  register?: string;
  suite?: ScenarioSource[];
  onProgress?: (done: number, total: number, last: Result) => void;
}

export async function runScenarios(scenarios: Scenario[], kit: Kit, onProgress?: RunOptions['onProgress']): Promise<Result[]> {
  const results: Result[] = [];
  for (const scenario of scenarios) {
    kit.reset();
    const started = performance.now();
    let verdict: { passed: boolean; why: string; skipped?: boolean };
    try {
      verdict = await scenario.run(kit);
    } catch (err) {
      if (err instanceof Skip) verdict = { passed: true, skipped: true, why: err.message };
      else verdict = { passed: false, why: err instanceof Verdict ? err.message : `error: ${err instanceof Error ? err.message : String(err)}` };
    }
    const notes = kit.notes.length ? { notes: kit.notes } : {};
    const result: Result = { group: scenario.group, name: scenario.name, ...verdict, ...notes, exchanges: kit.exchanges, atMock: kit.atMock, durationMs: Math.round(performance.now() - started) };
    results.push(result);
    onProgress?.(results.length, scenarios.length, result);
  }
  return results;
}

export async function runConformance(options: RunOptions): Promise<Result[]> {
  const demo = exampleRegister(CONTRACT_DIR);
  const run: RunEvents = { contractDir: CONTRACT_DIR, exampleRegister: demo, register: options.register ?? demo, tag: Date.now().toString(36) };
  const scenarios = (options.suite ?? SUITE).flatMap((source) => source(run));
  return runScenarios(scenarios, new Kit(options), options.onProgress);
}
