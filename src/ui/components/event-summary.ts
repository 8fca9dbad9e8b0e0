// The facts of one event and its delivery, DMS's receipt or rejection included.
import type { EventWithAudit } from '../../operations/operations.ts';
import { kyivDateTime } from '../format/dates.ts';
import { eventTypeLabel } from '../format/labels.ts';
import { html, type Html } from '../html.ts';
import { SandboxBadge } from './status-badge.ts';

/** An ISO instant from the register or DMS, in Kyiv time; anything unreadable as it came. */
const instant = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : kyivDateTime(Date.parse(iso)));

/** One term and its description, or nothing when there is none. */
const fact = (term: string, value: Html | string | number | null, valueClass?: string) =>
  value === null ? null : html`<dt>${term}</dt><dd${valueClass ? html` class="${valueClass}"` : null}>${value}</dd>`;

export function EventSummary({ event }: { event: EventWithAudit }) {
  const d = event.delivery;
  return html`<section class="card">
    <h2>Подія та доставка${event.sandbox ? html` ${SandboxBadge()}` : null}</h2>
    ${event.sandbox ? html`<p class="notice" style="margin:0 0 12px">Тестова подія: надіслана тестовим ключем реєстру й доставлена у вбудований тестовий макет ДМС, а не в ДМС.</p>` : null}
    <dl class="facts">
      ${fact('Ідентифікатор у шлюзі', event.id, 'mono')}
      ${fact('Ідентифікатор у реєстрі', event.registerEventId, 'mono')}
      ${fact('Реєстр', event.registerCode, 'mono')}
      ${fact('Тип', html`${eventTypeLabel(event.type)} <span class="mono small muted">${event.type}</span>`)}
      ${fact('Дата акту', instant(event.occurredAt))}
      ${fact('Причина — повідомлення ДМС', event.noticeId ?? null, 'mono')}
      ${fact('Отримано шлюзом', kyivDateTime(event.receivedAt))}
      ${fact('Повідомлення (xrd:id)', d.messageId, 'mono')}
      ${fact('Версія контракту', d.contract ?? 'визначиться під час першого підписання', d.contract ? 'mono' : 'muted')}
      ${fact('Спроб', d.attempts)}
      ${fact('Наступна спроба', d.nextAttemptAt !== null ? kyivDateTime(d.nextAttemptAt) : null)}
      ${fact('Завершено', d.finishedAt !== null ? kyivDateTime(d.finishedAt) : null)}
      ${fact('Остання помилка', d.lastError || null, 'mono small')}
      ${fact('Причина скасування', d.cancelReason || null)}
      ${fact('Попередження', event.warnings.length > 0 ? event.warnings.map((w) => w.code).join(', ') : null, 'mono small')}
    </dl>
    ${d.receipt
      ? html`<p class="notice ok" style="margin:12px 0 0" data-receipt="${d.receipt.number}">Квитанція ДМС <strong class="mono">${d.receipt.number}</strong>, статус ${d.receipt.status}, зареєстровано ${instant(d.receipt.registeredAt)}</p>`
      : null}
    ${d.rejection
      ? html`<p class="notice bad" style="margin:12px 0 0">ДМС відмовила: <strong class="mono">${d.rejection.code}</strong> — ${d.rejection.reason}</p>`
      : null}
  </section>`;
}
