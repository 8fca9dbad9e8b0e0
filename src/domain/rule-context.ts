// What the rules need to know beyond the event itself: the date of receipt and two policy switches.

import type { FeePeriod } from './fee-schedule.ts';

export interface RuleContext {
  /** YYYY-MM-DD, the Europe/Kyiv date the gateway received the event. */
  today: string;
  /** A wrong fee is a warning by default: fee law changes faster than releases. */
  feeMismatch: 'warn' | 'reject';
  /** Working-day calendar for deadlines; martial law (every Monday–Friday works) by default. */
  calendar?: 'martial_law' | 'peacetime';
  /** RFC 3339 instant of receipt; when given, occurredAt is checked to the minute, not the day. */
  now?: string;
  /** Fee table to use instead of the built-in one (e.g. loaded from configuration). */
  feeSchedule?: readonly FeePeriod[];
}
