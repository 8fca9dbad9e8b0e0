// /__admin/stats, /__admin/registrations, /__admin/health: what a conformance test asserts on —
// above all that no event was registered twice (businessDuplicates must stay empty).
import { Hono } from 'hono';
import type { SchemaValidator } from '../schema/schema-validator.ts';
import type { Journal } from '../state/journal.ts';
import type { Ledger } from '../state/ledger.ts';

export function statsRoutes(journal: Journal, ledger: Ledger, validator: SchemaValidator): Hono {
  return new Hono()
    .get('/stats', (c) => {
      const { total, ...byVerdict } = journal.counts();
      const businessDuplicates = ledger.businessDuplicates();
      return c.json({
        requests: total,
        byVerdict,
        acceptedMessageIds: ledger.acceptedCount(),
        registeredEvents: ledger.registeredEventCount(),
        businessDuplicates: { count: businessDuplicates.length, events: businessDuplicates },
        // Registered events sent again under a new xrd:id (answered DUPLICATE, nothing registered).
        repeatedEvents: ledger.repeatedEvents(),
        schemaValidation: { ...validator.counters },
      });
    })
    .get('/registrations', (c) => c.json(ledger.receipts(c.req.query('gatewayEventId'))))
    .get('/health', (c) => c.json({ status: 'ok' }));
}
