// The gateway's one attempt observer is made of several: the evidence keeper, the metrics, the
// webhook worker's wake-up. Evidence comes from the first that keeps it; every recording reaches all.
import { describe, expect, it } from 'vitest';
import type { AttemptObserver } from './attempt.ts';
import { combineObservers } from './combine-observers.ts';

type Recorded = Parameters<NonNullable<AttemptObserver['recorded']>>[0];
type Exchange = Parameters<NonNullable<AttemptObserver['evidence']>>[0];

describe('combineObservers', () => {
  it('hands every recorded attempt to each observer that listens, in order', () => {
    const heard: string[] = [];
    const x = { attempt: { number: 1 } } as unknown as Recorded;
    const combined = combineObservers({ recorded: (r) => heard.push(`a${r.attempt.number}`) }, {}, { recorded: (r) => heard.push(`b${r.attempt.number}`) });
    combined.recorded?.(x);
    expect(heard).toEqual(['a1', 'b1']);
  });

  it('takes the evidence entry from the first observer that keeps evidence, and has none when none does', () => {
    const link = (n: number) => ({ n }) as unknown as ReturnType<NonNullable<AttemptObserver['evidence']>>;
    const combined = combineObservers({}, { evidence: () => link(1) }, { evidence: () => link(2) });
    expect(combined.evidence?.({} as Exchange)).toEqual({ n: 1 });
    expect(combineObservers({ recorded: () => undefined }).evidence).toBeUndefined();
  });
});
