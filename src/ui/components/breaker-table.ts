// The circuit breaker of each DMS destination: whether the gateway is sending there right now.
import type { BreakerSnapshot } from '../../delivery/circuit-breaker.ts';
import { kyivDateTime } from '../format/dates.ts';
import { breakerLabel } from '../format/labels.ts';
import { html } from '../html.ts';

export function BreakerTable({ breakers }: { breakers: BreakerSnapshot[] }) {
  if (breakers.length === 0) return html`<p class="muted">Цей процес ще нічого не надсилав до ДМС.</p>`;
  return html`<table>
    <thead>
      <tr><th>Адресат</th><th>Стан</th><th class="num">Збої / спроби у вікні</th><th>Пауза до</th></tr>
    </thead>
    <tbody>
      ${breakers.map(
        (b) => html`<tr>
          <td class="mono small">${b.destination}</td>
          <td><span class="badge ${b.state}">${breakerLabel(b.state)}</span></td>
          <td class="num">${b.windowFailures} з ${b.windowRequests}</td>
          <td class="small">${b.openUntil !== null && b.state === 'open' ? kyivDateTime(b.openUntil) : '—'}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
