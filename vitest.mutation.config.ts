// The suite Stryker runs against each mutant (npm run mutation): the unit, store, route and access
// tests, without the end-to-end, chaos, browser and conformance runs that start whole gateways —
// too slow to repeat per mutant, and what they guard is covered by the faster tests too.
import path from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';
import base from './vitest.config.ts';

// Per mutant, Stryker runs the files that hold the covering tests and stops at the first failure.
// So the file that failed last (it has just killed a neighbouring mutant) goes first, then the
// quickest: a killed mutant costs one short file instead of the slowest. The same tests run for a
// surviving mutant, only in another order.
class FailedThenQuickest extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const result = (file: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${file.project.name}:${path.relative(this.ctx.config.root, file.moduleId)}`);
    const rank = (file: TestSpecification): [number, number] => {
      const last = result(file);
      if (!last) return [1, Number.POSITIVE_INFINITY];
      return [last.failed ? 0 : 1, last.duration];
    };
    return [...files].sort((a, b) => {
      const [fa, da] = rank(a);
      const [fb, db] = rank(b);
      return fa - fb || da - db;
    });
  }
}

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['tests/bench/**', 'tests/e2e/**', 'tests/chaos/**', 'tests/ui/**', 'tests/conformance/**', 'tests/fuzz/**', 'node_modules/**', 'reports/**'],
      sequence: { shuffle: false, sequencer: FailedThenQuickest },
      // The dry run measures every test once, on a machine shared with other work: a whole-gateway
      // test there took over the 30 s of npm test. Mutants get Stryker's own timeout (timeoutMS).
      testTimeout: 120_000,
    },
  }),
);
