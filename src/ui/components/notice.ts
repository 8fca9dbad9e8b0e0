import { html, type Html } from '../html.ts';

export type NoticeKind = 'info' | 'ok' | 'warn' | 'bad';

export const Notice = ({ kind, body }: { kind: NoticeKind; body: Html | string }) =>
  html`<div class="notice ${kind}" role="${kind === 'bad' ? 'alert' : 'status'}">${body}</div>`;
