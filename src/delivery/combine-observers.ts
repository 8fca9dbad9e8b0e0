import type { AttemptObserver } from './attempt.ts';

/** Several observers as one: exchanges are written in order, recordings fan out. */
export function combineObservers(...observers: AttemptObserver[]): AttemptObserver {
  return {
    exchanged: async (x) => {
      for (const o of observers) await o.exchanged?.(x);
    },
    recorded: (x) => {
      for (const o of observers) o.recorded?.(x);
    },
  };
}
