// /v1/webhooks/endpoints: a register subscribes endpoints to outcomes of its events (Standard
// Webhooks), follows each attempt and resends; operators read every register's and disable, enable
// or resend. The rules are in src/webhooks/manage.ts, shared with the console.
import { Hono } from 'hono';
import type { CredentialLookup } from '../../store/access.ts';
import type { RateLimits } from '../rate-limit/limits.ts';
import type { WebhookMessageView } from '../../store/webhooks.ts';
import type { WebhookAttempt, WebhookEndpoint } from '../../webhooks/model.ts';
import type { EndpointWithSecret, WebhookManagement } from '../../webhooks/manage.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate } from '../middleware/auth.ts';
import { commandBody, parseJson } from '../middleware/json-body.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function endpointView(e: WebhookEndpoint | EndpointWithSecret) {
  return {
    id: e.id,
    register: e.registerCode,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    failingSince: iso(e.failingSince),
    previousSecretExpiresAt: iso(e.previousSecretExpiresAt),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
    ...('secret' in e ? { secret: e.secret } : {}),
  };
}

const attemptView = (a: WebhookAttempt) => ({ ...a, startedAt: iso(a.startedAt) });
const messageView = (m: WebhookMessageView) => ({ ...m, nextAttemptAt: iso(m.nextAttemptAt), createdAt: iso(m.createdAt) });

export function webhookRoutes(access: CredentialLookup, manage: WebhookManagement, limits?: RateLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(access, limits));

  app.post('/endpoints', async (c) => {
    const endpoint = await manage.create(c.get('principal'), parseJson(await commandBody(c)));
    c.header('location', `/v1/webhooks/endpoints/${endpoint.id}`);
    c.header('cache-control', 'no-store');
    return c.json(endpointView(endpoint), 201);
  });
  app.get('/endpoints', async (c) => c.json({ items: (await manage.list(c.get('principal'))).map(endpointView) }));
  app.get('/endpoints/:id', async (c) => c.json(endpointView(await manage.get(c.get('principal'), c.req.param('id')))));
  app.patch('/endpoints/:id', async (c) => c.json(endpointView(await manage.update(c.get('principal'), c.req.param('id'), parseJson(await commandBody(c))))));
  app.delete('/endpoints/:id', async (c) => {
    await manage.remove(c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });
  app.post('/endpoints/:id/rotate-secret', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(endpointView(await manage.rotateSecret(c.get('principal'), c.req.param('id'))));
  });
  app.get('/endpoints/:id/attempts', async (c) => c.json({ items: (await manage.attempts(c.get('principal'), c.req.param('id'))).map(attemptView) }));
  app.get('/endpoints/:id/messages', async (c) => c.json({ items: (await manage.messages(c.get('principal'), c.req.param('id'))).map(messageView) }));
  app.post('/endpoints/:id/messages/:messageId/resend', async (c) => {
    await manage.resend(c.get('principal'), c.req.param('id'), c.req.param('messageId'));
    return c.json({ resent: c.req.param('messageId') }, 202);
  });
  return app;
}
