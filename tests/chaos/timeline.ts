// One person's registration history, as the register records it: registered somewhere, moves,
// registers and ends a place of stay, deregisters and registers again. Event times strictly increase
// (the order the register produced them), which is the order the gateway must keep.
import type { Address, EventType, Fee, RegistrationEvent } from '../../src/domain/event.ts';
import { feeAmounts, feePeriodOn, formatKopiyky } from '../../src/domain/fee-schedule.ts';
import { addDays, kyivDate, kyivDateTime } from './kyiv-time.ts';
import type { ChaosPerson } from './people.ts';
import type { Rng } from './random.ts';

export interface ChaosRegister {
  code: string;
  name: string;
  /** Start of the register's event ids, e.g. `CH1` → `CH1-0000042`. */
  prefix: string;
}

export interface PlannedEvent {
  /** Unique in the run: register code and the register's event id. */
  ref: string;
  registerIndex: number;
  personRef: string;
  occurredAtMs: number;
  body: RegistrationEvent;
}

// Real КАТОТТГ settlement codes (from contracts/events/v1/RULES.md) with their streets.
const PLACES = [
  { katottg: 'UA32020010010081183', postal: '09100', streets: ['вул. Ярослава Мудрого', 'бульв. Олександрійський', 'вул. Фастівська', 'вул. Леваневського', 'вул. Вернадського'] },
  { katottg: 'UA80000000000093317', postal: '01001', streets: ['вул. Богдана Хмельницького', 'вул. Саксаганського', 'просп. Берестейський', "вул. Мар'яненка"] },
  { katottg: 'UA63080090010026457', postal: '63701', streets: ['вул. Соборна', 'вул. Харківська', 'просп. Конституції'] },
];

/** The КАТОТТГ codes the run's addresses are in: its registers' territories (notices are addressed there). */
export const RUN_KATOTTGS: readonly string[] = PLACES.map((p) => p.katottg);

export function makeAddress(rng: Rng, avoid?: Address): Address {
  for (;;) {
    const place = rng.pick(PLACES);
    const address: Address = {
      katottg: place.katottg,
      street: rng.pick(place.streets),
      building: String(rng.int(1, 160)),
      ...(rng.chance(0.75) ? { apartment: String(rng.int(1, 220)) } : {}),
      ...(rng.chance(0.5) ? { postalCode: place.postal } : {}),
    };
    if (!avoid || address.street !== avoid.street || address.building !== avoid.building || address.apartment !== avoid.apartment) return address;
  }
}

/** The fee due on time on `date` (Kyiv); past the fee table, the last known amount (a warning). */
export function feeOn(rng: Rng, date: string): Fee {
  const period = feePeriodOn(date) ?? feePeriodOn('2026-12-31');
  const amount = period ? formatKopiyky(feeAmounts(period).onTime) : '49.92';
  const code = () => Array.from({ length: 4 }, () => rng.pick([...'0123456789ABCDEFHKMNPQRTVWX'])).join('');
  return { kind: 'paid', amount, receiptCode: `${code()}-${code()}-${code()}`, ...(rng.chance(0.5) ? { paidOn: date } : {}) };
}

interface State {
  residence: Address | null;
  stay: Address | null;
}

function nextType(rng: Rng, s: State): EventType {
  if (!s.residence) return rng.chance(0.85) ? 'residence.registered' : s.stay ? 'stay.deregistered' : 'stay.registered';
  const r = rng.next();
  if (r < 0.45) return 'residence.moved';
  if (r < 0.7) return s.stay ? 'stay.deregistered' : 'stay.registered';
  return 'residence.deregistered';
}

/** The events of one person at the given instants (strictly increasing). */
export function personTimeline(rng: Rng, who: ChaosPerson, register: ChaosRegister, instants: number[], nextEventId: () => string): PlannedEvent[] {
  const state: State = { residence: null, stay: null };
  return instants.map((at, i) => {
    const type: EventType = i === 0 ? 'residence.registered' : nextType(rng, state);
    const date = kyivDate(at);
    const common = {
      eventId: nextEventId(),
      type,
      occurredAt: kyivDateTime(at),
      register: rng.chance(0.3) ? { code: register.code, name: register.name } : { code: register.code },
      person: who.person,
      document: who.document,
      // A place of stay is free (src/domain/fees.ts); the draw is made anyway so that seeds replay alike.
      fee: ((fee: Fee): Fee => (type.startsWith('stay.') ? { kind: 'exempt', ground: 'law' } : fee))(feeOn(rng, date)),
      channel: rng.chance(0.85) ? ('cnap' as const) : ('electronic' as const),
    };
    const arrivedOn = addDays(date, -rng.int(0, 20));
    let body: RegistrationEvent;
    switch (type) {
      case 'residence.registered':
      case 'residence.declared':
        state.residence = makeAddress(rng);
        body = { ...common, arrivedOn, address: state.residence };
        break;
      case 'residence.moved': {
        const previousAddress = state.residence as Address;
        state.residence = makeAddress(rng, previousAddress);
        body = { ...common, arrivedOn, address: state.residence, previousAddress };
        break;
      }
      case 'stay.registered':
        state.stay = makeAddress(rng, state.residence ?? undefined);
        body = { ...common, arrivedOn, address: state.stay };
        break;
      case 'stay.deregistered':
        body = { ...common, address: state.stay as Address, deregistration: { ground: 'application' } };
        state.stay = null;
        break;
      case 'residence.deregistered': {
        const leaseEnded = rng.chance(0.2);
        body = {
          ...common,
          arrivedOn,
          address: state.residence as Address,
          deregistration: leaseEnded
            ? { ground: 'dwelling_right_ended', basisDocument: { kind: 'lease_end', number: `Договір найму № ${rng.int(1, 99)}/${date.slice(0, 4)}`, issuedOn: addDays(date, -rng.int(1, 60)), issuer: 'Власник житла' } }
            : { ground: 'application' },
        };
        state.residence = null;
        break;
      }
    }
    return { ref: `${register.code}:${body.eventId}`, registerIndex: who.registerIndex, personRef: who.ref, occurredAtMs: at, body };
  });
}
