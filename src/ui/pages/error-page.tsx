// What the console shows instead of problem+json: the code, a sentence in Ukrainian, a way back.
import { Layout } from '../components/layout.tsx';
import type { ConsoleSession } from '../console-env.ts';

const TITLE: Record<number, string> = {
  400: 'Некоректний запит',
  403: 'Недостатньо прав',
  404: 'Не знайдено',
  409: 'Дію зараз неможливо виконати',
  422: 'Бракує даних',
  500: 'Внутрішня помилка',
};

interface Props {
  session?: ConsoleSession;
  status: number;
  code: string;
  message: string;
  requestId?: string;
}

export function ErrorPage({ session, status, code, message, requestId }: Props) {
  return (
    <Layout title={TITLE[status] ?? 'Помилка'} session={session}>
      <section class="card">
        <h1>{TITLE[status] ?? 'Помилка'}</h1>
        <p>{message}</p>
        <p class="small muted">
          Код: <span class="mono" data-code={code}>{code}</span> · HTTP {status}
          {requestId ? (
            <>
              {' '}
              · запит <span class="mono">{requestId}</span>
            </>
          ) : null}
        </p>
        <p>
          <a href="/ui">На огляд</a> · <a href="/ui/events">Журнал подій</a>
        </p>
      </section>
    </Layout>
  );
}
