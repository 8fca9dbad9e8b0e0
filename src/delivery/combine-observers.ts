import type { AttemptObserver } from './attempt.ts';

/** Several observers as one: the evidence entry comes from the one that keeps evidence, recordings fan out. */
export function combineObservers(...observers: AttemptObserver[]): AttemptObserver {
  const keeper = observers.find((o) => o.evidence);
  return {
    ...(keeper?.evidence ? { evidence: keeper.evidence } : {}),
    recorded: (x) => {
      for (const o of observers) o.recorded?.(x);
    },
  };
}
