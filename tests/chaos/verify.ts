// The checks at the end of a run, from the mock's ledger of registrations and the gateway's API.
//   lost:        an accepted event the gateway does not know, or reports delivered while DMS never
//                registered it
//   stuck:       accepted, never final
//   exactly once: each gateway event registered under one xrd:id only (businessDuplicates); no
//                registered event that no register had accepted; a resent eventId never made a
//                second gateway event
//   order:       per person, DMS registered the events in occurredAt order (the receipt counter
//                is the mock's order of first acceptance, also for a lost acknowledgement)
// Output names events by register code and event id and people by the harness's ref: no personal data.
import { INJECTED_REJECTION_CODE } from './faults.ts';
import type { EventView } from './gateway-api.ts';
import { receiptCounter, type MockRegistration, type MockStats } from './mock-admin.ts';
import type { AcceptedEvent, RunRecord } from './record.ts';
import type { Settled } from './settle.ts';

export interface Counts {
  accepted: number;
  /** Delivered to DMS (acknowledged), whatever ЄДДР decided after. */
  delivered: number;
  /** DMS's final outcome: registered in ЄДДР, or refused. */
  registered: number;
  refused: number;
  rejected: number;
  cancelled: number;
  /** Rejected by an injected fault after the mock had registered the message: see README. */
  rejectedAfterAck: number;
  failed: number;
  duplicates: number;
  lost: number;
  stuck: number;
  orderViolations: number;
  /** Broken register API promises: refused valid events, unanswered requests, replays that differ. */
  apiViolations: number;
}

export interface Verdict {
  counts: Counts;
  violations: string[];
}

export interface VerifyInput {
  record: RunRecord;
  settled: Settled;
  registrations: MockRegistration[];
  businessDuplicates: MockStats['businessDuplicates']['events'];
}

export function verify({ record, settled, registrations, businessDuplicates }: VerifyInput): Verdict {
  const violations: string[] = [];
  const counts: Counts = { accepted: record.accepted.size, delivered: 0, registered: 0, refused: 0, rejected: 0, cancelled: 0, rejectedAfterAck: 0, failed: 0, duplicates: 0, lost: 0, stuck: 0, orderViolations: 0, apiViolations: 0 };
  const byEvent = groupBy(registrations, (r) => r.gatewayEventId);
  const name = (e: AcceptedEvent) => `${e.ref} (gateway id ${e.gatewayId})`;

  for (const e of settled.unknown) {
    counts.lost++;
    violations.push(`lost: ${name(e)} was accepted, the gateway answers 404 for it`);
  }
  for (const { event, status } of settled.stuck) {
    counts.stuck++;
    violations.push(`stuck: ${name(event)} is still ${status}`);
  }

  const stuck = new Set(settled.stuck.map((s) => s.event.gatewayId));
  for (const e of record.accepted.values()) {
    const view = settled.views.get(e.gatewayId);
    if (!view || stuck.has(e.gatewayId)) continue;
    const regs = byEvent.get(e.gatewayId) ?? [];
    if (view.rejection) counts.rejected++;
    switch (view.status) {
      case 'registered':
      case 'refused':
        counts.delivered++;
        counts[view.status]++;
        if (view.outcome?.receiptNumber !== view.receipt?.number) violations.push(`outcome: ${name(e)} has an outcome for receipt ${view.outcome?.receiptNumber ?? 'none'}, its receipt is ${view.receipt?.number ?? 'none'}`);
        if (regs.length === 0) {
          counts.lost++;
          violations.push(`lost: ${name(e)} is delivered for the gateway, DMS never registered it`);
        } else if (!regs.some((r) => r.receiptNumber === view.receipt?.number)) {
          violations.push(`receipt: ${name(e)} has receipt ${view.receipt?.number ?? 'none'} at the gateway, DMS gave ${regs.map((r) => r.receiptNumber).join(', ')}`);
        }
        break;
      case 'cancelled':
        counts.cancelled++;
        if (regs.length > 0) {
          if (isRejectAfterAck(view, regs)) counts.rejectedAfterAck++;
          else violations.push(`cancelled but registered: ${name(e)} was registered by DMS under ${regs.map((r) => r.messageId).join(', ')}`);
        }
        break;
      case 'failed':
        counts.failed++;
        violations.push(`failed: ${name(e)} used up its retry schedule (${view.delivery.lastError ?? 'no error recorded'})`);
        break;
      default:
        violations.push(`not delivered: ${name(e)} ended ${view.status}`);
    }
  }

  // Exactly once, three ways of breaking it.
  const duplicateEvents = new Map(businessDuplicates.map((d) => [d.gatewayEventId, d.messageIds]));
  for (const [id, regs] of byEvent) {
    const messageIds = new Set(regs.map((r) => r.messageId));
    if (messageIds.size > 1) duplicateEvents.set(id, [...messageIds]);
  }
  for (const [id, messageIds] of duplicateEvents) {
    counts.duplicates++;
    violations.push(`duplicate: gateway event ${id} registered by DMS under ${messageIds.length} message ids (${messageIds.join(', ')})`);
  }
  const acceptedIds = new Set([...record.accepted.values()].map((e) => e.gatewayId));
  for (const id of byEvent.keys()) {
    if (acceptedIds.has(id) || record.extraGatewayIds.has(id)) continue;
    counts.duplicates++;
    violations.push(`duplicate: DMS registered gateway event ${id}, which no register had accepted`);
  }
  for (const v of record.violations) {
    if (v.kind === 'register_duplicate') counts.duplicates++;
    else counts.apiViolations++;
    violations.push(`${v.kind}: ${v.ref}: ${v.detail}`);
  }

  const order = orderViolations(record, byEvent);
  counts.orderViolations = order.length;
  violations.push(...order);
  return { counts, violations };
}

/**
 * The mock let an injected rejection answer a message it had already registered (a retry after a
 * lost acknowledgement): DMS contradicting itself, not the gateway breaking a promise.
 */
function isRejectAfterAck(view: EventView, regs: MockRegistration[]): boolean {
  return view.rejection?.code === INJECTED_REJECTION_CODE && regs.every((r) => r.messageId === view.delivery.messageId);
}

/** Per person, adjacent events (in occurredAt order) that DMS registered the other way round. */
export function orderViolations(record: RunRecord, byEvent: Map<string, MockRegistration[]>): string[] {
  const found: string[] = [];
  const people = groupBy([...record.accepted.values()], (e) => e.personRef);
  for (const [person, events] of people) {
    const registered = events
      .filter((e) => byEvent.has(e.gatewayId))
      .sort((a, b) => a.occurredAtMs - b.occurredAtMs)
      .map((e) => ({ e, rank: Math.min(...(byEvent.get(e.gatewayId) as MockRegistration[]).map((r) => receiptCounter(r.receiptNumber))) }));
    for (let i = 1; i < registered.length; i++) {
      const earlier = registered[i - 1]!;
      const later = registered[i]!;
      if (later.rank < earlier.rank) {
        found.push(`order: person ${person}: ${later.e.ref} (receipt #${later.rank}) was registered before the earlier ${earlier.e.ref} (receipt #${earlier.rank})`);
      }
    }
  }
  return found;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
