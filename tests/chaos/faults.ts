// The mock's fault plan for a run: every fault type it has, before and after processing, adding up
// to `rate` of all SOAP requests. "after" faults lose the acknowledgement of a message the mock has
// registered, which is where a gateway that resends carelessly would register an event twice.
import type { FaultSpec } from '../../mocks/dms/faults/fault-config.ts';

export const INJECTED_REJECTION_CODE = 'CHAOS_INJECTED_REJECTION';
export const INJECTED_REFUSAL_CODE = 'CHAOS_INJECTED_REFUSAL';

/** Shares of the non-rejection faults; they are scaled to the fault rate. */
const MIX: Array<[share: number, fault: FaultSpec]> = [
  [0.12, { type: 'status', when: 'before', status: 503 }],
  [0.04, { type: 'status', when: 'before', status: 500 }],
  [0.05, { type: 'status', when: 'before', status: 429, retryAfter: 1 }],
  [0.06, { type: 'status', when: 'after', status: 503 }],
  [0.08, { type: 'delay', when: 'before', ms: 400 }],
  // Longer than the gateway's response timeout: it gives up, the mock registers the message anyway.
  [0.04, { type: 'delay', when: 'before', ms: 2_500 }],
  [0.04, { type: 'delay', when: 'after', ms: 1_200 }],
  [0.06, { type: 'no_answer', when: 'before' }],
  [0.04, { type: 'no_answer', when: 'before', ms: 300 }],
  [0.07, { type: 'no_answer', when: 'after' }],
  [0.09, { type: 'reset', when: 'before' }],
  [0.1, { type: 'reset', when: 'after' }],
  [0.05, { type: 'malformed', when: 'before' }],
  [0.06, { type: 'malformed', when: 'after' }],
  [0.1, { type: 'status', when: 'after', status: 502 }],
];

export interface FaultPlanOptions {
  /** Share of SOAP requests that get a fault, rejections included. */
  rate: number;
  /** Share of SOAP requests refused on their merits (a Client fault): the operator cancels those. */
  rejectRate: number;
  seed: number;
  /** Share of accepted messages ЄДДР refuses later (the final outcome). */
  refuseRate?: number;
}

/** The body for PUT /__admin/faults. */
export function faultConfig({ rate, rejectRate, seed, refuseRate = 0 }: FaultPlanOptions) {
  if (rate < 0 || rate > 0.9 || rejectRate < 0 || rejectRate > rate) throw new Error('need 0 ≤ reject rate ≤ fault rate ≤ 0.9');
  const total = MIX.reduce((sum, [share]) => sum + share, 0);
  const wanted: Array<[number, FaultSpec]> = [
    // Only "before": a rejection after registering would be DMS contradicting itself.
    [rejectRate, { type: 'reject', when: 'before', code: INJECTED_REJECTION_CODE, reason: 'Відхилено сценарієм хаос-тесту' }],
    ...MIX.map(([share, fault]): [number, FaultSpec] => [((rate - rejectRate) * share) / total, fault]),
  ];
  // The mock tries rules in order, each with its own probability: turn the wanted shares of all
  // requests into the conditional probability of each rule given that the earlier ones missed.
  let left = 1;
  const rules = wanted
    .filter(([p]) => p > 0)
    .map(([p, fault]) => {
      const probability = Math.min(1, p / left);
      left -= p;
      return { ...fault, probability: Number(probability.toFixed(6)) };
    });
  const outcomes = refuseRate > 0 ? { outcomes: { rules: [{ type: 'refuse', code: INJECTED_REFUSAL_CODE, reason: 'Відмова ЄДДР за сценарієм хаос-тесту', probability: refuseRate }] } } : {};
  return { seed, rules, ...outcomes };
}
