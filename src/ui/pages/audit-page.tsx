// The log of every operator action across all events, newest first.
import type { Page } from '../../operations/operations.ts';
import type { AuditEntry } from '../../store/audit.ts';
import { AuditTable } from '../components/audit-table.tsx';
import { Layout } from '../components/layout.tsx';
import type { ConsoleSession } from '../console-env.ts';

export function AuditPage({ session, page, firstPage }: { session: ConsoleSession; page: Page<AuditEntry>; firstPage: boolean }) {
  return (
    <Layout title="Журнал дій" session={session} section="audit">
      <h1>Журнал дій</h1>
      <section class="card">
        <AuditTable entries={page.items} withEvent />
        <div class="pager">
          {firstPage ? <span /> : <a href="/ui/audit">← На початок</a>}
          {page.nextCursor ? <a href={`/ui/audit?cursor=${encodeURIComponent(page.nextCursor)}`}>Наступна сторінка →</a> : null}
        </div>
      </section>
    </Layout>
  );
}
