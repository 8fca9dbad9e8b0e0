// The log (/ui/events): GET with the shareable filters; POST when searching by УНЗР, which must
// not end up in a URL.
import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { filterQuery, parseFilter } from '../filters.ts';
import { EventsPage } from '../pages/events-page.ts';
import { formFields } from './form.ts';
import type { EventFilter } from '../../operations/operations.ts';
import type { Principal } from '../../auth/principal.ts';

/** The sandbox toggle is an operator's: a register's key already sees only its own side (live or sandbox). */
const forPrincipal = (p: Principal, filter: EventFilter): EventFilter => {
  if (p.kind === 'operator') return filter;
  const { sandbox: _sandbox, ...rest } = filter;
  return rest;
};

const PAGE_SIZE = 50;

export function eventListRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/events', async (c) => {
    const session = c.get('session');
    const filter = forPrincipal(session.principal, parseFilter(c.req.query()));
    const cursor = c.req.query('cursor') || null;
    const page = await deps.operations.listEvents(session.principal, filter, cursor, PAGE_SIZE);
    return c.html(EventsPage({ session, filter, unzr: null, page, firstPage: cursor === null }));
  });

  app.post('/events', async (c) => {
    const session = c.get('session');
    const fields = await formFields(c);
    const filter = forPrincipal(session.principal, parseFilter(fields));
    const unzr = fields.unzr?.trim() ?? '';
    if (!unzr) return c.redirect(`/ui/events${filterQuery(filter)}`, 303);
    const cursor = fields.cursor || null;
    const page = await deps.operations.listEvents(session.principal, { ...filter, unzr }, cursor, PAGE_SIZE);
    return c.html(EventsPage({ session, filter, unzr, page, firstPage: cursor === null }));
  });
  return app;
}
