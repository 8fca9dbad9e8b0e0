// The signed SOAP request exactly as it was sent, personal data masked. Revealing it is a POST with
// a reason: Operations writes it to the audit log, and the clear text is shown in that one answer.
import type { MessageView } from '../../operations/operations.ts';
import type { ConsoleSession } from '../console-env.ts';
import { CsrfField } from './csrf-field.tsx';
import { Notice } from './notice.tsx';

interface Props {
  session: ConsoleSession;
  eventId: string;
  message: MessageView | null;
  /** Why there is no message to show (e.g. a register may not see it). */
  unavailable: string | null;
  canReveal: boolean;
}

export function MessageSection({ session, eventId, message, unavailable, canReveal }: Props) {
  return (
    <section class="card" id="message">
      <h2>Підписане повідомлення до ДМС</h2>
      {message === null ? (
        <p class="muted">{unavailable ?? 'Повідомлення недоступне.'}</p>
      ) : message.request === null ? (
        <p class="muted">{message.purged ? 'Повідомлення видалено після строку зберігання.' : 'Повідомлення ще не надсилалося.'}</p>
      ) : (
        <>
          {message.masked ? (
            <p class="small muted">Персональні дані приховано (•••). Їх показ записується в журнал дій разом із причиною.</p>
          ) : (
            <Notice kind="warn">
              Персональні дані показано один раз; перегляд записано в журнал дій. Не копіюйте їх у листи чи заявки.
            </Notice>
          )}
          <p class="small">
            xrd:id <span class="mono">{message.messageId}</span>
            {message.requestDigest ? (
              <>
                {' '}
                · SHA-256 <span class="mono">{message.requestDigest.slice(0, 32)}…</span>
              </>
            ) : null}
          </p>
          <pre class="xml" data-masked={String(message.masked)}>
            {message.request}
          </pre>
          {message.masked && canReveal ? (
            <form class="action" method="post" action={`/ui/events/${encodeURIComponent(eventId)}/reveal`}>
              <CsrfField session={session} />
              <label>
                Причина перегляду персональних даних (потрапить у журнал дій)
                <textarea name="reason" required maxlength={500} />
              </label>
              <div>
                <button type="submit" class="secondary">
                  Показати персональні дані
                </button>
              </div>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
