// Who did what to an event, when and why: the evidence an operator's action leaves.
import type { AuditEntry } from '../../store/audit.ts';
import { kyivDateTime } from '../format/dates.ts';
import { auditActionLabel } from '../format/labels.ts';
import { html } from '../html.ts';

export function AuditTable({ entries, withEvent = false }: { entries: AuditEntry[]; withEvent?: boolean }) {
  if (entries.length === 0) return html`<p class="muted">Дій операторів не було.</p>`;
  return html`<table>
    <thead>
      <tr><th>Коли</th><th>Хто</th><th>Дія</th>${withEvent ? html`<th>Подія</th>` : null}<th>Причина</th></tr>
    </thead>
    <tbody>
      ${entries.map(
        (a) => html`<tr>
          <td class="small">${kyivDateTime(a.at)}</td>
          <td class="mono small">${a.actor}</td>
          <td>${auditActionLabel(a.action)} <span class="mono small muted">${a.action}</span></td>
          ${withEvent ? html`<td>${a.eventId ? html`<a class="mono small" href="/ui/events/${encodeURIComponent(a.eventId)}">${a.eventId}</a>` : '—'}</td>` : null}
          <td>${a.reason ?? html`<span class="muted">—</span>`}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
