// What the console shows instead of problem+json: the code, a sentence in Ukrainian, a way back.
import { Layout } from '../components/layout.ts';
import type { ConsoleSession } from '../console-env.ts';
import { html } from '../html.ts';

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
  const title = TITLE[status] ?? 'Помилка';
  return Layout({
    title,
    ...(session ? { session } : {}),
    body: html`<section class="card">
        <h1>${title}</h1>
        <p>${message}</p>
        <p class="small muted">Код: <span class="mono" data-code="${code}">${code}</span> · HTTP ${status}${requestId ? html` · запит <span class="mono">${requestId}</span>` : null}</p>
        <p><a href="/ui">На огляд</a> · <a href="/ui/events">Журнал подій</a></p>
      </section>`,
  });
}
