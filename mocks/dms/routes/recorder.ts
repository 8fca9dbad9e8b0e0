// Writes the journal entry for a request and logs the same line — ids, service and verdict only:
// names, УНЗР and document numbers never reach the log.
import type { Logger } from 'pino';
import type { MessageFacts } from '../model.ts';
import type { Journal, JournalEntry } from '../state/journal.ts';

export type Recorded = Omit<JournalEntry, 'seq' | 'receivedAt' | 'raw' | keyof MessageFacts>;

export interface Arrival {
  raw: string;
  receivedAt: Date;
}

export function recorder(journal: Journal, logger: Logger) {
  return function record(arrival: Arrival, facts: MessageFacts, fields: Recorded): JournalEntry {
    const entry = journal.append({ receivedAt: arrival.receivedAt.toISOString(), raw: arrival.raw, ...facts, ...fields });
    const { seq, messageId, serviceCode, verdict, code, httpStatus, fault, processedAs } = entry;
    logger.info({ seq, messageId, serviceCode, verdict, code, httpStatus, fault: fault?.type, processedAs }, 'mock DMS answered');
    return entry;
  };
}
