// The facts of one event and its delivery, DMS's receipt or rejection included.
import type { EventWithAudit } from '../../operations/operations.ts';
import { kyivDateTime } from '../format/dates.ts';
import { eventTypeLabel } from '../format/labels.ts';

/** An ISO instant from the register or DMS, in Kyiv time; anything unreadable as it came. */
const instant = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : kyivDateTime(Date.parse(iso)));

export function EventSummary({ event }: { event: EventWithAudit }) {
  const d = event.delivery;
  return (
    <section class="card">
      <h2>Подія та доставка</h2>
      <dl class="facts">
        <dt>Ідентифікатор у шлюзі</dt>
        <dd class="mono">{event.id}</dd>
        <dt>Ідентифікатор у реєстрі</dt>
        <dd class="mono">{event.registerEventId}</dd>
        <dt>Реєстр</dt>
        <dd class="mono">{event.registerCode}</dd>
        <dt>Тип</dt>
        <dd>
          {eventTypeLabel(event.type)} <span class="mono small muted">{event.type}</span>
        </dd>
        <dt>Дата акту</dt>
        <dd>{instant(event.occurredAt)}</dd>
        <dt>Отримано шлюзом</dt>
        <dd>{kyivDateTime(event.receivedAt)}</dd>
        <dt>Повідомлення (xrd:id)</dt>
        <dd class="mono">{d.messageId}</dd>
        <dt>Контракт</dt>
        <dd class="mono">{d.contract}</dd>
        <dt>Спроб</dt>
        <dd>{d.attempts}</dd>
        {d.nextAttemptAt !== null ? (
          <>
            <dt>Наступна спроба</dt>
            <dd>{kyivDateTime(d.nextAttemptAt)}</dd>
          </>
        ) : null}
        {d.finishedAt !== null ? (
          <>
            <dt>Завершено</dt>
            <dd>{kyivDateTime(d.finishedAt)}</dd>
          </>
        ) : null}
        {d.lastError ? (
          <>
            <dt>Остання помилка</dt>
            <dd class="mono small">{d.lastError}</dd>
          </>
        ) : null}
        {d.cancelReason ? (
          <>
            <dt>Причина скасування</dt>
            <dd>{d.cancelReason}</dd>
          </>
        ) : null}
        {event.warnings.length > 0 ? (
          <>
            <dt>Попередження</dt>
            <dd class="mono small">{event.warnings.map((w) => w.code).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {d.receipt ? (
        <p class="notice ok" style="margin:12px 0 0" data-receipt={d.receipt.number}>
          Квитанція ДМС <strong class="mono">{d.receipt.number}</strong>, статус {d.receipt.status}, зареєстровано {instant(d.receipt.registeredAt)}
        </p>
      ) : null}
      {d.rejection ? (
        <p class="notice bad" style="margin:12px 0 0">
          ДМС відмовила: <strong class="mono">{d.rejection.code}</strong> — {d.rejection.reason}
        </p>
      ) : null}
    </section>
  );
}
