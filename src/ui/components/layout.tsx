// Every page's frame: the navigation, who is signed in, sign-out, and the inline stylesheet.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { isOperator } from '../access.ts';
import type { ConsoleSession } from '../console-env.ts';
import { roleLabel } from '../format/labels.ts';
import { STYLES } from '../styles.ts';
import { CsrfField } from './csrf-field.tsx';

export type Section = 'dashboard' | 'events' | 'replays' | 'audit' | 'none';

interface LayoutProps {
  title: string;
  session?: ConsoleSession;
  section?: Section;
  /** Reload the page every n seconds (the replay progress), without any script. */
  refreshSeconds?: number;
  children?: Child;
}

export function Layout({ title, session, section = 'none', refreshSeconds, children }: LayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="uk">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
          <title>{`${title} — шлюз РТГ`}</title>
          <style dangerouslySetInnerHTML={{ __html: STYLES }} />
        </head>
        <body>
          {session ? <TopBar session={session} section={section} /> : null}
          <main>{children}</main>
        </body>
      </html>
    </>
  );
}

function TopBar({ session, section }: { session: ConsoleSession; section: Section }) {
  const p = session.principal;
  const link = (to: string, key: Section, text: string) => (
    <a href={to} class={section === key ? 'current' : undefined} aria-current={section === key ? 'page' : undefined}>
      {text}
    </a>
  );
  return (
    <header class="top">
      <span class="brand">Шлюз РТГ → ДМС</span>
      <nav>
        {link('/ui', 'dashboard', 'Огляд')}
        {link('/ui/events', 'events', 'Журнал подій')}
        {isOperator(p) ? link('/ui/replays', 'replays', 'Повторні відправлення') : null}
        {isOperator(p) ? link('/ui/audit', 'audit', 'Журнал дій') : null}
        <a href="/docs">Документація API</a>
      </nav>
      <span class="who">
        <span>{p.kind === 'operator' ? `${p.operator.name} (${roleLabel(p.operator.role)})` : `Реєстр ${p.register.code}`}</span>
        <form method="post" action="/ui/logout">
          <CsrfField session={session} />
          <button type="submit">Вийти</button>
        </form>
      </span>
    </header>
  );
}
