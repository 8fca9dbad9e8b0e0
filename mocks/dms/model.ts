// The mock's vocabulary: the services it serves and the verdicts it gives. Kept free of DOM types so
// that the journal and the admin API can use it as plain data.

export const SERVICE_CODES = [
  'RegisterResidence',
  'RegisterStay',
  'DeregisterResidence',
  'DeregisterStay',
  'RegisterResidenceWithDeregistration',
  'DeclareResidence',
] as const;

export type ServiceCode = (typeof SERVICE_CODES)[number];

import { NS } from '../../src/xml/namespaces.ts';

/** The contract versions the mock serves: X-Road serviceVersion → the namespace of its elements. */
export const CONTRACT_NAMESPACES: Readonly<Record<string, string>> = { v1: NS.reg, v2: NS.regV2 };

/** The version whose elements are in namespace `ns`, or null for an unknown one. */
export function versionOfNamespace(ns: string | null | undefined): string | null {
  return Object.entries(CONTRACT_NAMESPACES).find(([, n]) => n === ns)?.[0] ?? null;
}

export function isServiceCode(value: string): value is ServiceCode {
  return (SERVICE_CODES as readonly string[]).includes(value);
}

/** What DMS hands back for a registered message; a DUPLICATE repeats the original one. */
export interface Receipt {
  receiptNumber: string;
  registeredAt: string;
  messageId: string;
  gatewayEventId: string;
  serviceCode: ServiceCode;
}

/** A final, business-level refusal: goes out as a SOAP Client fault with reg:rejection. */
export interface Rejection {
  code: string;
  reason: string;
}

/** What is known about a message so far; filled in step by step, null where it could not be read. */
export interface MessageFacts {
  messageId: string | null;
  serviceCode: string | null;
  gatewayEventId: string | null;
  /** The namespace of the request element (its contract version), for the answer's elements. */
  namespace?: string | null;
}

export type Outcome =
  | { kind: 'ack'; status: 'ACCEPTED' | 'DUPLICATE'; receipt: Receipt; echoedHeaders: string[]; reg?: string }
  | { kind: 'rejected'; rejection: Rejection; httpStatus: number; replayed: boolean; reg?: string }
  | { kind: 'server_error'; reason: string };
