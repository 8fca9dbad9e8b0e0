// The confirmation tool writes a reported mutant back into its source by Stryker's positions.
import { describe, expect, it } from 'vitest';
import { applyMutant, offsetOf } from './confirm-survivors.ts';

const source = 'const a = 1;\nif (a > 0) {\n  run();\n}\n';
const mutant = (start: [number, number], end: [number, number], replacement: string) => ({
  id: '1',
  mutatorName: 'm',
  status: 'Survived',
  replacement,
  location: { start: { line: start[0], column: start[1] }, end: { line: end[0], column: end[1] } },
});

describe('applyMutant', () => {
  it('counts lines and columns from 1', () => {
    expect(offsetOf(source, { line: 1, column: 1 })).toBe(0);
    expect(source.slice(offsetOf(source, { line: 2, column: 5 }))).toMatch(/^a > 0\)/);
    expect(() => offsetOf(source, { line: 9, column: 1 })).toThrow(/past the end/);
  });

  it('replaces exactly the mutated span, on one line or across lines', () => {
    expect(applyMutant(source, mutant([2, 5], [2, 10], 'false'))).toBe('const a = 1;\nif (false) {\n  run();\n}\n');
    expect(applyMutant(source, mutant([2, 12], [4, 2], '{}'))).toBe('const a = 1;\nif (a > 0) {}\n');
  });
});
