// Everything the mock keeps between requests, in one object that tests can inspect directly.
import { Outbox, type OutboxOptions } from '../callbacks/outbox.ts';
import { Publisher, type PublisherOptions } from '../callbacks/publisher.ts';
import { FaultPlan } from '../faults/fault-plan.ts';
import { SchemaValidator } from '../schema/schema-validator.ts';
import { Journal } from './journal.ts';
import { KeyedLock } from './keyed-lock.ts';
import { Ledger } from './ledger.ts';
import { RetiredVersions } from './retired-versions.ts';

export interface MockDmsState {
  /** What DMS pushes to the gateway, until acknowledged (callbacks/). */
  outbox: Outbox;
  publisher: Publisher;
  journal: Journal;
  ledger: Ledger;
  faults: FaultPlan;
  validator: SchemaValidator;
  locks: KeyedLock;
  versions: RetiredVersions;
}

export interface StateOptions {
  now: () => Date;
  journalCapacity?: number;
  /** Where outcomes and notices go, and who signs them (none: they wait in the outbox, unsigned ones are not made). */
  callbacks: Omit<OutboxOptions, 'now'> & Pick<PublisherOptions, 'sign' | 'outcomeDelayMs' | 'dmsIdentity'>;
}

export function createMockState({ now, journalCapacity, callbacks }: StateOptions): MockDmsState {
  const faults = new FaultPlan();
  const ledger = new Ledger(now);
  const outbox = new Outbox({ ...callbacks, now });
  const publisher = new Publisher({ outbox, faults, now, sign: callbacks.sign, outcomeDelayMs: callbacks.outcomeDelayMs, dmsIdentity: callbacks.dmsIdentity });
  ledger.onRegistered((receipt) => publisher.decide(receipt));
  ledger.onRepeated((messageId, receipt) => publisher.repeat(messageId, receipt));
  return {
    outbox,
    publisher,
    journal: new Journal(journalCapacity),
    ledger,
    faults,
    validator: new SchemaValidator(),
    locks: new KeyedLock(),
    versions: new RetiredVersions(),
  };
}
