// npm run chaos [-- --events 3000 --kills 4 …]: the delivery guarantees under faults and kills.
// npm run chaos -- --postgres --instances 3: the same against several instances on PostgreSQL.
// Prints one summary line (and the violations above it); exits 1 on any violation.
import { parseArgs } from 'node:util';
import { runChaos } from './chaos.ts';
import { DEFAULT_OPTIONS as D, type ChaosOptions } from './options.ts';

const USAGE = `usage: npm run chaos -- [options]
  --events N          events posted in all (${D.events})
  --registers N       registers posting at once (${D.registers})
  --people N          people the events are about (${D.people})
  --kills N           SIGKILLs of a gateway instance during the run (${D.kills})
  --fault-rate R      share of DMS requests that get a fault (${D.faultRate})
  --reject-rate R     share of DMS requests rejected on their merits, within the fault rate (${D.rejectRate})
  --seed N            fixes the people, events and fault plan (${D.seed})
  --postgres          a fresh PostgreSQL database on TEST_DATABASE_URL's server instead of SQLite
  --instances N       gateway instances on one database (${D.instances}; more than 1 needs --postgres)
  --concurrency N     requests in flight per register (${D.concurrency})
  --settle-timeout S  seconds without progress before waiting for final states gives up (${D.settleTimeoutMs / 1000})
  --kill-after-posting  kill only once every event is posted (no 10 s waits for keys in flight)
  --cutover           half-way through, the mock retires contract v1 (v2 only); also emits notices
  --notices N         notices DMS emits (default: events / 20 with --cutover, else 0)
  --keep              keep the run's folder (database, logs) and PostgreSQL database even when it passes
  --quiet             only the summary (and violations)`;

function main(): Promise<number> | number {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        events: { type: 'string' },
        registers: { type: 'string' },
        people: { type: 'string' },
        kills: { type: 'string' },
        'fault-rate': { type: 'string' },
        'reject-rate': { type: 'string' },
        seed: { type: 'string' },
        instances: { type: 'string' },
        concurrency: { type: 'string' },
        'settle-timeout': { type: 'string' },
        keep: { type: 'boolean' },
        cutover: { type: 'boolean' },
        notices: { type: 'string' },
        'kill-after-posting': { type: 'boolean' },
        quiet: { type: 'boolean' },
        postgres: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const problems: string[] = [];
  const int = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) problems.push(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const rate = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!(n >= 0 && n <= 0.9)) problems.push(`--${name} must be a number from 0 to 0.9`);
    return n;
  };
  const options: ChaosOptions = {
    ...D,
    events: int('events', parsed.events, D.events, 1),
    registers: int('registers', parsed.registers, D.registers, 1),
    people: int('people', parsed.people, D.people, 1),
    kills: int('kills', parsed.kills, D.kills, 0),
    faultRate: rate('fault-rate', parsed['fault-rate'], D.faultRate),
    rejectRate: rate('reject-rate', parsed['reject-rate'], D.rejectRate),
    seed: int('seed', parsed.seed, D.seed, 0),
    postgres: parsed.postgres ?? false,
    instances: int('instances', parsed.instances, D.instances, 1),
    concurrency: int('concurrency', parsed.concurrency, D.concurrency, 1),
    settleTimeoutMs: 1000 * int('settle-timeout', parsed['settle-timeout'], D.settleTimeoutMs / 1000, 1),
    keep: parsed.keep ?? false,
    cutover: parsed.cutover ?? false,
    notices: int('notices', parsed.notices, parsed.cutover ? Math.max(4, Math.round(int('events', parsed.events, D.events, 1) / 20)) : D.notices, 0),
    killAfterPosting: parsed['kill-after-posting'] ?? false,
    log: parsed.quiet ? () => undefined : (line) => console.log(line),
  };
  if (options.rejectRate > options.faultRate) problems.push('--reject-rate cannot exceed --fault-rate');
  if (options.instances > 1 && !options.postgres) problems.push('--instances > 1 needs a shared database: add --postgres (SQLite is a file of one process)');
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }
  return runChaos(options).then((result) => {
    if (!result.ok) {
      console.log('violations:');
      for (const line of result.details) console.log(line);
    }
    if (result.keptDir) console.log(`chaos: the run's folder (data/, logs/*.log) is kept: ${result.keptDir}`);
    if (result.keptDatabase) console.log(`chaos: the run's PostgreSQL database is kept: ${result.keptDatabase}`);
    for (const note of result.notes) console.log(note);
    console.log(result.summary);
    return result.ok ? 0 : 1;
  });
}

process.exitCode = await main();
