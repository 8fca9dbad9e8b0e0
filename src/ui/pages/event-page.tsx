// The delivery page: what happened to one event, attempt by attempt, and what can be done about it.
import type { EventWithAudit, MessageView } from '../../operations/operations.ts';
import { canAct } from '../access.ts';
import { AttemptTimeline } from '../components/attempt-timeline.tsx';
import { AuditTable } from '../components/audit-table.tsx';
import { EventActions } from '../components/event-actions.tsx';
import { EventSummary } from '../components/event-summary.tsx';
import { Layout } from '../components/layout.tsx';
import { MessageSection } from '../components/message-section.tsx';
import { Notice } from '../components/notice.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import type { ConsoleSession } from '../console-env.ts';
import { statusHint, statusLabel } from '../format/labels.ts';

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
  const settled = ['delivered', 'rejected', 'failed', 'cancelled'].includes(event.status);
  return (
    <Layout title={`Подія ${event.registerEventId}`} session={session} section="events" refreshSeconds={done === 'retry' && !settled ? 2 : undefined}>
      <h1>
        Подія <span class="mono">{event.registerEventId}</span>
        <StatusBadge status={event.status} />
      </h1>
      {done ? <Notice kind="ok">{DONE[done] + (done === 'retry' && !settled ? FOLLOWING : '')}</Notice> : null}
      {waiting ? (
        <Notice kind={event.status === 'blocked' ? 'warn' : 'info'}>
          {event.status === 'blocked' ? 'Заблоковано: попередня подія цієї особи ' : 'Чекає на попередню подію цієї особи '}
          {waiting.eventId ? (
            <a href={`/ui/events/${encodeURIComponent(waiting.eventId)}`} class="mono">
              {waiting.eventId}
            </a>
          ) : (
            'іншого реєстру'
          )}{' '}
          зі статусом «{statusLabel(waiting.status)}».
          {event.status === 'blocked' ? ' Оператор має повторити або скасувати ту подію.' : null}
        </Notice>
      ) : (
        <p class="muted small">{statusHint(event.status)}</p>
      )}
      {canAct(p) ? <EventActions session={session} event={event} /> : null}
      <EventSummary event={event} />
      <section class="card" id="attempts">
        <h2>Спроби доставки</h2>
        <AttemptTimeline attempts={event.attempts} exchanges={message?.exchanges ?? []} />
      </section>
      <MessageSection session={session} eventId={event.id} message={message} unavailable={messageUnavailable} canReveal={canAct(p)} />
      {p.kind === 'operator' ? (
        <section class="card" id="audit">
          <h2>Дії операторів</h2>
          <AuditTable entries={event.audit} />
        </section>
      ) : null}
    </Layout>
  );
}
