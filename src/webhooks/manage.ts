// Managing webhook endpoints, for the API and the console alike, with the access rules in one place:
// a register manages its own endpoints (and sees no one else's: another register's is "not found");
// operators read every register's (viewer) and disable, enable and resend (operator, admin). Only
// the register creates, rotates or deletes: the secret is shown to it alone, once.
import type { Principal } from '../auth/principal.ts';
import { ProblemError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { actorOf } from '../operations/actions.ts';
import { registerScope, requireRole } from '../operations/access.ts';
import type { EndpointChange, Webhooks, WebhookMessageView } from '../store/webhooks.ts';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookAttempt, type WebhookEndpoint, type WebhookEventType } from './model.ts';
import { newWebhookSecret } from './signing.ts';
import { checkWebhookUrl, type UrlPolicy } from './url-policy.ts';

export interface WebhookManagementDeps {
  webhooks: Omit<Webhooks, 'enqueue' | 'claimDue' | 'recordAttempt' | 'defer' | 'nextDueAt' | 'signingSecrets'>;
  urlPolicy: UrlPolicy;
  rotationOverlapMs: number;
  now: () => number;
  /** A message was resent: wake the webhook worker. */
  onDue?: () => void;
}

/** The endpoint with its secret: the answer of create and rotate, the only time the secret is shown. */
export type EndpointWithSecret = WebhookEndpoint & { secret: string };

export const endpointNotFound = (id: string) =>
  new ProblemError({ status: 404, code: 'NOT_FOUND', message: { uk: `Кінцеву точку вебхуків ${id} не знайдено.`, en: `Webhook endpoint ${id} was not found.` } });

const registerOnly = () =>
  new ProblemError({
    status: 403,
    code: 'REGISTER_KEY_REQUIRED',
    message: {
      uk: 'Кінцеві точки вебхуків створює, змінює й видаляє реєстр своїм ключем; оператор може лише вимкнути, увімкнути чи повторити надсилання.',
      en: 'Webhook endpoints are created, changed and deleted by the register with its key; an operator may only disable, enable or resend.',
    },
  });

const invalid = (code: string, pointer: string, uk: string, en: string) => new ProblemError({ status: 422, code, pointer, message: { uk, en } });

const typesInvalid = () =>
  invalid(
    'WEBHOOK_EVENT_TYPES_INVALID',
    '/eventTypes',
    `eventTypes: непорожній масив типів з ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
    `eventTypes: a non-empty array of types from ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
  );

function readTypes(v: unknown): WebhookEventType[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every(isWebhookEventType)) throw typesInvalid();
  return [...new Set(v)].sort();
}

function readDescription(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'string' || v.length > 200) throw invalid('WEBHOOK_INVALID', '/description', 'description: рядок до 200 символів.', 'description: a string of up to 200 characters.');
  return v.trim() === '' ? null : v.trim();
}

function readObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('WEBHOOK_INVALID', '', 'Очікується об’єкт JSON.', 'A JSON object is expected.');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalid('WEBHOOK_INVALID', `/${key}`, `Невідоме поле «${key}»: дозволені ${allowed.join(', ')}.`, `Unknown field "${key}": allowed are ${allowed.join(', ')}.`);
  }
  return body as Record<string, unknown>;
}

