// The webhook model: the event types a register may subscribe to, what an endpoint looks like to its
// register and to operators (never with its secret), and what one delivery attempt of a message
// produces. Payloads follow Standard Webhooks: {type, timestamp, data}.

/** Emitted by the delivery path (event.*) and by the contract-versions work (event.registered, event.refused, notice.created). */
export const WEBHOOK_EVENT_TYPES = [
  'event.delivered',
  'event.rejected',
  'event.failed',
  'event.blocked',
  'event.registered',
  'event.refused',
  'notice.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (t: unknown): t is WebhookEventType => typeof t === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t);

/** Why an endpoint is disabled: by its register, by an operator, or by the worker after failing for WEBHOOK_DISABLE_AFTER. */
export type DisabledReason = 'register' | 'operator' | 'failing';

export interface WebhookEndpoint {
  id: string;
  registerId: string;
  registerCode: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  disabledReason: DisabledReason | null;
  disabledAt: number | null;
  failingSince: number | null;
  /** While a rotation overlaps: until when the previous secret still signs. */
  previousSecretExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What a change inside the gateway reports; `data` holds ids, statuses and codes, no personal data. */
export interface WebhookNotification {
  registerId: string;
  type: WebhookEventType;
  /** Messages with the same person key go out to one endpoint in the order they were written; null: no order. */
  personKey: string | null;
  data: Record<string, unknown>;
}

export type WebhookMessageStatus = 'pending' | 'delivered' | 'failed';

/** A message handed to one worker until its lease runs out. */
export interface ClaimedWebhookMessage {
  id: string;
  endpointId: string;
  url: string;
  type: string;
  payload: string;
  attempts: number;
  scheduleBase: number;
}

export interface WebhookAttempt {
  messageId: string;
  type: string;
  number: number;
  startedAt: number;
  durationMs: number;
  outcome: 'delivered' | 'failed';
  httpStatus: number | null;
  error: string | null;
}

/** The message's state after an attempt. */
export type WebhookAttemptResult = { status: 'delivered' } | { status: 'pending'; nextAttemptAt: number; error: string } | { status: 'failed'; error: string };
