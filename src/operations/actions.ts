// An operator's actions on one event: retry now, cancel with a reason. The store refuses them while
// an attempt is in flight and audits them; here the outcomes become answers or ProblemErrors.
import type { Principal } from '../auth/principal.ts';
import { ProblemError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Actor } from '../delivery/model/actors.ts';
import type { OperatorActionResult } from '../store/deliveries.ts';
import { checkReason, eventNotFound, requireRole } from './access.ts';
import type { OperationsDeps } from './deps.ts';
import { eventFor } from './log.ts';
import type { EventWithAudit } from './operations.ts';

export function actorOf(p: Principal): Actor {
  return p.kind === 'operator' ? { kind: 'operator', id: p.operator.id, name: p.operator.name } : { kind: 'register', id: p.register.id, code: p.register.code };
}

export async function retryEvent(deps: OperationsDeps, p: Principal, id: string, reason: string | null): Promise<EventWithAudit> {
  requireRole(p, 'operator');
  const now = deps.now();
  const versionNow = deps.versionNow && ((contract: string) => deps.versionNow!(contract, now));
  const result = await deps.store.deliveries.retryDelivery(id, actorOf(p), checkReason(reason, false), now, uuidv7(), versionNow);
  await settle(result, id, 'retry');
  deps.onDue();
  return eventFor(deps, p, id);
}

export async function cancelEvent(deps: OperationsDeps, p: Principal, id: string, reason: string): Promise<EventWithAudit> {
  requireRole(p, 'operator');
  const result = await deps.store.deliveries.cancelDelivery(id, actorOf(p), checkReason(reason, true) as string, deps.now());
  await settle(result, id, 'cancel');
  // Cancelling may release the person's later events.
  deps.onDue();
  return eventFor(deps, p, id);
}

async function settle(result: OperatorActionResult, id: string, action: 'retry' | 'cancel'): Promise<void> {
  switch (result.kind) {
    case 'done':
      return;
    case 'not_found':
      throw eventNotFound(id);
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
