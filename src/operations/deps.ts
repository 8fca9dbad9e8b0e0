import type { BreakerSnapshot } from '../delivery/circuit-breaker.ts';
import type { OperationsStore } from '../store/operations-store.ts';
import type { Store } from '../store/store.ts';

export interface OperationsDeps {
  store: Store & OperationsStore;
  /** The key of the person hash, to find events by an exact УНЗР. */
  personKeySecret: string;
  breakers: () => BreakerSnapshot[];
  /** Deliveries became due (a retry): wake the worker. */
  onDue: () => void;
  /** A replay job was started: wake its runner. */
  onReplay: () => void;
  now: () => number;
}
