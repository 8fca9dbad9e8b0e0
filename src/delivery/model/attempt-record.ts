// What one delivery attempt produces: the record of the attempt, and the delivery's new state
// (with DMS's receipt or rejection). Times are milliseconds since the epoch.

/** DMS's acknowledgement. */
export interface Receipt {
  number: string;
  status: string;
  registeredAt: string;
}

/** DMS refused the message on its merits (a SOAP Client fault): final until an operator acts. */
export interface Rejection {
  code: string;
  reason: string;
}

export interface AttemptRecord {
  number: number;
  startedAt: number;
  durationMs: number;
  outcome: 'delivered' | 'rejected' | 'retryable';
  httpStatus: number | null;
  errorClass: string | null;
  detail: string | null;
  responseExcerpt: string | null;
  /** The message this attempt sent (xrd:id) and its contract version; null for attempts recorded before versions were kept, or when nothing was signed. */
  messageId: string | null;
  contract: string | null;
}

/** The delivery's state after an attempt. */
export type AttemptResult =
  | { status: 'delivered'; receipt: Receipt }
  | { status: 'rejected'; rejection: Rejection }
  /** `remap`: DMS retired the message's contract version; the event is re-made as a new message in `contract`. */
  | { status: 'retrying'; nextAttemptAt: number; error: string; remap?: { contract: string; messageId: string } }
  | { status: 'failed'; error: string };

/** A delivery handed to one worker until its lease runs out. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  messageId: string;
  /** Signed (requestXml set): the message's version. Not yet: the oldest version it may be made in. */
  contract: string;
  attempts: number;
  /** Attempts made before the last operator retry: the schedule restarts from there. */
  scheduleBase: number;
  payload: string;
  registerCode: string;
  /** The signed request from the first attempt: retries resend exactly these bytes. */
  requestXml: string | null;
  /** Posted with a test key: sent to the sandbox's mock DMS, never to DMS. */
  sandbox?: boolean;
}
