// The searchable log of events, newest first, a page at a time.
import type { EventFilter, EventListItem, Page } from '../../operations/operations.ts';
import { CsrfField } from '../components/csrf-field.tsx';
import { EventTable } from '../components/event-table.tsx';
import { FilterForm } from '../components/filter-form.tsx';
import { Layout } from '../components/layout.tsx';
import type { ConsoleSession } from '../console-env.ts';
import { filterFields, filterQuery } from '../filters.ts';
import { isOperator } from '../access.ts';

interface Props {
  session: ConsoleSession;
  filter: EventFilter;
  /** Set when the list was searched by УНЗР (a POST). */
  unzr: string | null;
  page: Page<EventListItem>;
  firstPage: boolean;
}

export function EventsPage({ session, filter, unzr, page, firstPage }: Props) {
  return (
    <Layout title="Журнал подій" session={session} section="events">
      <h1>Журнал подій</h1>
      <FilterForm session={session} filter={filter} unzr={unzr} showRegister={isOperator(session.principal)} />
      <section class="card">
        {unzr ? <p class="small muted">Результати пошуку за УНЗР (сам УНЗР у списку не показано).</p> : null}
        <EventTable items={page.items} empty="Подій за цими умовами немає." />
        <div class="pager">
          {firstPage ? <span /> : <a href={unzr ? '/ui/events' : `/ui/events${filterQuery(filter)}`}>← На початок</a>}
          {page.nextCursor ? <NextPage session={session} filter={filter} unzr={unzr} cursor={page.nextCursor} /> : null}
        </div>
      </section>
    </Layout>
  );
}

function NextPage({ session, filter, unzr, cursor }: { session: ConsoleSession; filter: EventFilter; unzr: string | null; cursor: string }) {
  if (!unzr) return <a href={`/ui/events${filterQuery(filter, cursor)}`}>Наступна сторінка →</a>;
  return (
    <form method="post" action="/ui/events">
      <CsrfField session={session} />
      {Object.entries({ ...filterFields(filter), unzr, cursor }).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="secondary">
        Наступна сторінка →
      </button>
    </form>
  );
}
