// The mock DMS's admin API, as the harness uses it: the fault plan, the counts, the registrations
// (its ledger: every message it accepted, never truncated) and the journal of rejections.
import { call, getJson } from './http.ts';

export interface MockStats {
  requests: number;
  byVerdict: { accepted: number; duplicate: number; rejected: number; fault: number };
  acceptedMessageIds: number;
  registeredEvents: number;
  businessDuplicates: { count: number; events: Array<{ gatewayEventId: string; messageIds: string[] }> };
}

export interface MockRegistration {
  receiptNumber: string;
  registeredAt: string;
  messageId: string;
  gatewayEventId: string;
  serviceCode: string;
}

export interface MockJournalEntry {
  seq: number;
  messageId: string | null;
  gatewayEventId: string | null;
  /** The request exactly as received. */
  raw: string;
  verdict: 'accepted' | 'duplicate' | 'rejected' | 'fault';
  code?: string;
  fault?: { type: string; when?: string };
}

export class MockAdmin {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async setFaults(config: unknown): Promise<void> {
    const answer = await call(`${this.url}/__admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
    if (answer.status !== 200) throw new Error(`PUT /__admin/faults answered ${answer.status}: ${answer.text}`);
  }

  async clearFaults(): Promise<void> {
    const answer = await call(`${this.url}/__admin/faults`, { method: 'DELETE' });
    if (answer.status !== 200) throw new Error(`DELETE /__admin/faults answered ${answer.status}`);
  }

  /** How many SOAP requests the fault rules have hit so far. */
  async faultHits(): Promise<number> {
    return (await getJson<{ ruleHits: number }>(`${this.url}/__admin/faults`)).ruleHits;
  }

  /** The mock serves only these versions from now on (retiredVersions: the others). */
  async retireVersions(retiredVersions: string[]): Promise<void> {
    const answer = await call(`${this.url}/__admin/versions`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ retiredVersions }) });
    if (answer.status !== 200) throw new Error(`PUT /__admin/versions answered ${answer.status}: ${answer.text}`);
  }

  /** DMS's outbox of outcomes and notices pushed to the gateway. */
  outbox(): Promise<{ counts: { pending: number; delivered: number; refused: number; total: number } }> {
    return getJson(`${this.url}/__admin/outbox?state=refused`);
  }

  stats(): Promise<MockStats> {
    return getJson<MockStats>(`${this.url}/__admin/stats`);
  }

  registrations(): Promise<MockRegistration[]> {
    return getJson<MockRegistration[]>(`${this.url}/__admin/registrations`);
  }

  /** The latest rejections in the journal (which keeps the last 10,000 requests). */
  rejections(limit = 1_000): Promise<MockJournalEntry[]> {
    return getJson<MockJournalEntry[]>(`${this.url}/__admin/messages?verdict=rejected&limit=${limit}`);
  }
}

/** The running number at the end of a receipt, `DMS-20261123-000042` → 42: the order DMS registered in. */
export function receiptCounter(receiptNumber: string): number {
  const n = Number(/-(\d+)$/.exec(receiptNumber)?.[1]);
  if (!Number.isFinite(n)) throw new Error(`unexpected receipt number ${receiptNumber}`);
  return n;
}
