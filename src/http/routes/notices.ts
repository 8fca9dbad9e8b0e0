// /v1/notices: notices from DMS. A register reads the ones routed to it and acknowledges them; an
// operator reads all of them (masked), reveals one (audited) and routes an unrouted one (audited).
// The access rules are NoticeOperations' (src/notices/operations.ts), shared with the console.
import { Hono } from 'hono';
import { ProblemError } from '../../errors.ts';
import { NOTICE_KINDS, type NoticeKind } from '../../notices/notice.ts';
import type { NoticeOperations } from '../../notices/operations.ts';
import type { NoticeFilter } from '../../store/notices.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate } from '../middleware/auth.ts';
import type { RateLimits } from '../rate-limit/limits.ts';
import { commandBody, parseJson } from '../middleware/json-body.ts';
import { operatorNoticeDetails, operatorNoticeView, registerNoticeView } from '../views/notice-view.ts';
import { readReason } from './query.ts';

function badQuery(name: string, uk: string, en: string): ProblemError {
  return new ProblemError({ status: 400, code: 'QUERY_INVALID', pointer: `/${name}`, message: { uk: `Параметр ${name}: ${uk}`, en: `Parameter ${name}: ${en}` } });
}

function yesNo(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badQuery(name, 'true або false.', 'true or false.');
}

/** `cursor`, `limit` (1–200), `acknowledged`, and for operators `kind` and `unrouted`. */
export function noticeQuery(q: Record<string, string | undefined>): { filter: NoticeFilter; cursor: string | null; limit: number } {
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badQuery('limit', 'ціле число від 1 до 200.', 'a whole number from 1 to 200.');
  if (q.kind && !(NOTICE_KINDS as readonly string[]).includes(q.kind)) throw badQuery('kind', `одне з ${NOTICE_KINDS.join(', ')}.`, `one of ${NOTICE_KINDS.join(', ')}.`);
  return {
    filter: { kind: (q.kind || undefined) as NoticeKind | undefined, unrouted: yesNo('unrouted', q.unrouted), acknowledged: yesNo('acknowledged', q.acknowledged) },
    cursor: q.cursor || null,
    limit,
  };
}

/** `{"registerCode": "…", "reason": "…"}`. */
function readRouteRequest(text: string): { registerCode: string; reason: string | null } {
  const body = text.trim() === '' ? {} : parseJson(text);
  const registerCode = (body as { registerCode?: unknown } | null)?.registerCode;
  if (typeof registerCode !== 'string' || registerCode.trim() === '') {
    throw new ProblemError({
      status: 422,
      code: 'FIELD_REQUIRED',
      pointer: '/registerCode',
      message: { uk: 'Потрібен код реєстру: {"registerCode": "…", "reason": "…"}.', en: 'A register code is required: {"registerCode": "…", "reason": "…"}.' },
    });
  }
  return { registerCode, reason: readReason(text) };
}

export function noticeRoutes(access: CredentialLookup, ops: NoticeOperations, limits?: RateLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(access, limits));

  app.get('/', async (c) => {
    const p = c.get('principal');
    const { filter, cursor, limit } = noticeQuery(c.req.query());
    if (p.kind === 'register') {
      const page = await ops.listOwn(p, filter.acknowledged, cursor, limit);
      return c.json({ items: page.items.map(registerNoticeView), nextCursor: page.nextCursor });
    }
    const page = await ops.list(p, filter, cursor, limit);
    return c.json({ items: page.items.map(operatorNoticeView), nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => {
    const p = c.get('principal');
    const id = c.req.param('id');
    if (p.kind === 'register') return c.json(registerNoticeView(await ops.ownNotice(p, id)));
    return c.json(operatorNoticeDetails(await ops.notice(p, id, { reveal: false })));
  });

  app.post('/:id/ack', async (c) => c.json(registerNoticeView(await ops.acknowledge(c.get('principal'), c.req.param('id')))));

  app.post('/:id/reveal', async (c) => {
    const reason = readReason(await commandBody(c)) ?? undefined;
    return c.json(operatorNoticeDetails(await ops.notice(c.get('principal'), c.req.param('id'), { reveal: true, reason })));
  });

  app.post('/:id/route', async (c) => {
    const { registerCode, reason } = readRouteRequest(await commandBody(c));
    return c.json(operatorNoticeDetails(await ops.route(c.get('principal'), c.req.param('id'), registerCode, reason)));
  });
  return app;
}
