// The fault-injection vocabulary (WireMock-like). A request first takes the next entry of
// `sequence` (a scripted scenario); once that is used up, each rule is tried in order with its
// probability. `when: "before"` answers instead of processing; `when: "after"` processes and
// registers the message first, then replaces the answer — a lost acknowledgement.

import type { OutcomeScript } from './outcome-script.ts';

export const FAULT_TYPES = ['none', 'status', 'delay', 'no_answer', 'reset', 'malformed', 'reject'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];
export type When = 'before' | 'after';

export type FaultSpec =
  | { type: 'none' }
  | { type: 'status'; when: When; status: number; retryAfter?: number }
  | { type: 'delay'; when: When; ms: number }
  | { type: 'no_answer'; when: When; ms?: number }
  | { type: 'reset'; when: When }
  | { type: 'malformed'; when: When }
  | { type: 'reject'; when: When; code: string; reason?: string };

export type FaultRule = FaultSpec & { probability: number };

export interface FaultConfig {
  seed?: number;
  sequence: FaultSpec[];
  rules: FaultRule[];
  /** The final outcomes of accepted messages (outcome-script.ts); none: every one registered after the default delay. */
  outcomes?: OutcomeScript;
}

export const NO_FAULTS: FaultConfig = { sequence: [], rules: [] };

/** Fields each type may carry besides `type` and `when`; anything else is a typo worth refusing. */
export const FIELDS_BY_TYPE: Record<FaultType, readonly string[]> = {
  none: [],
  status: ['status', 'retryAfter'],
  delay: ['ms'],
  no_answer: ['ms'],
  reset: [],
  malformed: [],
  reject: ['code', 'reason'],
};

export const LIMITS = {
  maxEntries: 10_000,
  maxMs: 600_000,
  maxRetryAfter: 86_400,
  rejectCode: /^[A-Z][A-Z0-9_]{0,63}$/,
  maxReason: 200,
} as const;
