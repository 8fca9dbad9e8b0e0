// npm run fuzz [-- --requests 100000 --mock-messages 1000 --seed 1 --concurrency 16 --keep]
import { parseArgs } from 'node:util';
import { fuzzPassed, runFuzz, summaryLine } from './fuzz.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    'mock-messages': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const summary = await runFuzz({ requests: Number(values.requests), mockMessages: Number(values['mock-messages']), seed, concurrency: Number(values.concurrency), keep: values.keep, progress: true });
for (const sample of summary.serverErrorSamples) console.log(`  ${sample}`);
if (summary.mockMustRejectAccepted.length > 0) console.log(`  attacks the mock accepted: ${[...new Set(summary.mockMustRejectAccepted)].join(', ')}`);
if (values.keep) console.log(`  run folder: ${summary.dir}`);
console.log(summaryLine(summary, seed));
process.exitCode = fuzzPassed(summary) ? 0 : 1;
