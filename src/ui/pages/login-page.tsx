// Sign-in: an operator token or a register key, pasted once; the console keeps it in an HttpOnly
// cookie. No CSRF token here (there is no session yet): the Origin check guards this form.
import { Layout } from '../components/layout.tsx';
import { Notice } from '../components/notice.tsx';

export function LoginPage({ failed = false, signedOut = false }: { failed?: boolean; signedOut?: boolean }) {
  return (
    <Layout title="Вхід">
      <section class="card login">
        <h1>Консоль шлюзу РТГ → ДМС</h1>
        {failed ? <Notice kind="bad">Такого токена оператора чи ключа реєстру немає. Перевірте, чи скопійовано його повністю.</Notice> : null}
        {signedOut ? <Notice kind="info">Ви вийшли з консолі.</Notice> : null}
        <form class="action" method="post" action="/ui/login">
          <label>
            Токен оператора або ключ реєстру
            <input type="password" name="secret" required autocomplete="off" autofocus />
          </label>
          <div>
            <button type="submit">Увійти</button>
          </div>
        </form>
        <p class="small muted">
          Оператор бачить події всіх реєстрів; ключ реєстру показує лише події цього реєстру. Вхід діє 12 годин.
        </p>
      </section>
    </Layout>
  );
}
