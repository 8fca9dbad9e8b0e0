// The searchable log of events, newest first, a page at a time.
import type { EventFilter, EventListItem, Page } from '../../operations/operations.ts';
import { isOperator } from '../access.ts';
import { CsrfField } from '../components/csrf-field.ts';
import { EventTable } from '../components/event-table.ts';
import { FilterForm } from '../components/filter-form.ts';
import { Layout } from '../components/layout.ts';
import type { ConsoleSession } from '../console-env.ts';
import { filterFields, filterQuery } from '../filters.ts';
import { html } from '../html.ts';

interface Props {
  session: ConsoleSession;
  filter: EventFilter;
  /** Set when the list was searched by УНЗР (a POST). */
  unzr: string | null;
  page: Page<EventListItem>;
  firstPage: boolean;
}

export function EventsPage({ session, filter, unzr, page, firstPage }: Props) {
  return Layout({
    title: 'Журнал подій',
    session,
    section: 'events',
    body: html`<h1>Журнал подій</h1>
      ${FilterForm({ session, filter, unzr, showRegister: isOperator(session.principal) })}
      <section class="card">
        ${unzr ? html`<p class="small muted">Результати пошуку за УНЗР (сам УНЗР у списку не показано).</p>` : null}
        ${EventTable({ items: page.items, empty: 'Подій за цими умовами немає.' })}
        <div class="pager">
          ${firstPage ? html`<span></span>` : html`<a href="${unzr ? '/ui/events' : `/ui/events${filterQuery(filter)}`}">← На початок</a>`}
          ${page.nextCursor ? NextPage({ session, filter, unzr, cursor: page.nextCursor }) : null}
        </div>
      </section>`,
  });
}

function NextPage({ session, filter, unzr, cursor }: { session: ConsoleSession; filter: EventFilter; unzr: string | null; cursor: string }) {
  if (!unzr) return html`<a href="/ui/events${filterQuery(filter, cursor)}">Наступна сторінка →</a>`;
  return html`<form method="post" action="/ui/events">
    ${CsrfField({ session })}
    ${Object.entries({ ...filterFields(filter), unzr, cursor }).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
    <button type="submit" class="secondary">Наступна сторінка →</button>
  </form>`;
}
