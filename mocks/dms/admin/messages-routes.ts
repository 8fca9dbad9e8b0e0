// /__admin/messages: the request journal. Filters ?messageId=, ?verdict=, ?limit= (the most recent
// entries); /:seq/raw gives one request's exact text, e.g. to check its signature with xmlsec1.
import { Hono } from 'hono';
import { VERDICTS } from '../state/journal.ts';
import type { Journal, JournalQuery, JournalVerdict } from '../state/journal.ts';
import type { Ledger } from '../state/ledger.ts';
import { badRequest, notFound } from './problem.ts';

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,6}$/.test(value)) throw badRequest('QUERY_INVALID', `${name} must be a positive integer`, `${name} має бути додатним цілим числом`);
  return Number(value);
}

function verdictParam(value: string | undefined): JournalVerdict | undefined {
  if (value === undefined) return undefined;
  if (!(VERDICTS as readonly string[]).includes(value)) {
    throw badRequest('QUERY_INVALID', `verdict must be one of ${VERDICTS.join(', ')}`, `verdict має бути одним із: ${VERDICTS.join(', ')}`);
  }
  return value as JournalVerdict;
}

export function messagesRoutes(journal: Journal, ledger: Ledger): Hono {
  return new Hono()
    .get('/', (c) => {
      const query: JournalQuery = {
        messageId: c.req.query('messageId'),
        verdict: verdictParam(c.req.query('verdict')),
        limit: positiveInt(c.req.query('limit'), 'limit'),
      };
      return c.json(journal.list(query));
    })
    .get('/:seq/raw', (c) => {
      const seq = positiveInt(c.req.param('seq'), 'seq');
      const entry = seq === undefined ? undefined : journal.get(seq);
      if (!entry) throw notFound(`no journal entry ${c.req.param('seq')}`, `запису журналу ${c.req.param('seq')} немає`);
      return c.body(entry.raw, 200, { 'content-type': 'text/xml; charset=utf-8' });
    })
    // Clears what the mock remembers too, so a test starts from a mock that has seen nothing.
    .delete('/', (c) => {
      journal.clear();
      ledger.clear();
      return c.body(null, 204);
    });
}