export function createWebhookManagement(deps: WebhookManagementDeps) {
  const { webhooks } = deps;

  /** The endpoint if the principal may read it: a register its own only, an operator any. */
  async function visible(p: Principal, id: string): Promise<WebhookEndpoint> {
    if (p.kind === 'operator') requireRole(p, 'viewer');
    const endpoint = await webhooks.endpoint(id, registerScope(p));
    if (!endpoint) throw endpointNotFound(id);
    return endpoint;
  }

  return {
    /** `registerId` narrows an operator's list to one register; a register always sees its own. */
    async list(p: Principal, registerId?: string): Promise<WebhookEndpoint[]> {
      if (p.kind === 'operator') requireRole(p, 'viewer');
      return webhooks.listEndpoints(registerScope(p) ?? registerId ?? null);
    },

    get: visible,

    /** Endpoints the worker disabled for failing (the dashboard's notice): operators only. */
    async disabledForFailing(p: Principal): Promise<WebhookEndpoint[]> {
      if (p.kind !== 'operator') return [];
      requireRole(p, 'viewer');
      return webhooks.disabledForFailing();
    },

    async create(p: Principal, body: unknown): Promise<EndpointWithSecret> {
      if (p.kind !== 'register') throw registerOnly();
      const o = readObject(body, ['url', 'eventTypes', 'description']);
      const url = checkWebhookUrl(o.url, deps.urlPolicy);
      const eventTypes = readTypes(o.eventTypes ?? [...WEBHOOK_EVENT_TYPES]);
      const description = o.description === undefined ? null : readDescription(o.description);
      const secret = newWebhookSecret();
      const endpoint = await webhooks.createEndpoint({ id: `ep_${uuidv7()}`, registerId: p.register.id, url, description, eventTypes, secret }, actorOf(p), deps.now());
      return { ...endpoint, secret };
    },

    /** A register changes url, description, eventTypes and enabled; an operator only enabled. */
    async update(p: Principal, id: string, body: unknown): Promise<WebhookEndpoint> {
      const o = readObject(body, ['url', 'eventTypes', 'description', 'enabled']);
      if (p.kind === 'operator' && Object.keys(o).some((k) => k !== 'enabled')) throw registerOnly();
      if (p.kind === 'operator') requireRole(p, 'operator');
      await visible(p, id);
      const change: EndpointChange = {};
      if (o.url !== undefined) change.url = checkWebhookUrl(o.url, deps.urlPolicy);
      if (o.eventTypes !== undefined) change.eventTypes = readTypes(o.eventTypes);
      if (o.description !== undefined) change.description = readDescription(o.description);
      if (o.enabled !== undefined) {
        if (typeof o.enabled !== 'boolean') throw invalid('WEBHOOK_INVALID', '/enabled', 'enabled: true або false.', 'enabled: true or false.');
        change.enabled = o.enabled;
      }
      const updated = await webhooks.updateEndpoint(id, registerScope(p), change, actorOf(p), deps.now());
      if (!updated) throw endpointNotFound(id);
      if (change.enabled) deps.onDue?.();
      return updated;
    },

    async remove(p: Principal, id: string): Promise<void> {
      if (p.kind !== 'register') throw registerOnly();
      if (!(await webhooks.deleteEndpoint(id, p.register.id, actorOf(p), deps.now()))) throw endpointNotFound(id);
    },

    async rotateSecret(p: Principal, id: string): Promise<EndpointWithSecret> {
      if (p.kind !== 'register') throw registerOnly();
      const secret = newWebhookSecret();
      const endpoint = await webhooks.rotateSecret(id, p.register.id, secret, deps.rotationOverlapMs, actorOf(p), deps.now());
      if (!endpoint) throw endpointNotFound(id);
      return { ...endpoint, secret };
    },

    async attempts(p: Principal, id: string, limit = 100): Promise<WebhookAttempt[]> {
      await visible(p, id);
      return webhooks.attempts(id, limit);
    },

    async messages(p: Principal, id: string, limit = 100): Promise<WebhookMessageView[]> {
      await visible(p, id);
      return webhooks.messages(id, limit);
    },

    /** A new attempt of one message now, with a fresh schedule. */
    async resend(p: Principal, id: string, messageId: string): Promise<void> {
      if (p.kind === 'operator') requireRole(p, 'operator');
      const endpoint = await visible(p, id);
      const done = await webhooks.resend(endpoint, messageId, actorOf(p), deps.now());
      if (!done) {
        throw new ProblemError({
          status: 404,
          code: 'NOT_FOUND',
          message: { uk: `Повідомлення ${messageId} цієї кінцевої точки не знайдено або воно саме надсилається.`, en: `Message ${messageId} of this endpoint was not found, or is being sent right now.` },
        });
      }
      deps.onDue?.();
    },
  };
}

export type WebhookManagement = ReturnType<typeof createWebhookManagement>;
