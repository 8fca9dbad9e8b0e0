import { describe, expect, it } from 'vitest';
import { FaultPlan } from './fault-plan.ts';
import { parseFaultConfig } from './parse-fault-config.ts';
import type { FaultConfig } from './fault-config.ts';

function plan(raw: unknown): FaultPlan {
  const parsed = parseFaultConfig(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const p = new FaultPlan();
  p.set(parsed.config);
  return p;
}

const draw = (p: FaultPlan, n: number) => Array.from({ length: n }, () => p.next()?.type ?? 'ok');

describe('FaultPlan', () => {
  it('plays the sequence first, then the rules', () => {
    const p = plan({ sequence: [{ type: 'reset' }, { type: 'none' }], rules: [{ type: 'malformed', probability: 1 }] });
    expect(draw(p, 4)).toEqual(['reset', 'ok', 'malformed', 'malformed']);
    expect(p.view()).toMatchObject({ consumed: 2, remaining: 0, ruleHits: 2 });
  });

  it('replays the same choices for the same seed', () => {
    const config = { seed: 42, rules: [{ type: 'status', status: 503, probability: 0.3 }, { type: 'reset', probability: 0.3 }] };
    const first = draw(plan(config), 200);
    expect(draw(plan(config), 200)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['status', 'reset', 'ok']));
    // 0.3 + 0.7 × 0.3 = 51 % of requests get a fault; 200 draws land well inside 35–67 %.
    const faults = first.filter((t) => t !== 'ok').length;
    expect(faults).toBeGreaterThan(70);
    expect(faults).toBeLessThan(134);
  });

  it('never fires a rule with probability 0', () => {
    expect(draw(plan({ seed: 1, rules: [{ type: 'reset', probability: 0 }] }), 100)).toEqual(Array(100).fill('ok'));
  });

  it('fills in when: "before" and keeps "after"', () => {
    const parsed = parseFaultConfig({ sequence: [{ type: 'reset' }, { type: 'status', status: 500, when: 'after' }] });
    expect(parsed.ok && parsed.config).toEqual<FaultConfig>({
      sequence: [
        { type: 'reset', when: 'before' },
        { type: 'status', status: 500, when: 'after' },
      ],
      rules: [],
    });
  });
});

describe('parseFaultConfig', () => {
  it.each([
    ['not an object', [], ''],
    ['an unknown top-level field', { sequnce: [] }, '/sequnce'],
    ['a negative seed', { seed: -1 }, '/seed'],
    ['a status outside 400–599', { sequence: [{ type: 'status', status: 302 }] }, '/sequence/0/status'],
    ['a delay without ms', { sequence: [{ type: 'delay' }] }, '/sequence/0/ms'],
    ['a field of another type', { sequence: [{ type: 'reset', ms: 5 }] }, '/sequence/0/ms'],
    ['a bad when', { sequence: [{ type: 'reset', when: 'during' }] }, '/sequence/0/when'],
    ['a lower-case reject code', { sequence: [{ type: 'reject', code: 'oops' }] }, '/sequence/0/code'],
    ['a probability above 1', { rules: [{ type: 'reset', probability: 1.5 }] }, '/rules/0/probability'],
  ])('refuses %s', (_name, raw, pointer) => {
    const parsed = parseFaultConfig(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.pointer)).toContain(pointer);
  });
});
