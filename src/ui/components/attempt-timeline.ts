// Every delivery attempt, oldest first: when, how long, what HTTP status, what went wrong, and
// DMS's answer to it (masked unless revealed).
import type { MessageExchange } from '../../operations/operations.ts';
import type { AttemptRecord } from '../../delivery/model/attempt-record.ts';
import { duration, kyivDateTime } from '../format/dates.ts';
import { outcomeLabel } from '../format/labels.ts';
import { html } from '../html.ts';
import type { OutcomeView } from '../../store/outcomes.ts';

/** DMS's final outcome from ЄДДР, after the attempts: when it came and what it says. */
function OutcomeItem(o: OutcomeView) {
  return html`<li class="${o.kind === 'registered' ? 'delivered' : 'rejected'}" data-outcome="${o.kind}">
    <strong>${o.kind === 'registered' ? 'Зареєстровано в ЄДДР' : 'Відмова ЄДДР'}</strong> · ${kyivDateTime(o.receivedAt)} · квитанція <span class="mono">${o.receiptNumber}</span>
    ${o.kind === 'registered'
      ? html`<div class="small">Запис ЄДДР <span class="mono" data-record-ref="${o.recordRef ?? ''}">${o.recordRef ?? '—'}</span></div>`
      : html`<div class="small"><span class="mono">${o.code ?? ''}</span> — ${o.reason ?? ''}</div>`}
    <div class="small muted">Рішення ЄДДР: ${o.decidedAt}</div>
  </li>`;
}

export function AttemptTimeline({ attempts, exchanges, outcome = null }: { attempts: AttemptRecord[]; exchanges: MessageExchange[]; outcome?: OutcomeView | null }) {
  if (attempts.length === 0) return html`<p class="muted">Спроб доставки ще не було.</p>`;
  const answerOf = (n: number) => exchanges.find((x) => x.attempt === n)?.answer ?? null;
  return html`<ol class="timeline">
    ${attempts.map((a) => {
      const answer = answerOf(a.number);
      return html`<li class="${a.outcome}" data-attempt="${a.number}">
        <strong>Спроба ${a.number}</strong> · ${kyivDateTime(a.startedAt)} · ${duration(a.durationMs)} · HTTP ${a.httpStatus ?? '—'} · <strong>${outcomeLabel(a.outcome)}</strong>
        ${a.contract ? html`<div class="small" data-contract="${a.contract}">Повідомлення <span class="mono">${a.messageId ?? '—'}</span>, версія контракту <span class="mono">${a.contract}</span></div>` : null}
        ${a.errorClass ? html`<div class="small">Клас помилки: <span class="mono">${a.errorClass}</span></div>` : null}
        ${a.detail ? html`<div class="small mono">${a.detail}</div>` : null}
        ${answer ? html`<details><summary class="small">Відповідь ДМС</summary><pre class="xml">${answer}</pre></details>` : null}
      </li>`;
    })}
    ${outcome ? OutcomeItem(outcome) : null}
  </ol>`;
}
