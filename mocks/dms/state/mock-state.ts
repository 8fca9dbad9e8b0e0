// Everything the mock keeps between requests, in one object that tests can inspect directly.
import { FaultPlan } from '../faults/fault-plan.ts';
import { SchemaValidator } from '../schema/schema-validator.ts';
import { Journal } from './journal.ts';
import { KeyedLock } from './keyed-lock.ts';
import { Ledger } from './ledger.ts';
import { RetiredVersions } from './retired-versions.ts';

export interface MockDmsState {
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
}

export function createMockState({ now, journalCapacity }: StateOptions): MockDmsState {
  return {
    journal: new Journal(journalCapacity),
    ledger: new Ledger(now),
    faults: new FaultPlan(),
    validator: new SchemaValidator(),
    locks: new KeyedLock(),
    versions: new RetiredVersions(),
  };
}
