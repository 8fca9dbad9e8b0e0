// POST /xroad/dms: the service DMS calls to push a final outcome from ЄДДР or a notice (DMS calls the
// gateway as an X-Road service provider; see README "The DMS → gateway channel"). No bearer token:
// the message is authenticated by its signature over the whole message, checked with the same code
// as DMS's answers (verifyDmsAnswer) against the pinned DMS CA. Anything refused is a SOAP Client
// fault with a code, stored nowhere; a failure of ours is a Server fault, so DMS tries again. Every
// answer is signed with the gateway's key.
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import type { XRoadIdentity } from '../config/config.ts';
import { linkEntry, sha256Hex } from '../evidence/chain.ts';
import { signerOf } from '../evidence/evidence-observer.ts';
import type { NoticeSink } from '../notices/notice.ts';
import { verifyDmsAnswer } from '../signing/dms-answer.ts';
import type { SigningKey } from '../signing/keys.ts';
import { soapParts } from '../signing/soap-parts.ts';
import type { Outcomes } from '../store/outcomes.ts';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { ProblemError } from '../errors.ts';
import { readBodyText } from '../http/middleware/read-body.ts';
import { acknowledgement, fault, type FaultKind } from './answers.ts';
import { CallbackRefused, readCallback, type Callback } from './callbacks.ts';

export const MAX_CALLBACK_BYTES = 256 * 1024;

export interface DmsInboundDeps {
  /** DMS's CA certificates, pinned (DMS_CA_FILE): the signer must chain to one. */
  caPems: string[];
  /** DMS's own X-Road subsystem: the only client accepted. */
  dms: XRoadIdentity;
  /** The gateway's signing key, read at each answer (it may be rotated). */
  signingKey: () => SigningKey;
  outcomes: Pick<Outcomes, 'recordOutcome'>;
  /** null: this channel carries no notices (the sandbox's); one is refused with a Client fault. */
  notices: NoticeSink | null;
  now: () => number;
  logger: Logger;
}

/** A sink that cannot store notices right now: DMS gets a Server fault and keeps the notice for a retry. */
export class NoticesUnavailable extends Error {}

const xml = (c: Context, body: string, status: 200 | 500) => c.body(body, status, { 'content-type': 'text/xml; charset=utf-8' });

export function dmsInboundRoutes(deps: DmsInboundDeps): Hono {
  const answerFault = (c: Context, messageId: string | null, kind: FaultKind, code: string, reason: string) => {
    // Codes and reasons only: never the person's data.
    deps.logger.warn({ messageId, code, kind }, 'DMS → gateway message refused');
    return xml(c, fault(deps.signingKey(), messageId, kind, code, reason), 500);
  };

  async function handleOutcome(c: Context, raw: string, callback: Extract<Callback, { kind: 'outcome' }>): Promise<Response> {
    const { outcome, messageId } = callback;
    const key = deps.signingKey();
    const stored = acknowledgement(key, messageId, { kind: 'outcome', id: outcome.outcomeId, stored: true });
    const at = deps.now();
    const receipt = await deps.outcomes.recordOutcome(outcome, at, (eventId) => (head) =>
      linkEntry(
        {
          at,
          eventId,
          messageId: outcome.messageId,
          // Not an attempt of ours: DMS's message about one.
          attempt: 0,
          outcome: outcome.decision.kind,
          httpStatus: 200,
          signer: signerOf(raw),
          answerSigner: signerOf(stored),
          requestDigest: sha256Hex(raw),
          requestBody: raw,
          responseDigest: sha256Hex(stored),
          responseBody: stored,
        },
        head,
      ),
    );
    if (receipt.kind === 'message_unknown') return answerFault(c, messageId, 'Client', 'MESSAGE_UNKNOWN', `no event of this gateway was sent as message ${outcome.messageId}`);
    if (receipt.kind === 'stored') deps.logger.info({ eventId: receipt.eventId, outcome: outcome.decision.kind, current: receipt.current }, 'final outcome from ЄДДР stored');
    return xml(c, receipt.kind === 'stored' ? stored : acknowledgement(key, messageId, { kind: 'outcome', id: outcome.outcomeId, stored: false }), 200);
  }

  async function handleNotice(c: Context, raw: string, callback: Extract<Callback, { kind: 'notice' }>, signer: string): Promise<Response> {
    const { notice, messageId } = callback;
    if (!deps.notices) return answerFault(c, messageId, 'Client', 'NOTICES_NOT_ACCEPTED', 'this channel carries final outcomes only');
    let receipt;
    try {
      receipt = await deps.notices.receive({ ...notice, messageXml: raw, signer });
    } catch (err) {
      if (err instanceof NoticesUnavailable) return answerFault(c, messageId, 'Server', 'NOTICES_UNAVAILABLE', err.message);
      throw err;
    }
    return xml(c, acknowledgement(deps.signingKey(), messageId, { kind: 'notice', id: notice.noticeId, stored: receipt.stored }), 200);
  }

  async function endpoint(c: Context): Promise<Response> {
    let raw: string;
    try {
      // Streamed under the limit: a larger body is cut off, never held whole.
      raw = await readBodyText(c, MAX_CALLBACK_BYTES);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      return err.code === 'BODY_TOO_LARGE'
        ? answerFault(c, null, 'Client', 'MESSAGE_TOO_LARGE', `the message is larger than ${MAX_CALLBACK_BYTES} bytes`)
        : answerFault(c, null, 'Client', 'MALFORMED_XML', err.messages.en);
    }
    const verified = verifyDmsAnswer(raw, { caPems: deps.caPems });
    if (!verified.ok) return answerFault(c, null, 'Client', verified.code, verified.reason);
    // Verified text, parsed once more: the same parser gives the same tree the signature covered.
    const parts = soapParts(parseXmlSafely(raw));
    const [header] = parts?.headers ?? [];
    const [body] = parts?.bodies ?? [];
    if (!header || !body) return answerFault(c, null, 'Client', 'CALLBACK_INVALID', 'the envelope needs a Header and a Body');
    let callback: Callback;
    try {
      callback = readCallback(header, body, deps.dms);
    } catch (err) {
      if (err instanceof CallbackRefused) return answerFault(c, null, 'Client', err.code, err.message);
      throw err;
    }
    try {
      return callback.kind === 'outcome' ? await handleOutcome(c, raw, callback) : await handleNotice(c, raw, callback, verified.signer.subject);
    } catch (err) {
      deps.logger.error({ err, messageId: callback.messageId }, 'a DMS → gateway message could not be handled');
      return answerFault(c, callback.messageId, 'Server', 'INTERNAL_ERROR', 'the gateway could not handle the message; send it again later');
    }
  }

  return new Hono().post('/', endpoint);
}
