import { ProblemError } from '../../errors.ts';
import type { EventDetails, Store } from '../../store/store.ts';
import type { Principal } from '../app-env.ts';

/** The event if the principal may see it; another register's event is reported as absent. */
export async function visibleEvent(store: Store, principal: Principal, id: string): Promise<EventDetails> {
  const details = await store.getEvent(id);
  if (!details || (principal.kind === 'register' && details.registerId !== principal.register.id)) throw notFound(id);
  return details;
}

export const notFound = (id: string) =>
  new ProblemError({
    status: 404,
    code: 'NOT_FOUND',
    message: { uk: `Подію ${id} не знайдено.`, en: `Event ${id} was not found.` },
  });
