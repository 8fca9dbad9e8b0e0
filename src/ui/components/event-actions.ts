// Retry and cancel, offered only to those allowed and only when they apply (Operations refuses the
// rest anyway). Both are audited with the reason given here.
import type { EventWithAudit } from '../../operations/operations.ts';
import { cancelApplies, retryApplies } from '../access.ts';
import type { ConsoleSession } from '../console-env.ts';
import { html } from '../html.ts';
import { CsrfField } from './csrf-field.ts';

export function EventActions({ session, event }: { session: ConsoleSession; event: EventWithAudit }) {
  const status = event.delivery.status;
  const retry = retryApplies(status);
  const cancel = cancelApplies(status);
  if (!retry && !cancel) return null;
  const base = `/ui/events/${encodeURIComponent(event.id)}`;
  return html`<section class="card" id="actions">
    <h2>Дії</h2>
    <div class="actions">
      ${retry
        ? html`<form class="action" method="post" action="${base}/retry">
            ${CsrfField({ session })}
            <label>Причина повтору (необов’язково) <textarea name="reason" maxlength="500"></textarea></label>
            <p class="small muted">${status === 'rejected'
              ? 'Подію буде надіслано як нове повідомлення (новий xrd:id, новий підпис).'
              : 'Те саме повідомлення буде надіслано зараз, графік повторів почнеться спочатку.'}</p>
            <div><button type="submit" name="action" value="retry">Повторити доставку</button></div>
          </form>`
        : null}
      ${cancel
        ? html`<form class="action" method="post" action="${base}/cancel">
            ${CsrfField({ session })}
            <label>Причина скасування (обов’язково) <textarea name="reason" required maxlength="500"></textarea></label>
            <p class="small muted">Скасування остаточне; наступні події цієї особи підуть далі.</p>
            <div><button type="submit" class="danger">Скасувати доставку</button></div>
          </form>`
        : null}
    </div>
  </section>`;
}
