// One notice from DMS: what DMS said (personal data masked unless an operator reveals it, audited),
// where it was routed and who acknowledged it, the events that name it, and the signed message as
// received with its evidence entry. Operators route an unrouted notice here; its register
// acknowledges it here.
import type { NoticeView } from '../../notices/operations.ts';
import { canAct, isOperator } from '../access.ts';
import { CsrfField } from '../components/csrf-field.ts';
import { Layout } from '../components/layout.ts';
import { Notice } from '../components/notice.ts';
import type { ConsoleSession } from '../console-env.ts';
import { kyivDateTime } from '../format/dates.ts';
import { noticeKindLabel } from '../format/notice-labels.ts';
import { html, type Html } from '../html.ts';

export type NoticeDone = 'routed' | 'acknowledged';

interface Props {
  session: ConsoleSession;
  notice: NoticeView;
  done: NoticeDone | null;
}

const DONE: Record<NoticeDone, string> = { routed: 'Повідомлення надіслано реєстру.', acknowledged: 'Отримання повідомлення підтверджено.' };

const fact = (term: string, value: Html | string | number | null, valueClass?: string) =>
  value === null ? null : html`<dt>${term}</dt><dd${valueClass ? html` class="${valueClass}"` : null}>${value}</dd>`;

export function NoticePage({ session, notice: n, done }: Props) {
  const p = session.principal;
  const own = p.kind === 'register' ? n.routes.find((r) => r.registerId === p.register.id) : undefined;
  const person = n.person;
  return Layout({
    title: `Повідомлення ДМС ${n.noticeId}`,
    session,
    section: 'notices',
    body: html`<h1>Повідомлення ДМС <span class="mono">${n.noticeId}</span></h1>
      ${done ? Notice({ kind: 'ok', body: DONE[done] }) : null}
      ${n.routes.length === 0
        ? Notice({ kind: 'warn', body: 'Не надіслано жодному реєстру: жоден реєстр не оголосив території, що охоплює адресу особи (або ДМС не вказала КАТОТТГ). Оператор може надіслати його реєстру вручну.' })
        : null}
      ${own && own.acknowledgedAt === null
        ? html`<form class="action" method="post" action="/ui/notices/${encodeURIComponent(n.id)}/ack">
            ${CsrfField({ session })}
            <button type="submit">Підтвердити отримання</button>
          </form>`
        : null}
      <section class="card">
        <h2>${noticeKindLabel(n.kind)}</h2>
        ${n.masked
          ? html`<p class="small muted">Персональні дані приховано (•••). Їх показ записується в журнал дій разом із причиною.</p>`
          : Notice({ kind: 'warn', body: 'Персональні дані показано один раз; перегляд записано в журнал дій. Не копіюйте їх у листи чи заявки.' })}
        <dl class="facts">
          ${fact('Ідентифікатор у шлюзі', n.id, 'mono')}
          ${fact('Ідентифікатор ДМС', n.noticeId, 'mono')}
          ${fact('Вид', html`${noticeKindLabel(n.kind)} <span class="mono small muted">${n.kind}</span>`)}
          ${fact('Дата факту', n.occurredOn)}
          ${person
            ? html`${fact('Особа', [person.lastName, person.firstName, person.patronymic].filter((v) => v !== null).join(' '))}
              ${fact('Дата народження', person.birthDate)}
              ${fact('УНЗР', person.unzr, 'mono')}
              ${fact('РНОКПП', person.rnokpp, 'mono')}`
            : fact('Особа', 'персональні дані видалено після строку зберігання', 'muted')}
          ${fact('КАТОТТГ адреси', n.katottg ?? 'ДМС не вказала', n.katottg ? 'mono' : 'muted')}
          ${fact('Документ', n.document ? `${n.document.type} ${n.document.number}` : null, 'mono')}
          ${fact('Видано ДМС', n.issuedAt)}
          ${fact('Отримано шлюзом', kyivDateTime(n.receivedAt))}
          ${fact('Підписант', n.signer, 'small')}
        </dl>
      </section>
      <section class="card" id="routes">
        <h2>Кому надіслано</h2>
        ${n.routes.length === 0
          ? html`<p class="muted">Нікому.</p>`
          : html`<table class="events">
              <thead><tr><th>Реєстр</th><th>Надіслано</th><th>Як</th><th>Підтверджено</th></tr></thead>
              <tbody>${n.routes.map(
                (r) => html`<tr>
                  <td class="mono">${r.registerCode}</td>
                  <td class="small">${kyivDateTime(r.routedAt)}</td>
                  <td class="small">${r.routedBy ?? 'за територією'}</td>
                  <td class="small">${r.acknowledgedAt === null ? 'ні' : kyivDateTime(r.acknowledgedAt)}</td>
                </tr>`,
              )}</tbody>
            </table>`}
        ${canAct(p)
          ? html`<form class="action" method="post" action="/ui/notices/${encodeURIComponent(n.id)}/route">
              ${CsrfField({ session })}
              <label>Код реєстру <input name="registerCode" required size="12" pattern="\\S+"></label>
              <label>Причина (потрапить у журнал дій) <textarea name="reason" required maxlength="500"></textarea></label>
              <div><button type="submit" class="secondary">Надіслати реєстру</button></div>
            </form>`
          : null}
      </section>
      ${n.events.length > 0
        ? html`<section class="card" id="events">
            <h2>Події, що посилаються на повідомлення</h2>
            <ul>${n.events.map((e) => html`<li><a href="/ui/events/${encodeURIComponent(e.id)}" class="mono">${e.id}</a></li>`)}</ul>
          </section>`
        : null}
      <section class="card" id="message">
        <h2>Підписане повідомлення від ДМС</h2>
        <p class="small">SHA-256 <span class="mono">${n.messageDigest}</span>${n.evidence
          ? html` · журнал доказів: запис <span class="mono">${n.evidence.entryId}</span>`
          : null}</p>
        ${n.messageXml === null
          ? html`<p class="muted" id="purged">Повідомлення видалено ${n.purgedAt === null ? '' : kyivDateTime(n.purgedAt)} після строку зберігання (RETENTION_DAYS); його SHA-256 лишився в журналі доказів.</p>`
          : html`<pre class="xml" data-masked="${String(n.masked)}">${n.messageXml}</pre>`}
        ${n.masked && n.purgedAt === null && canAct(p) && isOperator(p)
          ? html`<form class="action" method="post" action="/ui/notices/${encodeURIComponent(n.id)}/reveal">
              ${CsrfField({ session })}
              <label>Причина перегляду персональних даних (потрапить у журнал дій) <textarea name="reason" required maxlength="500"></textarea></label>
              <div><button type="submit" class="secondary">Показати персональні дані</button></div>
            </form>`
          : null}
      </section>`,
  });
}
