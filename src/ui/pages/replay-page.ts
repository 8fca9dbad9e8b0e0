// One replay job; while it runs the page reloads itself every few seconds (no script needed).
import type { ReplayJob } from '../../operations/operations.ts';
import { canAct } from '../access.ts';
import { CsrfField } from '../components/csrf-field.ts';
import { Layout } from '../components/layout.ts';
import { describeFilter, ReplayBadge, ReplayProgress } from '../components/replay-parts.ts';
import type { ConsoleSession } from '../console-env.ts';
import { kyivDateTime } from '../format/dates.ts';
import { html } from '../html.ts';

export function ReplayPage({ session, job }: { session: ConsoleSession; job: ReplayJob }) {
  const running = job.state === 'running';
  return Layout({
    title: 'Повторне відправлення',
    session,
    section: 'replays',
    ...(running ? { refreshSeconds: 3 } : {}),
    body: html`<h1>Повторне відправлення ${ReplayBadge({ state: job.state })}</h1>
      <section class="card">
        <dl class="facts">
          <dt>Які події</dt><dd>${describeFilter(job.filter)}</dd>
          <dt>Причина</dt><dd>${job.reason}</dd>
          <dt>Запустив</dt><dd class="mono">${job.createdBy}</dd>
          <dt>Запущено</dt><dd>${kyivDateTime(job.createdAt)}</dd>
          ${job.finishedAt !== null ? html`<dt>Завершено</dt><dd>${kyivDateTime(job.finishedAt)}</dd>` : null}
          <dt>Хід</dt><dd>${ReplayProgress({ job })}</dd>
        </dl>
      </section>
      ${running && canAct(session.principal)
        ? html`<form method="post" action="/ui/replays/${encodeURIComponent(job.id)}/cancel">
            ${CsrfField({ session })}
            <button type="submit" class="danger">Зупинити</button>
          </form>`
        : null}
      <p><a href="/ui/replays">← Усі повторні відправлення</a></p>`,
  });
}
