// A DMS contract version: how an event becomes a request, and what an answer means.
// Deliveries remember the contract they were made for, so a new version can be introduced while
// older deliveries finish on theirs.
import type { RegistrationEvent } from '../domain/event.ts';
import type { Receipt, Rejection } from '../delivery/model/attempt-record.ts';

export interface RequestContext {
  gatewayEventId: string;
  messageId: string;
  registerCode: string;
}

export interface BuiltRequest {
  xml: string;
  serviceCode: string;
}

export interface DmsAnswer {
  status: number;
  body: string;
}

export type DmsVerdict =
  | { kind: 'ack'; receipt: Receipt }
  /** DMS refused the message on its merits: retrying cannot change the answer. */
  | { kind: 'rejection'; rejection: Rejection }
  | { kind: 'retryable'; errorClass: string; detail: string };

export interface DmsContract {
  readonly name: string;
  buildRequest(event: RegistrationEvent, ctx: RequestContext): BuiltRequest;
  serviceCodeFor(event: RegistrationEvent): string;
  interpretAnswer(answer: DmsAnswer, request: SentRequest): DmsVerdict;
}

export interface SentRequest {
  messageId: string;
  serviceCode: string;
  requestXml: string;
}
