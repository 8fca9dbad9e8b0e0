// The log of every operator action across all events, newest first.
import type { Page } from '../../operations/operations.ts';
import type { AuditEntry } from '../../store/audit.ts';
import { AuditTable } from '../components/audit-table.ts';
import { Layout } from '../components/layout.ts';
import type { ConsoleSession } from '../console-env.ts';
import { html } from '../html.ts';

export function AuditPage({ session, page, firstPage }: { session: ConsoleSession; page: Page<AuditEntry>; firstPage: boolean }) {
  return Layout({
    title: 'Журнал дій',
    session,
    section: 'audit',
    body: html`<h1>Журнал дій</h1>
      <section class="card">
        ${AuditTable({ entries: page.items, withEvent: true })}
        <div class="pager">
          ${firstPage ? html`<span></span>` : html`<a href="/ui/audit">← На початок</a>`}
          ${page.nextCursor ? html`<a href="/ui/audit?cursor=${encodeURIComponent(page.nextCursor)}">Наступна сторінка →</a>` : null}
        </div>
      </section>`,
  });
}
