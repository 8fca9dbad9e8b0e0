// A list of events: ids, codes, statuses and times only. Never a name or an УНЗР: a list is
// glanced at over a shoulder and screenshotted into tickets.
import type { EventListItem } from '../../operations/operations.ts';
import { kyivDateTime } from '../format/dates.ts';
import { eventTypeLabel } from '../format/labels.ts';
import { html } from '../html.ts';
import { SandboxBadge, StatusBadge } from './status-badge.ts';

export function EventTable({ items, empty }: { items: EventListItem[]; empty: string }) {
  if (items.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<table class="events">
    <thead>
      <tr><th>Отримано</th><th>Подія реєстру</th><th>Реєстр</th><th>Тип</th><th>Статус</th><th class="num">Спроб</th><th>Квитанція / помилка</th></tr>
    </thead>
    <tbody>
      ${items.map(
        (e) => html`<tr data-event-id="${e.id}">
          <td class="small">${kyivDateTime(e.receivedAt)}</td>
          <td><a href="/ui/events/${encodeURIComponent(e.id)}" class="mono">${e.eventId}</a>${e.sandbox ? html` ${SandboxBadge()}` : null}</td>
          <td class="mono">${e.registerCode}</td>
          <td class="small">${eventTypeLabel(e.type)}</td>
          <td>${StatusBadge({ status: e.status })}</td>
          <td class="num">${e.attempts}</td>
          <td class="small">${e.receiptNumber ? html`<span class="mono">${e.receiptNumber}</span>` : (e.lastError ?? '')}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
