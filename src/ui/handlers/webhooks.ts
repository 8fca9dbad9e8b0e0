// Webhook endpoints in the console (/ui/webhooks): the same rules as /v1/webhooks (src/webhooks/manage.ts).
import { Hono, type Context } from 'hono';
import { ProblemError } from '../../errors.ts';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/model.ts';
import type { WebhookManagement } from '../../webhooks/manage.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { Notice } from '../components/notice.ts';
import { WebhookPage } from '../pages/webhook-page.ts';
import { WebhooksPage } from '../pages/webhooks-page.ts';
import { formFields } from './form.ts';

const unavailable = () =>
  new ProblemError({ status: 404, code: 'NOT_FOUND', message: { uk: 'Вебхуки в цій консолі не налаштовано.', en: 'Webhooks are not set up in this console.' } });

export function webhookRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const manage = (): WebhookManagement => {
    if (!deps.webhooks) throw unavailable();
    return deps.webhooks;
  };
  const pageOf = (id: string) => `/ui/webhooks/${encodeURIComponent(id)}`;

  const show = async (c: Context<ConsoleEnv>, id: string, extra: { secret?: string } = {}) => {
    const session = c.get('session');
    const w = manage();
    const endpoint = await w.get(session.principal, id);
    const [attempts, messages] = await Promise.all([w.attempts(session.principal, id, 50), w.messages(session.principal, id, 50)]);
    const done = c.req.query('done') === 'resend' ? Notice({ kind: 'ok', body: 'Повідомлення поставлено на нове надсилання.' }) : null;
    return c.html(WebhookPage({ session, endpoint, attempts, messages, done, ...extra }));
  };

  app.get('/webhooks', async (c) => {
    const session = c.get('session');
    const register = (c.req.query('register') ?? '').trim();
    let endpoints = await manage().list(session.principal);
    if (register !== '') endpoints = endpoints.filter((e) => e.registerCode === register);
    return c.html(WebhooksPage({ session, endpoints, register }));
  });

  // The secret is in this one answer only (not cached: see security-headers), never in a redirect.
  app.post('/webhooks', async (c) => {
    const fields = await formFields(c);
    const eventTypes = WEBHOOK_EVENT_TYPES.filter((t) => fields[`type_${t}`] === '1');
    const created = await manage().create(c.get('session').principal, {
      url: fields.url ?? '',
      eventTypes,
      ...(fields.description?.trim() ? { description: fields.description } : {}),
    });
    return show(c, created.id, { secret: created.secret });
  });

  app.get('/webhooks/:id', async (c) => show(c, c.req.param('id')));

  for (const [path, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(`/webhooks/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      await manage().update(c.get('session').principal, id, { enabled });
      return c.redirect(pageOf(id), 303);
    });
  }

  app.post('/webhooks/:id/rotate-secret', async (c) => {
    const rotated = await manage().rotateSecret(c.get('session').principal, c.req.param('id'));
    return show(c, rotated.id, { secret: rotated.secret });
  });

  app.post('/webhooks/:id/messages/:messageId/resend', async (c) => {
    const id = c.req.param('id');
    await manage().resend(c.get('session').principal, id, c.req.param('messageId'));
    return c.redirect(`${pageOf(id)}?done=resend`, 303);
  });
  return app;
}
