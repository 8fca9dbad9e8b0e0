// The gateway's metrics. Counters and the latency histogram count what this process did (sum them
// over instances); gauges are read from the shared store at scrape time.
import type { AttemptObserver } from '../delivery/attempt.ts';
import type { BreakerSnapshot } from '../delivery/circuit-breaker.ts';
import { uuidv7Time } from '../ids.ts';
import type { DeliveryLog } from '../store/delivery-log.ts';
import { Counter, Histogram, renderGauge } from './registry.ts';

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export class GatewayMetrics {
  readonly ingested = new Counter('rtg_events_ingested_total', 'Events accepted from registers (new ones, not repeats).');
  readonly finished = new Counter('rtg_deliveries_finished_total', 'Deliveries that reached a final status, by status.');
  readonly attempts = new Counter('rtg_delivery_attempts_total', 'Delivery attempts by outcome and error class.');
  readonly latency = new Histogram('rtg_delivery_latency_seconds', 'Time from acceptance to DMS acknowledgement.', [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400, 259200]);

  /** Feeds the counters from the delivery worker. */
  readonly observer: AttemptObserver = {
    recorded: ({ delivery, attempt, result }) => {
      this.attempts.inc({ outcome: attempt.outcome, error_class: attempt.errorClass ?? 'none' });
      if (result.status !== 'retrying') this.finished.inc({ status: result.status });
      // The event id is a UUIDv7 made at acceptance: it carries the acceptance time.
      if (result.status === 'delivered') this.latency.observe((Date.now() - uuidv7Time(delivery.eventId)) / 1000);
    },
  };

  async render(log: Pick<DeliveryLog, 'countByStatusFor' | 'oldestWaiting'>, breakers: BreakerSnapshot[], now: number): Promise<string> {
    const [counts, oldest] = await Promise.all([log.countByStatusFor(null), log.oldestWaiting(null)]);
    const lines = [
      ...this.ingested.render(),
      ...this.finished.render(),
      ...this.attempts.render(),
      ...this.latency.render(),
      ...renderGauge('rtg_events', 'Events in the store by status.', Object.entries(counts).map(([status, value]) => ({ labels: { status }, value }))),
      ...renderGauge('rtg_backlog', 'Events not yet delivered and not final (accepted, retrying, blocked).', [{ value: counts.accepted + counts.retrying + counts.blocked }]),
      ...renderGauge('rtg_oldest_waiting_seconds', 'Age of the oldest event still waiting for delivery (0 when none).', [{ value: oldest ? Math.max(0, (now - oldest.receivedAt) / 1000) : 0 }]),
      ...renderGauge('rtg_circuit_breaker_state', 'Circuit breaker per destination: 0 closed, 1 half-open, 2 open.', breakers.map((b) => ({ labels: { destination: b.destination }, value: BREAKER_VALUE[b.state] }))),
    ];
    return `${lines.join('\n')}\n`;
  }
}
