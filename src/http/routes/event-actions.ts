// What an operator on duty does to one event: retry it now, or cancel it with a reason (which is
// what unblocks a person's queue behind a rejected or failed event). Both are audited.
import { Hono } from 'hono';
import { ProblemError } from '../../errors.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor, OperatorActionResult, Store } from '../../store/store.ts';
import type { AppEnv, Principal } from '../app-env.ts';
import { requireRole } from '../middleware/auth.ts';
import { eventView } from '../views/event-view.ts';
import { notFound } from './event-access.ts';

export interface EventActionDeps {
  store: Store;
  onDue?: () => void;
  now?: () => number;
}

export function eventActionRoutes(deps: EventActionDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? Date.now;

  app.post('/:id/cancel', requireRole('operator'), async (c) => {
    const reason = readReason(await c.req.text(), true) as string;
    const id = c.req.param('id');
    const result = await deps.store.cancelDelivery(id, actorOf(c.get('principal')), reason, now());
    return c.json(await answer(deps.store, id, result, 'cancel'));
  });

  app.post('/:id/retry', requireRole('operator'), async (c) => {
    const reason = readReason(await c.req.text(), false);
    const id = c.req.param('id');
    const result = await deps.store.retryDelivery(id, actorOf(c.get('principal')), reason, now(), uuidv7());
    if (result.kind === 'done') deps.onDue?.();
    return c.json(await answer(deps.store, id, result, 'retry'));
  });

  return app;
}

function actorOf(principal: Principal): Actor {
  return principal.kind === 'operator'
    ? { kind: 'operator', id: principal.operator.id, name: principal.operator.name }
    : { kind: 'register', id: principal.register.id, code: principal.register.code };
}

async function answer(store: Store, id: string, result: OperatorActionResult, action: 'cancel' | 'retry') {
  switch (result.kind) {
    case 'done':
      return eventView(result.event, await store.listAudit(id));
    case 'not_found':
      throw notFound(id);
    case 'in_flight':
      throw new ProblemError({
        status: 409,
        code: 'DELIVERY_IN_FLIGHT',
        message: {
          uk: 'Саме зараз триває спроба доставки цієї події. Повторіть за кілька секунд, коли стане відомий її результат.',
          en: 'A delivery attempt for this event is in flight. Try again in a few seconds, once its outcome is known.',
        },
        headers: { 'retry-after': '5' },
      });
    case 'not_applicable':
      throw new ProblemError({
        status: 409,
        code: 'ACTION_NOT_APPLICABLE',
        message: {
          uk: `Дію «${action}» не можна застосувати до події зі статусом ${result.status}.`,
          en: `"${action}" does not apply to an event that is ${result.status}.`,
        },
      });
  }
}

/** `{"reason": "..."}`: required for a cancel (it is evidence), optional for a retry. */
function readReason(text: string, required: boolean): string | null {
  let reason: unknown = null;
  if (text.trim() !== '') {
    try {
      reason = (JSON.parse(text) as { reason?: unknown }).reason ?? null;
    } catch {
      reason = undefined;
    }
  }
  const valid = reason === null ? !required : typeof reason === 'string' && reason.trim().length > 0 && reason.length <= 500;
  if (!valid) {
    throw new ProblemError({
      status: 422,
      code: 'REASON_REQUIRED',
      pointer: '/reason',
      message: {
        uk: 'Потрібна причина: тіло JSON {"reason": "…"} довжиною до 500 символів.',
        en: 'A reason is required: a JSON body {"reason": "…"} of up to 500 characters.',
      },
    });
  }
  return reason === null ? null : (reason as string).trim();
}
