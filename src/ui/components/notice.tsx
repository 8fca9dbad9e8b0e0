import type { Child } from 'hono/jsx';

export type NoticeKind = 'info' | 'ok' | 'warn' | 'bad';

export const Notice = ({ kind, children }: { kind: NoticeKind; children?: Child }) => (
  <div class={`notice ${kind}`} role={kind === 'bad' ? 'alert' : 'status'}>
    {children}
  </div>
);
