// The first page the person on duty sees: is anything stuck, is DMS reachable, what failed.
import type { Dashboard } from '../../operations/operations.ts';
import { BreakerTable } from '../components/breaker-table.ts';
import { EventTable } from '../components/event-table.ts';
import { Layout } from '../components/layout.ts';
import { ThroughputChart } from '../components/throughput-chart.ts';
import type { ConsoleSession } from '../console-env.ts';
import { age, kyivDateTime } from '../format/dates.ts';
import { STATUS_ORDER, statusHint, statusLabel } from '../format/labels.ts';
import { html } from '../html.ts';
import { Notice } from '../components/notice.ts';
import type { WebhookEndpoint } from '../../webhooks/model.ts';

/** `unroutedNotices`: DMS notices routed to no register (operators only; null when not shown). `disabledWebhooks`: endpoints the worker disabled for failing. */
export function DashboardPage({
  session,
  data,
  now,
  unroutedNotices = null,
  disabledWebhooks = [],
}: {
  session: ConsoleSession;
  data: Dashboard;
  now: number;
  unroutedNotices?: number | null;
  disabledWebhooks?: WebhookEndpoint[];
}) {
  const oldest = data.oldestWaiting;
  return Layout({
    title: 'Огляд',
    session,
    section: 'dashboard',
    body: html`<h1>Огляд</h1>
      ${disabledWebhooks.length > 0 ? DisabledWebhooks({ endpoints: disabledWebhooks }) : null}
      <div class="tiles" aria-label="Події за статусом">
        ${STATUS_ORDER.map(
          (status) =>
            html`<a class="tile status-${status}" href="/ui/events?status=${status}" title="${statusHint(status)}" data-status="${status}"><span class="n">${data.counts[status] ?? 0}</span>${statusLabel(status)}</a>`,
        )}
      </div>
      <div class="grid">
        <section class="card">
          <h2>Черга</h2>
          <dl class="facts">
            <dt>Очікують доставки</dt>
            <dd><strong>${data.backlog}</strong> <span class="muted small">(прийняті, з повторними спробами, заблоковані)</span></dd>
            <dt>Найдовше чекає</dt>
            <dd>${oldest
              ? html`<a href="/ui/events/${encodeURIComponent(oldest.id)}" class="mono">${oldest.eventId}</a> <span class="small">з ${kyivDateTime(oldest.receivedAt)} (${age(now - oldest.receivedAt)})</span>`
              : html`<span class="muted">черга порожня</span>`}</dd>
            ${unroutedNotices === null
              ? null
              : html`<dt>Повідомлення ДМС без реєстру</dt>
                  <dd id="unrouted-notices"><a href="/ui/notices?state=unrouted"><strong>${unroutedNotices}</strong></a> <span class="muted small">(жоден реєстр не оголосив території, що охоплює адресу)</span></dd>`}
          </dl>
        </section>
        <section class="card">
          <h2>Зв’язок із ДМС</h2>
          ${BreakerTable({ breakers: data.breakers })}
        </section>
      </div>
      <section class="card">
        <h2>Завершені доставки за годину, останні 24 години</h2>
        ${ThroughputChart({ hours: data.throughput })}
      </section>
      <section class="card" id="failed">
        <h2>Не доставлені <a class="small" href="/ui/events?status=failed">усі</a></h2>
        ${EventTable({ items: data.failed, empty: 'Немає недоставлених подій.' })}
      </section>
      <section class="card" id="blocked">
        <h2>Заблоковані <a class="small" href="/ui/events?status=blocked">усі</a></h2>
        ${EventTable({ items: data.blocked, empty: 'Немає заблокованих подій.' })}
      </section>`,
  });
}

/** Endpoints the webhook worker disabled after failing for WEBHOOK_DISABLE_AFTER: someone should tell the register. */
function DisabledWebhooks({ endpoints }: { endpoints: WebhookEndpoint[] }) {
  return Notice({
    kind: 'bad',
    body: html`Вимкнено вебхуки, що довго не відповідали: ${endpoints.map(
      (e, i) => html`${i > 0 ? ', ' : ''}<a href="/ui/webhooks/${encodeURIComponent(e.id)}" data-disabled-endpoint="${e.id}">реєстр ${e.registerCode}</a>${e.disabledAt ? html` (${kyivDateTime(e.disabledAt)})` : null}`,
    )}. Повідомте реєстр і ввімкніть знову, коли приймач запрацює.`,
  });
}
