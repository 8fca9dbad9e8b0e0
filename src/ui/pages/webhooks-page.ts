// Webhook endpoints (/ui/webhooks): operators see every register's (filtered by register code) and
// their health; a register sees its own and subscribes new ones, the secret shown once.
import type { WebhookEndpoint } from '../../webhooks/model.ts';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/model.ts';
import { CsrfField } from '../components/csrf-field.ts';
import { Layout } from '../components/layout.ts';
import { Notice } from '../components/notice.ts';
import type { ConsoleSession } from '../console-env.ts';
import { kyivDateTime } from '../format/dates.ts';
import { html } from '../html.ts';

const DISABLED_REASON: Record<string, string> = {
  register: 'вимкнув реєстр',
  operator: 'вимкнув оператор',
  failing: 'вимкнено автоматично: довго не відповідає',
};

export function EndpointState({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (endpoint.enabled) {
    return endpoint.failingSince === null
      ? html`<span class="badge status-delivered">увімкнено</span>`
      : html`<span class="badge status-retrying">збої з ${kyivDateTime(endpoint.failingSince)}</span>`;
  }
  return html`<span class="badge status-failed">${DISABLED_REASON[endpoint.disabledReason ?? ''] ?? 'вимкнено'}</span>`;
}

export function WebhooksPage({ session, endpoints, register }: { session: ConsoleSession; endpoints: WebhookEndpoint[]; register: string }) {
  const p = session.principal;
  return Layout({
    title: 'Вебхуки',
    session,
    section: 'webhooks',
    body: html`<h1>Вебхуки</h1>
      ${p.kind === 'operator'
        ? html`<form class="filters" method="get" action="/ui/webhooks"><label>Код реєстру <input name="register" size="12" value="${register}"></label><button type="submit">Показати</button></form>`
        : CreateForm({ session })}
      <section class="card">
        <h2>Кінцеві точки</h2>
        ${endpoints.length === 0
          ? html`<p class="muted">Кінцевих точок немає.</p>`
          : html`<table>
              <thead><tr><th>Реєстр</th><th>Адреса</th><th>Типи</th><th>Стан</th><th>Створено</th></tr></thead>
              <tbody>
                ${endpoints.map(
                  (e) => html`<tr data-endpoint-id="${e.id}">
                    <td class="mono small">${e.registerCode}</td>
                    <td class="mono small"><a href="/ui/webhooks/${encodeURIComponent(e.id)}">${e.url}</a></td>
                    <td class="small">${e.eventTypes.join(', ')}</td>
                    <td>${EndpointState({ endpoint: e })}</td>
                    <td class="small">${kyivDateTime(e.createdAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>`,
  });
}

function CreateForm({ session }: { session: ConsoleSession }) {
  return html`<section class="card">
    <h2>Нова кінцева точка</h2>
    <form class="filters" method="post" action="/ui/webhooks">
      ${CsrfField({ session })}
      <label style="flex:1 1 100%">Адреса (https://…) <input name="url" type="url" required maxlength="2000"></label>
      <fieldset><legend>Типи подій</legend>
        ${WEBHOOK_EVENT_TYPES.map((t) => html`<label><input type="checkbox" name="type_${t}" value="1" checked> <span class="mono small">${t}</span></label> `)}
      </fieldset>
      <label>Опис <input name="description" maxlength="200"></label>
      <button type="submit">Створити</button>
    </form>
  </section>`;
}

/** The one page that shows a secret: after creating an endpoint or rotating its secret. */
export function SecretNotice({ secret }: { secret: string }) {
  return Notice({
    kind: 'warn',
    body: html`Секрет підпису показано <strong>один раз</strong>, збережіть його зараз: <code class="mono" data-secret>${secret}</code>`,
  });
}
