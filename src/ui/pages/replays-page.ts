// Bulk replays: after an outage or a fixed bug at DMS, every failed (or rejected) event matching a
// filter is retried by a background job, with one reason for all of them.
import { EVENT_TYPES } from '../../domain/event.ts';
import type { ReplayJob } from '../../operations/operations.ts';
import { canAct } from '../access.ts';
import { CsrfField } from '../components/csrf-field.ts';
import { Layout } from '../components/layout.ts';
import { describeFilter, ReplayBadge, ReplayProgress } from '../components/replay-parts.ts';
import type { ConsoleSession } from '../console-env.ts';
import { kyivDateTime } from '../format/dates.ts';
import { eventTypeLabel } from '../format/labels.ts';
import { html } from '../html.ts';

export function ReplaysPage({ session, jobs }: { session: ConsoleSession; jobs: ReplayJob[] }) {
  return Layout({
    title: 'Повторні відправлення',
    session,
    section: 'replays',
    body: html`<h1>Повторні відправлення</h1>
      ${canAct(session.principal) ? StartForm({ session }) : null}
      <section class="card">
        <h2>Запуски</h2>
        ${jobs.length === 0 ? html`<p class="muted">Повторних відправлень ще не було.</p>` : JobTable({ jobs })}
      </section>`,
  });
}

function JobTable({ jobs }: { jobs: ReplayJob[] }) {
  return html`<table>
    <thead>
      <tr><th>Запущено</th><th>Хто</th><th>Які події</th><th>Стан</th><th>Хід</th></tr>
    </thead>
    <tbody>
      ${jobs.map(
        (job) => html`<tr data-replay-id="${job.id}">
          <td class="small"><a href="/ui/replays/${encodeURIComponent(job.id)}">${kyivDateTime(job.createdAt)}</a></td>
          <td class="mono small">${job.createdBy}</td>
          <td class="small">${describeFilter(job.filter)}</td>
          <td>${ReplayBadge({ state: job.state })}</td>
          <td>${ReplayProgress({ job })}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function StartForm({ session }: { session: ConsoleSession }) {
  return html`<section class="card">
    <h2>Нове повторне відправлення</h2>
    <form class="filters" method="post" action="/ui/replays">
      ${CsrfField({ session })}
      <label>Статус
        <select name="status"><option value="failed">Не доставлено</option><option value="rejected">Відхилено ДМС</option></select>
      </label>
      <label>Код реєстру <input name="register" size="12"></label>
      <label>Тип події
        <select name="type"><option value="">усі</option>${EVENT_TYPES.map((t) => html`<option value="${t}">${eventTypeLabel(t)}</option>`)}</select>
      </label>
      <label>Отримано з (Київ) <input type="datetime-local" name="from"></label>
      <label>по <input type="datetime-local" name="to"></label>
      <label style="flex:1 1 100%">Причина (потрапить у журнал дій кожної події) <textarea name="reason" required maxlength="500"></textarea></label>
      <button type="submit">Запустити</button>
    </form>
  </section>`;
}
