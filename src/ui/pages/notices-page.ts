// Notices from DMS, a page at a time: operators see all of them (newest first) and the unrouted
// queue; a register sees its own (oldest routing first). Like the events list, never a name or an
// УНЗР in a list.
import { NOTICE_KINDS } from '../../notices/notice.ts';
import type { Page } from '../../operations/operations.ts';
import { isOperator } from '../access.ts';
import { Layout } from '../components/layout.ts';
import type { ConsoleSession } from '../console-env.ts';
import { kyivDateTime } from '../format/dates.ts';
import { noticeKindLabel } from '../format/notice-labels.ts';
import { html } from '../html.ts';

export type NoticeState = '' | 'unrouted' | 'unacknowledged' | 'acknowledged';

export interface NoticeListFilter {
  kind: string;
  state: NoticeState;
}

/** One row of the list, for an operator (where it went) or a register (whether it acknowledged it). */
export interface NoticeRow {
  id: string;
  noticeId: string;
  kind: string;
  katottg: string | null;
  occurredOn: string;
  receivedAt: number;
  /** Register codes it was routed to (operators), or null (a register's own list). */
  routedTo: string[] | null;
  /** Operators: every recipient acknowledged; a register: it acknowledged. */
  acknowledged: boolean;
}

interface Props {
  session: ConsoleSession;
  filter: NoticeListFilter;
  page: Page<NoticeRow>;
  firstPage: boolean;
}

const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected=""` : null}>${label}</option>`;

export const noticeListQuery = (f: NoticeListFilter, cursor?: string): string => {
  const q = new URLSearchParams();
  if (f.kind) q.set('kind', f.kind);
  if (f.state) q.set('state', f.state);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
};

export function NoticesPage({ session, filter, page, firstPage }: Props) {
  const operator = isOperator(session.principal);
  return Layout({
    title: 'Повідомлення ДМС',
    session,
    section: 'notices',
    body: html`<h1>Повідомлення ДМС</h1>
      <section class="card">
        <form class="filters" method="get" action="/ui/notices" aria-label="Фільтри">
          ${operator
            ? html`<label>Вид
                <select name="kind"><option value="">усі</option>${NOTICE_KINDS.map((k) => option(k, noticeKindLabel(k), filter.kind === k))}</select>
              </label>`
            : null}
          <label>Стан
            <select name="state">
              ${option('', 'усі', filter.state === '')}
              ${operator ? option('unrouted', 'не надіслані жодному реєстру', filter.state === 'unrouted') : null}
              ${option('unacknowledged', 'не підтверджені', filter.state === 'unacknowledged')}
              ${option('acknowledged', 'підтверджені', filter.state === 'acknowledged')}
            </select>
          </label>
          <button type="submit">Показати</button>
          <a href="/ui/notices">Скинути</a>
        </form>
      </section>
      <section class="card">
        ${NoticeTable({ items: page.items, operator })}
        <div class="pager">
          ${firstPage ? html`<span></span>` : html`<a href="/ui/notices${noticeListQuery(filter)}">← На початок</a>`}
          ${page.nextCursor ? html`<a href="/ui/notices${noticeListQuery(filter, page.nextCursor)}">Наступна сторінка →</a>` : null}
        </div>
      </section>`,
  });
}

function NoticeTable({ items, operator }: { items: NoticeRow[]; operator: boolean }) {
  if (items.length === 0) return html`<p class="muted">Повідомлень за цими умовами немає.</p>`;
  return html`<table class="events notices">
    <thead>
      <tr><th>Отримано</th><th>Повідомлення ДМС</th><th>Вид</th><th>КАТОТТГ</th><th>Дата факту</th>${operator ? html`<th>Реєстри</th>` : null}<th>Стан</th></tr>
    </thead>
    <tbody>
      ${items.map(
        (n) => html`<tr data-notice-id="${n.id}">
          <td class="small">${kyivDateTime(n.receivedAt)}</td>
          <td><a href="/ui/notices/${encodeURIComponent(n.id)}" class="mono">${n.noticeId}</a></td>
          <td class="small">${noticeKindLabel(n.kind)}</td>
          <td class="mono small">${n.katottg ?? '—'}</td>
          <td class="small">${n.occurredOn}</td>
          ${operator ? html`<td class="mono small">${n.routedTo && n.routedTo.length > 0 ? n.routedTo.join(', ') : html`<span class="badge retrying">не надіслано</span>`}</td>` : null}
          <td class="small">${n.acknowledged ? 'підтверджено' : 'не підтверджено'}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
