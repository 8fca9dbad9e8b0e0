// The one line a run ends with, and the details printed above it when something is wrong.
import type { Counts } from './verify.ts';

export interface SummaryFacts {
  store: 'sqlite' | 'postgres';
  instances: number;
  counts: Counts;
  kills: number;
  faultRate: number;
  /** SOAP requests the mock received in all. */
  requests: number;
  /** While the faults were on: requests, and how many of them a fault rule hit. */
  faultPhase: { requests: number; faulted: number };
  elapsedMs: number;
  /** The evidence log after the run: ok(entries) or BROKEN. */
  evidence: string;
  /** Notices DMS emitted, and how many of them registers read (null: the register API is not there yet). */
  notices: { emitted: number; delivered: number | null };
}

export function summaryLine({ store, instances, counts: c, kills, faultRate, requests, faultPhase, elapsedMs, evidence, notices }: SummaryFacts): string {
  return [
    'chaos:',
    `store=${store}`,
    `instances=${instances}`,
    `accepted=${c.accepted}`,
    `delivered=${c.delivered}`,
    `rejected=${c.rejected}`,
    `cancelled=${c.cancelled}`,
    `failed=${c.failed}`,
    `duplicates=${c.duplicates}`,
    `lost=${c.lost}`,
    `stuck=${c.stuck}`,
    `order_violations=${c.orderViolations}`,
    `api_violations=${c.apiViolations}`,
    `rejected_after_ack=${c.rejectedAfterAck}`,
    `kills=${kills}`,
    `evidence=${evidence}`,
    `fault_rate=${faultRate}`,
    `requests=${requests}`,
    `faulted=${faultPhase.faulted}/${faultPhase.requests}`,
    `observed_fault_rate=${faultPhase.requests ? (faultPhase.faulted / faultPhase.requests).toFixed(2) : '0'}`,
    `elapsed=${(elapsedMs / 1000).toFixed(1)}s`,
    `registered=${c.registered}`,
    `refused=${c.refused}`,
    `notices=${notices.emitted}`,
    `notices_delivered=${notices.delivered ?? 0}`,
  ].join(' ');
}

/** At most `max` lines of each kind, so one systematic failure does not bury the others. */
export function violationReport(violations: string[], max = 20): string[] {
  const byKind = new Map<string, string[]>();
  for (const v of violations) {
    const kind = v.slice(0, v.indexOf(':'));
    byKind.set(kind, [...(byKind.get(kind) ?? []), v]);
  }
  const lines: string[] = [];
  for (const [kind, list] of byKind) {
    lines.push(...list.slice(0, max).map((v) => `  ${v}`));
    if (list.length > max) lines.push(`  … and ${list.length - max} more ${kind}`);
  }
  return lines;
}
