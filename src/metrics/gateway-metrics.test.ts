import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './gateway-metrics.ts';

const counts = { accepted: 2, retrying: 1, blocked: 1, delivered: 7, registered: 3, refused: 1, rejected: 0, failed: 1, cancelled: 0 };
const sandboxCounts = { accepted: 5, retrying: 0, blocked: 0, delivered: 3, registered: 0, refused: 0, rejected: 0, failed: 9, cancelled: 0 };
const reader = (receivedAt: number | null) => ({
  countByStatusFor: async (_registerId: string | null, sandbox?: boolean) => (sandbox ? sandboxCounts : counts),
  // Only the live side has a waiting event here: the sandbox's must not count.
  oldestWaiting: async (_registerId: string | null, sandbox?: boolean) => (receivedAt === null || sandbox !== false ? null : { id: 'e1', registerEventId: 'r1', receivedAt }),
});
const breaker = (destination: string, state: 'closed' | 'half_open' | 'open') => ({
  destination,
  state,
  consecutiveFailures: 0,
  windowRequests: 0,
  windowFailures: 0,
  openUntil: null,
  timesOpened: 0,
});

describe('the gateway metrics', () => {
  it('exposes the counters, the store gauges and the process metrics in the Prometheus text format', async () => {
    const metrics = new GatewayMetrics();
    metrics.ingested.inc();
    metrics.ingested.inc();
    metrics.attempts.inc({ outcome: 'retryable', error_class: 'server_fault', sandbox: 'false' });
    metrics.latency.observe(0.3);
    const text = await metrics.render(reader(1_000), [breaker('http://dms/"x"', 'open')], 31_000);

    expect(metrics.registry.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toMatch(/^# TYPE rtg_events_ingested_total counter$/m);
    expect(text).toMatch(/^rtg_events_ingested_total 2$/m);
    expect(text).toMatch(/^rtg_delivery_attempts_total\{outcome="retryable",error_class="server_fault",sandbox="false"\} 1$/m);
    expect(text).toMatch(/^rtg_delivery_latency_seconds_bucket\{le="0.5"\} 1$/m);
    expect(text).toMatch(/^rtg_delivery_latency_seconds_count 1$/m);
    expect(text).toMatch(/^rtg_events\{status="delivered",sandbox="false"\} 7$/m);
    expect(text).toMatch(/^rtg_events\{status="failed",sandbox="true"\} 9$/m);
    expect(text).toMatch(/^rtg_backlog 4$/m);
    expect(text).toMatch(/^rtg_oldest_waiting_seconds 30$/m);
    // label values are escaped per the exposition format
    expect(text).toContain('rtg_circuit_breaker_state{destination="http://dms/\\"x\\""} 2');
    expect(text).toMatch(/^process_cpu_seconds_total [\d.e+-]+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e+-]+$/m);
  });

  it('reads the gauges afresh at each scrape', async () => {
    const metrics = new GatewayMetrics();
    await metrics.render(reader(1_000), [breaker('a', 'open')], 2_000);
    const text = await metrics.render(reader(null), [breaker('b', 'closed')], 2_000);
    expect(text).toMatch(/^rtg_oldest_waiting_seconds 0$/m);
    expect(text).not.toContain('destination="a"');
    expect(text).toMatch(/^rtg_circuit_breaker_state\{destination="b"\} 0$/m);
  });
});
