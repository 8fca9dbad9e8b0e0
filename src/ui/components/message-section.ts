// The signed SOAP request exactly as it was sent, personal data masked. Revealing it is a POST with
// a reason: Operations writes it to the audit log, and the clear text is shown in that one answer.
import type { MessageView } from '../../operations/operations.ts';
import type { ConsoleSession } from '../console-env.ts';
import { html } from '../html.ts';
import { CsrfField } from './csrf-field.ts';
import { Notice } from './notice.ts';

interface Props {
  session: ConsoleSession;
  eventId: string;
  message: MessageView | null;
  /** Why there is no message to show (e.g. a register may not see it). */
  unavailable: string | null;
  canReveal: boolean;
}

export function MessageSection({ session, eventId, message, unavailable, canReveal }: Props) {
  return html`<section class="card" id="message">
    <h2>Підписане повідомлення до ДМС</h2>
    ${message === null
      ? html`<p class="muted">${unavailable ?? 'Повідомлення недоступне.'}</p>`
      : message.request === null
        ? html`<p class="muted">${message.purged ? 'Повідомлення видалено після строку зберігання.' : 'Повідомлення ще не надсилалося.'}</p>`
        : html`${message.masked
              ? html`<p class="small muted">Персональні дані приховано (•••). Їх показ записується в журнал дій разом із причиною.</p>`
              : Notice({ kind: 'warn', body: 'Персональні дані показано один раз; перегляд записано в журнал дій. Не копіюйте їх у листи чи заявки.' })}
            <p class="small">xrd:id <span class="mono">${message.messageId}</span>${message.requestDigest
              ? html` · SHA-256 <span class="mono">${message.requestDigest.slice(0, 32)}…</span>`
              : null}</p>
            <pre class="xml" data-masked="${String(message.masked)}">${message.request}</pre>
            ${message.masked && canReveal
              ? html`<form class="action" method="post" action="/ui/events/${encodeURIComponent(eventId)}/reveal">
                  ${CsrfField({ session })}
                  <label>Причина перегляду персональних даних (потрапить у журнал дій) <textarea name="reason" required maxlength="500"></textarea></label>
                  <div><button type="submit" class="secondary">Показати персональні дані</button></div>
                </form>`
              : null}`}
  </section>`;
}
