// Sign-in: an operator token or a register key, pasted once; the console keeps it in an HttpOnly
// cookie. No CSRF token here (there is no session yet): the Origin check guards this form.
import { Layout } from '../components/layout.ts';
import { Notice } from '../components/notice.ts';
import { html } from '../html.ts';

/** "1 хв 30 с" / "1 min 30 s". */
const wait = (seconds: number, min: string, sec: string) =>
  seconds >= 60 ? `${Math.floor(seconds / 60)} ${min}${seconds % 60 ? ` ${seconds % 60} ${sec}` : ''}` : `${seconds} ${sec}`;

export function LoginPage({ failed = false, signedOut = false, lockedForSeconds = 0 }: { failed?: boolean; signedOut?: boolean; lockedForSeconds?: number }) {
  return Layout({
    title: 'Вхід',
    body: html`<section class="card login">
        <h1>Консоль шлюзу РТГ → ДМС</h1>
        ${failed ? Notice({ kind: 'bad', body: 'Такого токена оператора чи ключа реєстру немає. Перевірте, чи скопійовано його повністю.' }) : null}
        ${lockedForSeconds > 0
          ? html`<div data-throttled="${lockedForSeconds}">${Notice({
              kind: 'bad',
              body: `Забагато невдалих спроб входу з цієї адреси. Спробуйте знову через ${wait(lockedForSeconds, 'хв', 'с')}. / Too many failed sign-ins from this address. Try again in ${wait(lockedForSeconds, 'min', 's')}.`,
            })}</div>`
          : null}
        ${signedOut ? Notice({ kind: 'info', body: 'Ви вийшли з консолі.' }) : null}
        <form class="action" method="post" action="/ui/login">
          <label>Токен оператора або ключ реєстру <input type="password" name="secret" required autocomplete="off" autofocus></label>
          <div><button type="submit">Увійти</button></div>
        </form>
        <p class="small muted">Оператор бачить події всіх реєстрів; ключ реєстру показує лише події цього реєстру. Вхід діє 12 годин.</p>
      </section>`,
  });
}
