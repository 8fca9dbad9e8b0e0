// Sign-in: an operator token or a register key, pasted once; the console keeps it in an HttpOnly
// cookie. No CSRF token here (there is no session yet): the Origin check guards this form.
import { Layout } from '../components/layout.ts';
import { Notice } from '../components/notice.ts';
import { html } from '../html.ts';

export function LoginPage({ failed = false, signedOut = false }: { failed?: boolean; signedOut?: boolean }) {
  return Layout({
    title: 'Вхід',
    body: html`<section class="card login">
        <h1>Консоль шлюзу РТГ → ДМС</h1>
        ${failed ? Notice({ kind: 'bad', body: 'Такого токена оператора чи ключа реєстру немає. Перевірте, чи скопійовано його повністю.' }) : null}
        ${signedOut ? Notice({ kind: 'info', body: 'Ви вийшли з консолі.' }) : null}
        <form class="action" method="post" action="/ui/login">
          <label>Токен оператора або ключ реєстру <input type="password" name="secret" required autocomplete="off" autofocus></label>
          <div><button type="submit">Увійти</button></div>
        </form>
        <p class="small muted">Оператор бачить події всіх реєстрів; ключ реєстру показує лише події цього реєстру. Вхід діє 12 годин.</p>
      </section>`,
  });
}
