import { describe, expect, it } from 'vitest';
import type { FinalOutcome } from '../store/outcomes.ts';
import { outcomesOf } from './outcomes-of.ts';

const events = new Map([
  ['live-1', { sandbox: false }],
  ['sbx-1', { sandbox: true }],
]);
const recorded: string[] = [];
const store = {
  recordOutcome: async (o: FinalOutcome) => {
    recorded.push(o.gatewayEventId);
    return { kind: 'stored' as const, eventId: o.gatewayEventId, current: true };
  },
};
const reader = { getEvent: async (id: string) => (events.get(id) ?? null) as never };
const outcome = (gatewayEventId: string) => ({ gatewayEventId }) as FinalOutcome;

describe('which events a channel may settle', () => {
  it('lets the live channel settle live events only, and the sandbox channel sandbox events only', async () => {
    const live = outcomesOf(store, reader, false);
    const sandbox = outcomesOf(store, reader, true);
    expect(await live.recordOutcome(outcome('live-1'), 0, () => () => ({}) as never)).toMatchObject({ kind: 'stored' });
    expect(await live.recordOutcome(outcome('sbx-1'), 0, () => () => ({}) as never)).toEqual({ kind: 'message_unknown' });
    expect(await sandbox.recordOutcome(outcome('sbx-1'), 0, () => () => ({}) as never)).toMatchObject({ kind: 'stored' });
    expect(await sandbox.recordOutcome(outcome('live-1'), 0, () => () => ({}) as never)).toEqual({ kind: 'message_unknown' });
    expect(await sandbox.recordOutcome(outcome('nowhere'), 0, () => () => ({}) as never)).toEqual({ kind: 'message_unknown' });
    expect(recorded).toEqual(['live-1', 'sbx-1']);
  });
});
