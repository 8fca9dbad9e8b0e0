// The generated events must be valid, or the chaos run would measure refusals instead of delivery:
// every one passes the gateway's own validation (with fee mismatches refused, so fees are right too).
import { describe, expect, it } from 'vitest';
import { unzrProblem } from '../../src/domain/unzr.ts';
import { rnokppBirthDate, rnokppProblem, rnokppSex } from '../../src/domain/rnokpp.ts';
import { validateEvent } from '../../src/ingest/validate-event.ts';
import { makeRnokpp, makeUnzr } from './identifiers.ts';
import { planRun } from './plan.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('the chaos plan', () => {
  it.each([1, 2, 3])('makes only valid events (seed %i)', (seed) => {
    const plan = planRun({ seed, events: 600, people: 80, registers: 3, now: NOW });
    expect(plan.events).toHaveLength(600);
    const problems: string[] = [];
    for (const e of plan.events) {
      const result = validateEvent(structuredClone(e.body), { now: new Date(NOW), feeMismatch: 'reject' });
      if (!result.ok) problems.push(`${e.ref}: ${result.issues.map((i) => `${i.code} ${i.pointer}`).join(', ')}`);
      else if (result.warnings.length > 0) problems.push(`${e.ref}: warnings ${result.warnings.map((w) => w.code).join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('gives each person strictly increasing times and every event a unique id', () => {
    const plan = planRun({ seed: 7, events: 1000, people: 50, registers: 4, now: NOW });
    for (const timeline of plan.timelines.values()) {
      for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.occurredAtMs).toBeGreaterThan(timeline[i - 1]!.occurredAtMs);
      expect(new Set(timeline.map((e) => e.registerIndex)).size).toBe(1);
    }
    expect(new Set(plan.events.map((e) => e.ref)).size).toBe(1000);
    expect(new Set(plan.registers.map((r) => r.code)).size).toBe(4);
    // Some people have several events, so order is actually at stake.
    expect(Math.max(...[...plan.timelines.values()].map((t) => t.length))).toBeGreaterThan(5);
    expect(new Set(plan.events.map((e) => e.body.type)).size).toBe(5);
  });

  it('is the same for the same seed', () => {
    const a = planRun({ seed: 11, events: 100, people: 10, registers: 2, now: NOW });
    const b = planRun({ seed: 11, events: 100, people: 10, registers: 2, now: NOW });
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });
});

describe('identifiers', () => {
  it('makes УНЗР and РНОКПП that the gateway accepts', () => {
    for (let serial = 1; serial < 2000; serial += 37) {
      expect(unzrProblem(makeUnzr('1988-03-15', serial))).toBeUndefined();
      const rnokpp = makeRnokpp('1975-06-30', serial, serial % 2 ? 'male' : 'female');
      expect(rnokppProblem(rnokpp)).toBeUndefined();
      expect(rnokppBirthDate(rnokpp)).toBe('1975-06-30');
      expect(rnokppSex(rnokpp)).toBe(serial % 2 ? 'male' : 'female');
    }
    // The documented examples.
    expect(makeUnzr('1955-02-12', 111)).toBe('19550212-01110');
    expect(makeUnzr('1991-08-24', 1)).toBe('19910824-00015');
  });
});
