// The whole run's data, fixed by the seed: the registers, their people, and every event each
// person's register will post, in the person's order.
import { addDays, DAY_MS, kyivDate } from './kyiv-time.ts';
import { makePerson, type ChaosPerson } from './people.ts';
import { createRng, type Rng } from './random.ts';
import { personTimeline, type ChaosRegister, type PlannedEvent } from './timeline.ts';

export interface PlanOptions {
  seed: number;
  events: number;
  people: number;
  registers: number;
  /** The events happen in the `windowDays` before this instant. */
  now: number;
  windowDays?: number;
}

export interface ChaosPlan {
  registers: ChaosRegister[];
  people: ChaosPerson[];
  /** Each person's events in the order they happened. */
  timelines: Map<string, PlannedEvent[]>;
  events: PlannedEvent[];
}

const DEMO_REGISTER = { code: '26376375', name: 'Управління адміністративних послуг Білоцерківської міської ради' };
const TOWNS = ['Фастівської', 'Обухівської', 'Васильківської', 'Куп’янської', 'Броварської', 'Ірпінської', 'Богуславської', 'Таращанської'];

export function makeRegisters(rng: Rng, count: number): ChaosRegister[] {
  const registers: ChaosRegister[] = [{ ...DEMO_REGISTER, prefix: 'CH1' }];
  const codes = new Set([DEMO_REGISTER.code]);
  while (registers.length < count) {
    const code = String(rng.int(10_000_000, 99_999_999));
    if (codes.has(code)) continue;
    codes.add(code);
    const town = TOWNS[(registers.length - 1) % TOWNS.length] as string;
    registers.push({ code, name: `Виконавчий комітет ${town} міської ради (${registers.length + 1})`, prefix: `CH${registers.length + 1}` });
  }
  return registers;
}

export function planRun(options: PlanOptions): ChaosPlan {
  if (options.people < 1 || options.events < options.people) throw new Error('need at least one person and one event per person');
  const rng = createRng(options.seed);
  const registers = makeRegisters(rng, options.registers);
  const windowDays = options.windowDays ?? 300;
  // Office hours of working days in the window; the last one ends an hour before `now`.
  const latest = options.now - 60 * 60_000;
  const earliest = latest - windowDays * DAY_MS;
  const firstDate = kyivDate(earliest);
  const lastDate = addDays(kyivDate(options.now), 1);

  const counts = eventsPerPerson(rng, options.events, options.people);
  const eventCounters = registers.map(() => 0);
  const people: ChaosPerson[] = [];
  const timelines = new Map<string, PlannedEvent[]>();
  const events: PlannedEvent[] = [];
  counts.forEach((count, index) => {
    const registerIndex = index % registers.length;
    const register = registers[registerIndex] as ChaosRegister;
    const who = makePerson(rng, index, registerIndex, firstDate, lastDate);
    const nextEventId = () => `${register.prefix}-${String(++eventCounters[registerIndex]!).padStart(7, '0')}`;
    const timeline = personTimeline(rng, who, register, instants(rng, count, earliest, latest), nextEventId);
    people.push(who);
    timelines.set(who.ref, timeline);
    events.push(...timeline);
  });
  return { registers, people, timelines, events };
}

/** At least one each; the rest skewed, so some people have many events waiting behind each other. */
function eventsPerPerson(rng: Rng, events: number, people: number): number[] {
  const weights = Array.from({ length: people }, () => -Math.log(1 - rng.next()));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map(() => 1);
  let left = events - people;
  // Hand the rest out by weight, one at a time, so the total is exact.
  const cumulative = weights.map(((sum) => (w: number) => (sum += w / total))(0));
  while (left > 0) {
    const r = rng.next();
    const i = cumulative.findIndex((c) => r < c);
    counts[i === -1 ? people - 1 : i]!++;
    left--;
  }
  return counts;
}

/** `count` distinct whole minutes between `from` and `to`, in order, each in Kyiv office hours. */
function instants(rng: Rng, count: number, from: number, to: number): number[] {
  const days = Math.floor((to - from) / DAY_MS);
  const picked = new Set<number>();
  while (picked.size < count) {
    const day = Math.floor(from / DAY_MS) * DAY_MS + rng.int(1, Math.max(1, days - 1)) * DAY_MS;
    // 06:00–14:59 UTC is within 08:00–17:59 in Kyiv all year.
    const at = day + (6 * 60 + rng.int(0, 9 * 60 - 1)) * 60_000;
    if (at > from && at < to) picked.add(at);
  }
  return [...picked].sort((a, b) => a - b);
}
