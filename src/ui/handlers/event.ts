// One event (/ui/events/:id): the delivery page, revealing its personal data, retry and cancel.
import { Hono } from 'hono';
import { ProblemError } from '../../errors.ts';
import type { Principal } from '../../auth/principal.ts';
import type { MessageView, Operations } from '../../operations/operations.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { EventPage, type DoneAction } from '../pages/event-page.ts';
import { formFields, reasonOf } from './form.ts';

export function eventRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const ops = deps.operations;
  const pageOf = (id: string) => `/ui/events/${encodeURIComponent(id)}`;

  app.get('/events/:id', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    const [event, masked] = await Promise.all([ops.event(session.principal, id), maskedMessage(ops, session.principal, id)]);
    const doneParam = c.req.query('done');
    const done: DoneAction | null = doneParam === 'retry' || doneParam === 'cancel' ? doneParam : null;
    return c.html(EventPage({ session, event, message: masked.message, messageUnavailable: masked.unavailable, done }));
  });

  // A POST, so the clear text is shown in this one answer only (not cached: see security-headers)
  app.post('/events/:id/reveal', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    const reason = reasonOf(await formFields(c));
    const message = await ops.message(session.principal, id, { reveal: true, ...(reason ? { reason } : {}) });
    const event = await ops.event(session.principal, id);
    return c.html(EventPage({ session, event, message, messageUnavailable: null, done: null }));
  });

  app.post('/events/:id/retry', async (c) => {
    const id = c.req.param('id');
    await ops.retry(c.get('session').principal, id, reasonOf(await formFields(c)));
    return c.redirect(`${pageOf(id)}?done=retry`, 303);
  });

  app.post('/events/:id/cancel', async (c) => {
    const id = c.req.param('id');
    await ops.cancel(c.get('session').principal, id, reasonOf(await formFields(c)) ?? '');
    return c.redirect(`${pageOf(id)}?done=cancel`, 303);
  });
  return app;
}

/** The masked message, or why this principal cannot see it (the rest of the page still shows). */
async function maskedMessage(ops: Operations, p: Principal, id: string): Promise<{ message: MessageView | null; unavailable: string | null }> {
  try {
    return { message: await ops.message(p, id, { reveal: false }), unavailable: null };
  } catch (err) {
    if (err instanceof ProblemError && err.status < 500) return { message: null, unavailable: err.messages.uk };
    throw err;
  }
}
