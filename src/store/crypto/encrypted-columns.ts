// Every column encrypted at rest, with the columns that identify its row (bound into each
// ciphertext). `rekey` walks this list; a store module seals on write and opens on read with the
// same entry. A new column holding personal data: one entry here, `cipher.seal(COLUMN, [rowKey…],
// value)` where the module writes it and `cipher.open(COLUMN, [rowKey…], row.column)` where it reads.

export interface EncryptedColumn {
  table: string;
  column: string;
  /** The columns whose values are bound into the ciphertext: known when the row is written, never changed after. */
  key: readonly string[];
  /** Unique columns `rekey` pages through; `key` when it is unique (a generated id is not known at the write, so it cannot be bound). */
  order?: readonly string[];
}

const column = (table: string, name: string, key: readonly string[], order?: readonly string[]): EncryptedColumn => ({ table, column: name, key, ...(order ? { order } : {}) });

export const ENCRYPTED = {
  /** The normalised event: names, УНЗР, РНОКПП, documents, addresses. */
  eventPayload: column('events', 'payload', ['id']),
  /** The signed message sent to DMS (the event mapped to XML). */
  requestXml: column('deliveries', 'request_xml', ['id']),
  /** DMS's rejection reason, which may quote the event. */
  rejectionReason: column('deliveries', 'rejection_reason', ['id']),
  /** An attempt's detail (DMS's reason) and the excerpt of DMS's answer. */
  attemptDetail: column('attempts', 'detail', ['delivery_id', 'number']),
  attemptResponse: column('attempts', 'response_excerpt', ['delivery_id', 'number']),
  /** DMS's reason for a final refusal from ЄДДР, which may quote the person like a rejection's. */
  outcomeReason: column('outcomes', 'refusal_reason', ['outcome_id']),
  /** The evidence log's bodies: the signed request and DMS's answer. Their digests (chained) are of the plaintext. */
  evidenceRequest: column('evidence_log', 'request_body', ['id']),
  evidenceResponse: column('evidence_log', 'response_body', ['id']),
  /** The answer replayed for a repeated idempotency key. */
  idempotentResponse: column('idempotency_keys', 'response_body', ['register_id', 'key']),
  /** Notices from DMS: the person (names, УНЗР, РНОКПП), the document, and the signed message. */
  noticePerson: column('notices', 'person', ['id']),
  noticeDocument: column('notices', 'document', ['id']),
  noticeMessage: column('notices', 'message_xml', ['id']),
  /** Operators' free-text reasons, which may name a person. An audit entry's id is made by the insert: its time, actor and action are bound. */
  cancelReason: column('deliveries', 'cancel_reason', ['id']),
  auditReason: column('audit_log', 'reason', ['at', 'actor', 'action'], ['id']),
  replayReason: column('replay_jobs', 'reason', ['id']),
  /** Webhook signing secrets (they must be read back to sign, so they cannot be hashed). */
  webhookSecret: column('webhook_endpoints', 'secret', ['id']),
  webhookPreviousSecret: column('webhook_endpoints', 'previous_secret', ['id']),
  /** The installation's secrets: the person-key secret (HMAC of УНЗР / РНОКПП) and the console's CSRF secret. */
  setting: column('settings', 'value', ['name']),
} as const satisfies Record<string, EncryptedColumn>;

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = Object.values(ENCRYPTED);
