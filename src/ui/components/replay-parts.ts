// Pieces of the replay pages: a job's state, its filter in words, and its progress.
import type { ReplayFilter, ReplayJob, ReplayState } from '../../operations/operations.ts';
import { kyivDateTime } from '../format/dates.ts';
import { eventTypeLabel, statusLabel } from '../format/labels.ts';
import { html } from '../html.ts';

const STATE: Record<ReplayState, string> = { running: 'Триває', done: 'Завершено', cancelled: 'Зупинено' };

export const ReplayBadge = ({ state }: { state: ReplayState }) => html`<span class="badge ${state}" data-state="${state}">${STATE[state] ?? state}</span>`;

export function describeFilter(f: ReplayFilter): string {
  const parts = [`статус «${statusLabel(f.status)}»`];
  if (f.registerCode) parts.push(`реєстр ${f.registerCode}`);
  if (f.type) parts.push(eventTypeLabel(f.type));
  if (f.receivedFrom !== undefined) parts.push(`отримані з ${kyivDateTime(f.receivedFrom)}`);
  if (f.receivedTo !== undefined) parts.push(`по ${kyivDateTime(f.receivedTo)}`);
  return parts.join(', ');
}

export function ReplayProgress({ job }: { job: ReplayJob }) {
  const share = job.total === 0 ? 1 : job.processed / job.total;
  return html`<div>
    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="${job.total}" aria-valuenow="${job.processed}"><span style="width:${Math.round(share * 100)}%"></span></div>
    <span class="small">${job.processed} з ${job.total}: повторено ${job.retried}, пропущено ${job.skipped}</span>
  </div>`;
}
