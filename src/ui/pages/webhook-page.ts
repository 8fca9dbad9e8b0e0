// One webhook endpoint (/ui/webhooks/:id): its state, its attempts (status, answer code, latency) and
// its recent messages with a resend button; enable/disable for operators and its register, secret
// rotation for the register.
import type { Principal } from '../../auth/principal.ts';
import type { WebhookMessageView } from '../../store/webhooks.ts';
import type { WebhookAttempt, WebhookEndpoint } from '../../webhooks/model.ts';
import { canAct } from '../access.ts';
import { CsrfField } from '../components/csrf-field.ts';
import { Layout } from '../components/layout.ts';
import type { ConsoleSession } from '../console-env.ts';
import { kyivDateTime } from '../format/dates.ts';
import { html, type Html } from '../html.ts';
import { EndpointState, SecretNotice } from './webhooks-page.ts';

const mayToggle = (p: Principal): boolean => p.kind === 'register' || canAct(p);

interface Props {
  session: ConsoleSession;
  endpoint: WebhookEndpoint;
  attempts: WebhookAttempt[];
  messages: WebhookMessageView[];
  /** Shown once, right after create or rotate. */
  secret?: string;
  done?: Html | null;
}

export function WebhookPage({ session, endpoint: e, attempts, messages, secret, done }: Props) {
  const p = session.principal;
  const action = (path: string, label: string) =>
    html`<form method="post" action="/ui/webhooks/${encodeURIComponent(e.id)}/${path}" class="inline">${CsrfField({ session })}<button type="submit">${label}</button></form>`;
  return Layout({
    title: 'Кінцева точка вебхуків',
    session,
    section: 'webhooks',
    body: html`<h1>Кінцева точка вебхуків</h1>
      ${secret ? SecretNotice({ secret }) : null}
      ${done ?? null}
      <section class="card">
        <dl class="facts">
          <dt>Адреса</dt><dd class="mono">${e.url}</dd>
          <dt>Реєстр</dt><dd class="mono">${e.registerCode}</dd>
          ${e.description ? html`<dt>Опис</dt><dd>${e.description}</dd>` : null}
          <dt>Типи подій</dt><dd class="small">${e.eventTypes.join(', ')}</dd>
          <dt>Стан</dt><dd>${EndpointState({ endpoint: e })}</dd>
          ${e.previousSecretExpiresAt ? html`<dt>Попередній секрет підписує до</dt><dd>${kyivDateTime(e.previousSecretExpiresAt)}</dd>` : null}
        </dl>
        ${mayToggle(p) ? (e.enabled ? action('disable', 'Вимкнути') : action('enable', 'Увімкнути')) : null}
        ${p.kind === 'register' ? action('rotate-secret', 'Замінити секрет') : null}
      </section>
      <section class="card">
        <h2>Повідомлення</h2>
        ${messages.length === 0
          ? html`<p class="muted">Повідомлень ще не було.</p>`
          : html`<table>
              <thead><tr><th>Створено</th><th>Ідентифікатор</th><th>Тип</th><th>Стан</th><th>Спроб</th><th>Остання помилка</th><th></th></tr></thead>
              <tbody>
                ${messages.map(
                  (m) => html`<tr data-message-id="${m.id}">
                    <td class="small">${kyivDateTime(m.createdAt)}</td>
                    <td class="mono small">${m.id}</td>
                    <td class="mono small">${m.type}</td>
                    <td>${m.status}</td>
                    <td>${m.attempts}</td>
                    <td class="small">${m.lastError ?? ''}</td>
                    <td>${p.kind === 'register' || canAct(p) ? action(`messages/${encodeURIComponent(m.id)}/resend`, 'Надіслати ще раз') : null}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>
      <section class="card">
        <h2>Спроби</h2>
        ${attempts.length === 0
          ? html`<p class="muted">Спроб ще не було.</p>`
          : html`<table>
              <thead><tr><th>Коли</th><th>Повідомлення</th><th>№</th><th>Результат</th><th>Код відповіді</th><th>Тривалість, мс</th><th>Помилка</th></tr></thead>
              <tbody>
                ${attempts.map(
                  (a) => html`<tr>
                    <td class="small">${kyivDateTime(a.startedAt)}</td>
                    <td class="mono small">${a.messageId}</td>
                    <td>${a.number}</td>
                    <td>${a.outcome === 'delivered' ? 'доставлено' : 'збій'}</td>
                    <td>${a.httpStatus ?? '—'}</td>
                    <td>${a.durationMs}</td>
                    <td class="small">${a.error ?? ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>`,
  });
}
