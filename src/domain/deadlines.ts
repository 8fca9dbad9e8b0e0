// Stage deadlines in working days. Seed 004 (DMS card for the temporary residence permit, CMU 322)
// gives them for the standard procedure and the simplified one for citizens of Belarus (CMU 1303);
// seed 002 gives the єМалятко rule. Counting starts the day after the start date.

import { addWorkingDays, DEFAULT_CALENDAR, type CalendarMode } from './calendar.ts';

export type PermitStage =
  | 'distribution'
  | 'documentCheck'
  | 'identityVerification'
  | 'agencyQueryAnswer'
  | 'decision'
  | 'decisionWithQueries'
  | 'printingDataTransfer'
  | 'personalisation'
  | 'issuance'
  | 'refusalHandover';

export type Procedure = 'standard' | 'simplified';

/** Working days allowed per stage; `simplified` absent means the standard figure applies. */
export const PERMIT_STAGE_DEADLINES: Readonly<Record<PermitStage, { standard: number; simplified?: number; from: string }>> = {
  distribution: { standard: 1, from: 'acceptance of the application form' },
  documentCheck: { standard: 1, from: 'receipt of the documents for review' },
  identityVerification: { standard: 7, simplified: 1, from: 'the application form' },
  agencyQueryAnswer: { standard: 3, from: 'receipt of the query' },
  decision: { standard: 7, simplified: 1, from: 'the application form' },
  decisionWithQueries: { standard: 10, simplified: 1, from: 'the application form' },
  printingDataTransfer: { standard: 1, simplified: 0, from: 'the decision' },
  personalisation: { standard: 3, simplified: 1, from: 'sending the data to the printing plant' },
  issuance: { standard: 15, simplified: 3, from: 'acceptance of the documents' },
  refusalHandover: { standard: 5, from: 'the refusal decision' },
};

export function permitStageDeadline(
  stage: PermitStage,
  start: string,
  procedure: Procedure = 'standard',
  mode: CalendarMode = DEFAULT_CALENDAR,
): string {
  const rule = PERMIT_STAGE_DEADLINES[stage];
  const days = procedure === 'simplified' ? (rule.simplified ?? rule.standard) : rule.standard;
  return addWorkingDays(start, days, mode);
}

/**
 * єМалятко: registered the day the documents arrive, or the next working day when they arrive
 * outside working hours (seed 002).
 */
export function emalyatkoDeadline(receivedOn: string, outsideWorkingHours: boolean, mode: CalendarMode = DEFAULT_CALENDAR): string {
  return outsideWorkingHours ? addWorkingDays(receivedOn, 1, mode) : receivedOn;
}
