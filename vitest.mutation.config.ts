// The suite Stryker runs against each mutant (npm run mutation): the unit, store, route and access
// tests, without the end-to-end, chaos, browser and conformance runs that start whole gateways —
// too slow to repeat per mutant, and what they guard is covered by the faster tests too.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['tests/bench/**', 'tests/e2e/**', 'tests/chaos/**', 'tests/ui/**', 'tests/conformance/**', 'tests/fuzz/**', 'node_modules/**', 'reports/**'],
      sequence: { shuffle: false },
    },
  }),
);
