import type { BreakerSnapshot } from '../delivery/circuit-breaker.ts';
import type { Access } from '../store/access.ts';
import type { Audit } from '../store/audit.ts';
import type { Deliveries } from '../store/deliveries.ts';
import type { DeliveryLog } from '../store/delivery-log.ts';
import type { Events } from '../store/events.ts';
import type { Evidence } from '../store/evidence.ts';
import type { ReplayJobs } from '../store/replay-jobs.ts';

/** The store modules operations use. */
export interface OperationsStore {
  events: Pick<Events, 'getEvent'>;
  deliveries: Pick<Deliveries, 'retryDelivery' | 'cancelDelivery'>;
  log: DeliveryLog;
  audit: Audit;
  evidence: Pick<Evidence, 'evidenceForEvent'>;
  replayJobs: ReplayJobs;
  access: Pick<Access, 'registerCodes'>;
}

export interface OperationsDeps {
  store: OperationsStore;
  /** The key of the person hash, to find events by an exact УНЗР. */
  personKeySecret: string;
  breakers: () => BreakerSnapshot[];
  /** Deliveries became due (a retry): wake the worker. */
  onDue: () => void;
  /** A replay job was started: wake its runner. */
  onReplay: () => void;
  now: () => number;
  /** The contract version a message made at `now` would be in, for a delivery whose version is `contract` (the retry of a failed message made in an older one re-makes it). */
  versionNow?: (contract: string, now: number) => string;
}
