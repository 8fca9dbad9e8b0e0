// Notices in a chaos run: DMS emits some (POST /__admin/notices on the mock) about people living in
// the run's territories; each register reads its own with GET /v1/notices (cursor pages) and
// acknowledges each one (POST /v1/notices/{id}/ack). Counted: emitted, and read by a register —
// each exactly once. The register side is another part of the gateway: while it answers 404, nothing
// is read, and the run says so.
import { makeUnzr } from './identifiers.ts';
import { bearer, call } from './http.ts';
import type { Rng } from './random.ts';

export const NOTICE_KINDS = ['person_died', 'temporary_permit_expired', 'temporary_permit_cancelled', 'immigration_permit_cancelled'] as const;

export interface NoticeItem {
  id: string;
  noticeId: string;
  kind: string;
}

/** Emits `count` notices at the mock, in the given КАТОТТГ codes; returns DMS's notice ids. */
export async function emitNotices(mockUrl: string, count: number, katottgs: string[], rng: Rng): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = NOTICE_KINDS[i % NOTICE_KINDS.length] as string;
    const birthDate = `19${rng.int(50, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
    const body = {
      kind,
      person: { unzr: makeUnzr(birthDate, rng.int(1, 9999)), lastName: 'Коваленко', firstName: 'Олена', birthDate },
      katottg: katottgs[i % katottgs.length],
      occurredOn: '2026-11-01',
      ...(kind === 'person_died' ? {} : { document: { type: 'temporary_residence_permit', number: `AB${String(100000 + i)}` } }),
    };
    const answer = await call(`${mockUrl}/__admin/notices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (answer.status !== 202) throw new Error(`POST /__admin/notices answered ${answer.status}: ${answer.text}`);
    ids.push((JSON.parse(answer.text) as { noticeId: string }).noticeId);
  }
  return ids;
}

export interface NoticeReading {
  /** false: GET /v1/notices answered 404 (not on this gateway yet). */
  available: boolean;
  /** DMS notice id → register index → how many times that register read it (each register it is routed to reads it once). */
  reads: Map<string, Map<number, number>>;
}

/** Each register reads all its notices page by page and acknowledges each; repeated until `expected` are read or `idleMs` passes. */
export async function readNotices(gatewayUrl: () => string, keys: string[], expected: Set<string>, idleMs: number): Promise<NoticeReading> {
  const reads = new Map<string, Map<number, number>>();
  let idleSince = Date.now();
  for (;;) {
    let found = 0;
    for (const [registerIndex, key] of keys.entries()) {
      let cursor: string | null = null;
      do {
        // Only what the register has not acknowledged yet: a notice shown again after its ack would be read twice.
        const url: string = `${gatewayUrl()}/v1/notices?acknowledged=false${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const answer = await call(url, { headers: bearer(key) }).catch(() => null);
        if (answer?.status === 404) return { available: false, reads };
        if (!answer || answer.status !== 200) break;
        const page = JSON.parse(answer.text) as { items: NoticeItem[]; nextCursor: string | null };
        for (const item of page.items) {
          const ack = await call(`${gatewayUrl()}/v1/notices/${encodeURIComponent(item.id)}/ack`, { method: 'POST', headers: bearer(key) }).catch(() => null);
          if (ack && ack.status >= 200 && ack.status < 300) {
            const byRegister = reads.get(item.noticeId) ?? new Map<number, number>();
            byRegister.set(registerIndex, (byRegister.get(registerIndex) ?? 0) + 1);
            reads.set(item.noticeId, byRegister);
            found++;
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    if ([...expected].every((id) => reads.has(id))) return { available: true, reads };
    if (found > 0) idleSince = Date.now();
    if (Date.now() - idleSince > idleMs) return { available: true, reads };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
