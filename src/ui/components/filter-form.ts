// The log's filters. Status, register, type and dates travel in the URL (links can be shared); the
// УНЗР is personal data, so it has a form of its own that POSTs and never becomes part of a URL.
import { EVENT_TYPES } from '../../domain/event.ts';
import type { EventFilter } from '../../operations/operations.ts';
import type { ConsoleSession } from '../console-env.ts';
import { filterFields } from '../filters.ts';
import { eventTypeLabel, STATUS_ORDER, statusLabel } from '../format/labels.ts';
import { html } from '../html.ts';
import { CsrfField } from './csrf-field.ts';

interface Props {
  session: ConsoleSession;
  filter: EventFilter;
  unzr: string | null;
  showRegister: boolean;
}

const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected=""` : null}>${label}</option>`;

export function FilterForm({ session, filter, unzr, showRegister }: Props) {
  const fields = filterFields(filter);
  return html`<section class="card">
    <form class="filters" method="get" action="/ui/events" aria-label="Фільтри">
      <label>Статус
        <select name="status"><option value="">усі</option>${STATUS_ORDER.map((s) => option(s, statusLabel(s), filter.status === s))}</select>
      </label>
      ${showRegister ? html`<label>Код реєстру <input name="register" value="${fields.register ?? ''}" size="12"></label>` : null}
      <label>Тип події
        <select name="type"><option value="">усі</option>${EVENT_TYPES.map((t) => option(t, eventTypeLabel(t), filter.type === t))}</select>
      </label>
      ${showRegister
        ? html`<label>Тестові (sandbox)
            <select name="sandbox">${option('', 'приховати', filter.sandbox === false)}${option('show', 'показати', filter.sandbox === undefined)}${option('only', 'лише тестові', filter.sandbox === true)}</select>
          </label>`
        : null}
      <label>Отримано з (Київ) <input type="datetime-local" name="from" value="${fields.from ?? ''}"></label>
      <label>по <input type="datetime-local" name="to" value="${fields.to ?? ''}"></label>
      <button type="submit">Показати</button>
      <a href="/ui/events">Скинути</a>
    </form>
    <form class="filters" method="post" action="/ui/events" style="margin-top:12px" aria-label="Пошук за УНЗР">
      ${CsrfField({ session })}
      ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
      <label>Точний УНЗР (з урахуванням інших фільтрів)
        <input name="unzr" value="${unzr ?? ''}" placeholder="РРРРММДД-ХХХХХ" pattern="\\d{8}-\\d{5}" autocomplete="off" required>
      </label>
      <button type="submit" class="secondary">Знайти</button>
    </form>
  </section>`;
}
