// Notices (/ui/notices): the list with its filters, one notice, and the actions on it: an operator
// reveals personal data or routes it to a register (both with a reason, audited); its register
// acknowledges it. NoticeOperations enforces who may do what.
import { Hono } from 'hono';
import { NOTICE_KINDS, type NoticeKind } from '../../notices/notice.ts';
import type { NoticeOperations } from '../../notices/operations.ts';
import type { Page } from '../../operations/operations.ts';
import type { ConsoleEnv } from '../console-env.ts';
import { NoticePage, type NoticeDone } from '../pages/notice-page.ts';
import { NoticesPage, type NoticeListFilter, type NoticeRow, type NoticeState } from '../pages/notices-page.ts';
import { formFields, reasonOf } from './form.ts';

const PAGE_SIZE = 50;
const STATES: readonly NoticeState[] = ['', 'unrouted', 'unacknowledged', 'acknowledged'];

function parseNoticeFilter(q: Record<string, string | undefined>): NoticeListFilter {
  const kind = (NOTICE_KINDS as readonly string[]).includes(q.kind ?? '') ? (q.kind as string) : '';
  const state = STATES.includes((q.state ?? '') as NoticeState) ? (q.state as NoticeState) : '';
  return { kind, state };
}

const acknowledgedOf = (state: NoticeState): boolean | undefined => (state === 'acknowledged' ? true : state === 'unacknowledged' ? false : undefined);

export function noticeRoutes(ops: NoticeOperations): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const pageOf = (id: string) => `/ui/notices/${encodeURIComponent(id)}`;

  app.get('/notices', async (c) => {
    const p = c.get('session').principal;
    const filter = parseNoticeFilter(c.req.query());
    const cursor = c.req.query('cursor') || null;
    let page: Page<NoticeRow>;
    if (p.kind === 'register') {
      const own = await ops.listOwn(p, acknowledgedOf(filter.state), cursor, PAGE_SIZE);
      page = { ...own, items: own.items.map((n) => ({ ...n, routedTo: null, acknowledged: n.acknowledgedAt !== null })) };
    } else {
      const all = await ops.list(
        p,
        { kind: (filter.kind || undefined) as NoticeKind | undefined, unrouted: filter.state === 'unrouted' || undefined, acknowledged: acknowledgedOf(filter.state) },
        cursor,
        PAGE_SIZE,
      );
      page = {
        ...all,
        items: all.items.map((n) => ({ ...n, routedTo: n.routes.map((r) => r.registerCode), acknowledged: n.routes.length > 0 && n.routes.every((r) => r.acknowledgedAt !== null) })),
      };
    }
    return c.html(NoticesPage({ session: c.get('session'), filter, page, firstPage: cursor === null }));
  });

  app.get('/notices/:id', async (c) => {
    const session = c.get('session');
    const notice = await ops.notice(session.principal, c.req.param('id'), { reveal: false });
    const doneParam = c.req.query('done');
    const done: NoticeDone | null = doneParam === 'routed' || doneParam === 'acknowledged' ? doneParam : null;
    return c.html(NoticePage({ session, notice, done }));
  });

  // A POST, so the clear text is shown in this one answer only (not cached: see security-headers).
  app.post('/notices/:id/reveal', async (c) => {
    const session = c.get('session');
    const reason = reasonOf(await formFields(c));
    const notice = await ops.notice(session.principal, c.req.param('id'), { reveal: true, ...(reason ? { reason } : {}) });
    return c.html(NoticePage({ session, notice, done: null }));
  });

  app.post('/notices/:id/route', async (c) => {
    const id = c.req.param('id');
    const fields = await formFields(c);
    await ops.route(c.get('session').principal, id, fields.registerCode ?? '', reasonOf(fields));
    return c.redirect(`${pageOf(id)}?done=routed`, 303);
  });

  app.post('/notices/:id/ack', async (c) => {
    const id = c.req.param('id');
    await ops.acknowledge(c.get('session').principal, id);
    return c.redirect(`${pageOf(id)}?done=acknowledged`, 303);
  });
  return app;
}
