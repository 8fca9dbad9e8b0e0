// Every page's frame: the navigation, who is signed in, sign-out, and the inline stylesheet.
import { isOperator } from '../access.ts';
import type { ConsoleSession } from '../console-env.ts';
import { roleLabel } from '../format/labels.ts';
import { html, raw, type Html } from '../html.ts';
import { STYLES } from '../styles.ts';
import { CsrfField } from './csrf-field.ts';

export type Section = 'dashboard' | 'events' | 'notices' | 'replays' | 'audit' | 'webhooks' | 'none';

interface LayoutProps {
  title: string;
  session?: ConsoleSession;
  section?: Section;
  /** Reload the page every n seconds (the replay progress), without any script. */
  refreshSeconds?: number;
  body: Html;
}

export function Layout({ title, session, section = 'none', refreshSeconds, body }: LayoutProps) {
  return html`<!doctype html><html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}">` : null}
<title>${title} — шлюз РТГ</title>
<style>${raw(STYLES)}</style>
</head>
<body>
${session ? TopBar({ session, section }) : null}
<main>${body}</main>
</body>
</html>`;
}

function TopBar({ session, section }: { session: ConsoleSession; section: Section }) {
  const p = session.principal;
  const link = (to: string, key: Section, text: string) =>
    section === key ? html`<a href="${to}" class="current" aria-current="page">${text}</a>` : html`<a href="${to}">${text}</a>`;
  return html`<header class="top">
    <span class="brand">Шлюз РТГ → ДМС</span>
    <nav>
      ${link('/ui', 'dashboard', 'Огляд')}
      ${link('/ui/events', 'events', 'Журнал подій')}
      ${link('/ui/notices', 'notices', 'Повідомлення ДМС')}
      ${isOperator(p) ? link('/ui/replays', 'replays', 'Повторні відправлення') : null}
      ${isOperator(p) ? link('/ui/audit', 'audit', 'Журнал дій') : null}
      ${link('/ui/webhooks', 'webhooks', 'Вебхуки')}
      <a href="/docs">Документація API</a>
    </nav>
    <span class="who">
      <span>${p.kind === 'operator' ? `${p.operator.name} (${roleLabel(p.operator.role)})` : `Реєстр ${p.register.code}`}</span>
      <form method="post" action="/ui/logout">${CsrfField({ session })}<button type="submit">Вийти</button></form>
    </span>
  </header>`;
}
