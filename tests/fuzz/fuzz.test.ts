// The fuzz run of `npm run fuzz`, smaller: 5,000 mutated requests to a gateway process and 64
// attack messages to the mock DMS process. Nothing may answer 5xx, die, or log an error; the gateway
// must be healthy afterwards and still deliver a valid event.
import { describe, expect, it } from 'vitest';
import { fuzzPassed, runFuzz, summaryLine } from './fuzz.ts';

describe('fuzz', () => {
  it('survives 5,000 mutated requests and 64 attack messages', async () => {
    const summary = await runFuzz({ requests: 5_000, mockMessages: 64, seed: 7, concurrency: 16 });
    const line = summaryLine(summary, 7);
    console.log(line);
    expect(summary.serverErrorSamples, line).toEqual([]);
    expect(summary.requests).toBeGreaterThanOrEqual(5_000);
    expect(summary.byClass['4xx'] ?? 0, line).toBeGreaterThan(2_500); // the mutations do reach the checks
    expect(summary.mockMessages).toBe(64);
    expect(summary.mockRejected, line).toBeGreaterThan(40);
    expect(fuzzPassed(summary), line).toBe(true);
  }, 900_000);
});
