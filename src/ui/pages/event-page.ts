// The delivery page: what happened to one event, attempt by attempt, and what can be done about it.
import type { EventWithAudit, MessageView } from '../../operations/operations.ts';
import { canAct } from '../access.ts';
import { AttemptTimeline } from '../components/attempt-timeline.ts';
import { AuditTable } from '../components/audit-table.ts';
import { EventActions } from '../components/event-actions.ts';
import { EventSummary } from '../components/event-summary.ts';
import { Layout } from '../components/layout.ts';
import { MessageSection } from '../components/message-section.ts';
import { Notice } from '../components/notice.ts';
import { StatusBadge } from '../components/status-badge.ts';
import type { ConsoleSession } from '../console-env.ts';
import { statusHint, statusLabel } from '../format/labels.ts';
import { html } from '../html.ts';

export type DoneAction = 'retry' | 'cancel';

interface Props {
  session: ConsoleSession;
  event: EventWithAudit;
  message: MessageView | null;
  messageUnavailable: string | null;
  /** The action just taken, to confirm it. */
  done: DoneAction | null;
}

const DONE: Record<DoneAction, string> = { retry: 'Доставку повторено.', cancel: 'Доставку скасовано.' };
const FOLLOWING = ' Спробу заплановано на зараз; сторінка оновлюється сама, доки доставка не завершиться.';

export function EventPage({ session, event, message, messageUnavailable, done }: Props) {
  const p = session.principal;
  const waiting = event.delivery.waitingFor;
  const settled = ['delivered', 'registered', 'refused', 'rejected', 'failed', 'cancelled'].includes(event.status);
  const blocked = event.status === 'blocked';
  const waitingNotice = waiting
    ? Notice({
        kind: blocked ? 'warn' : 'info',
        body: html`${blocked ? 'Заблоковано: попередня подія цієї особи ' : 'Чекає на попередню подію цієї особи '}${waiting.eventId
          ? html`<a href="/ui/events/${encodeURIComponent(waiting.eventId)}" class="mono">${waiting.eventId}</a>`
          : 'іншого реєстру'} зі статусом «${statusLabel(waiting.status)}».${blocked ? ' Оператор має повторити або скасувати ту подію.' : null}`,
      })
    : html`<p class="muted small">${statusHint(event.status)}</p>`;
  return Layout({
    title: `Подія ${event.registerEventId}`,
    session,
    section: 'events',
    ...(done === 'retry' && !settled ? { refreshSeconds: 2 } : {}),
    body: html`<h1>Подія <span class="mono">${event.registerEventId}</span>${StatusBadge({ status: event.status })}</h1>
      ${done ? Notice({ kind: 'ok', body: DONE[done] + (done === 'retry' && !settled ? FOLLOWING : '') }) : null}
      ${waitingNotice}
      ${canAct(p) ? EventActions({ session, event }) : null}
      ${EventSummary({ event })}
      <section class="card" id="attempts">
        <h2>Спроби доставки</h2>
        ${AttemptTimeline({ attempts: event.attempts, exchanges: message?.exchanges ?? [], outcome: event.outcome })}
      </section>
      ${MessageSection({ session, eventId: event.id, message, unavailable: messageUnavailable, canReveal: canAct(p) })}
      ${p.kind === 'operator'
        ? html`<section class="card" id="audit">
            <h2>Дії операторів</h2>
            ${AuditTable({ entries: event.audit })}
          </section>`
        : null}`,
  });
}
