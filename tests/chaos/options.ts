// The knobs of a chaos run and their defaults: the default run finishes in a few minutes on a
// shared 2-core machine.
export interface ChaosOptions {
  events: number;
  registers: number;
  people: number;
  kills: number;
  /** Share of SOAP requests the mock answers with a fault (rejections included). */
  faultRate: number;
  /** Share of SOAP requests the mock rejects on their merits. */
  rejectRate: number;
  seed: number;
  /** The store: SQLite (one instance) or a fresh PostgreSQL database the instances share. */
  postgres: boolean;
  /** Gateway instances on one database (SQLite: 1 only). */
  instances: number;
  /** Requests each register has in flight at once. */
  concurrency: number;
  /** Share of accepted events resent with the same Idempotency-Key, and with the same eventId and a new key. */
  resendSameKey: number;
  resendSameEventId: number;
  /** The kills are spread evenly over this part of the run's progress (0 = start, 1 = all posted and registered). */
  killWindow: [number, number];
  /**
   * Kill only once every event is posted. A kill while a POST is half done leaves its
   * Idempotency-Key in flight for 10 s (the gateway's take-over delay), so the register's retry
   * waits that long: too slow for the test suite's version.
   */
  killAfterPosting: boolean;
  /** How long waiting for the events to become final may go without progress. */
  settleTimeoutMs: number;
  /** Half-way through the run, the mock retires contract v1: events go out in v2 (re-made on CONTRACT_VERSION_RETIRED). */
  cutover: boolean;
  /** Notices DMS emits during the run (0: none). */
  notices: number;
  /** Share of accepted messages whose final outcome from ЄДДР is a refusal. */
  refuseRate: number;
  /** Keep the run's folder (database, logs) and PostgreSQL database even when it passes. */
  keep: boolean;
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<ChaosOptions, 'log'> = {
  events: 2000,
  registers: 4,
  people: 200,
  kills: 4,
  faultRate: 0.35,
  rejectRate: 0.004,
  seed: 1,
  postgres: false,
  instances: 1,
  concurrency: 6,
  resendSameKey: 0.05,
  resendSameEventId: 0.05,
  killWindow: [0.05, 0.95],
  killAfterPosting: false,
  settleTimeoutMs: 60_000,
  cutover: false,
  notices: 0,
  refuseRate: 0.02,
  keep: false,
};
