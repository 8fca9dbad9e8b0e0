import { describe, expect, it } from 'vitest';
import { consoleClient } from '../../tests/support/console/console-client.ts';
import { fixtureEvent } from '../../tests/support/console/fixtures.ts';

const has = (html: string, action: string) => html.includes(`action="/ui/events/evt-2/${action}"`);

describe('the delivery page', () => {
  it('shows an operator the attempts, the masked message and the actions that apply', async () => {
    const client = consoleClient();
    await client.signIn('tok-operator');
    const { res, html } = await client.get('/ui/events/evt-2');
    expect(res.status).toBe(200);
    expect(html).toContain('data-status="failed"');
    expect(html).toContain('Не доставлено');
    expect(html).toMatch(/data-attempt="1"[\s\S]*HTTP 503[\s\S]*помилка, буде повтор/);
    // the contract version of the message, and of the message each attempt sent
    expect(html).toMatch(/Версія контракту<\/dt><dd class="mono">dms-registration-v1</);
    expect(html).toMatch(/data-attempt="1"[\s\S]*data-contract="dms-registration-v1"/);
    expect(html).toContain('data-masked="true"');
    expect(html).not.toContain('Шевченко');
    expect(html).not.toContain('19900127-07422');
    expect(has(html, 'retry')).toBe(true);
    expect(has(html, 'cancel')).toBe(true);
    expect(has(html, 'reveal')).toBe(true);
    expect(html).toContain('Показати персональні дані');
  });

  it('offers a viewer no buttons, and the server refuses the action anyway', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { html } = await client.get('/ui/events/evt-2');
    expect(html).toContain('data-status="failed"');
    for (const action of ['retry', 'cancel', 'reveal']) expect(has(html, action)).toBe(false);
    const forced = await client.post('/ui/events/evt-2/retry', {});
    expect(forced.res.status).toBe(403);
    expect(forced.html).toContain('Недостатньо прав');
    expect(forced.html).toContain('FORBIDDEN');
    expect(client.ops.events.find((e) => e.id === 'evt-2')?.status).toBe('failed');
  });

  it('shows a register its own event without actions or audit, and not another register\'s', async () => {
    const client = consoleClient();
    await client.signIn('key-kyiv');
    const own = await client.get('/ui/events/evt-2');
    expect(own.res.status).toBe(200);
    for (const action of ['retry', 'cancel', 'reveal']) expect(has(own.html, action)).toBe(false);
    expect(own.html).not.toContain('Дії операторів');
    expect(own.html).toContain('Реєстр KYIV-01');
    const foreign = await client.get('/ui/events/evt-4');
    expect(foreign.res.status).toBe(404);
    expect(foreign.html).toContain('Не знайдено');
    expect(foreign.html).not.toContain('RE-4');
  });

  it('reveals personal data only on a POST with a reason, once, and audits it', async () => {
    const client = consoleClient();
    await client.signIn('tok-operator');
    await client.get('/ui/events/evt-2');
    const noReason = await client.post('/ui/events/evt-2/reveal', { reason: ' ' });
    expect(noReason.res.status).toBe(422);
    expect(noReason.html).toContain('REASON_REQUIRED');

    await client.get('/ui/events/evt-2');
    const revealed = await client.post('/ui/events/evt-2/reveal', { reason: 'Звернення громадянина №15' });
    expect(revealed.res.status).toBe(200);
    expect(revealed.res.headers.get('cache-control')).toBe('no-store');
    expect(revealed.html).toContain('Шевченко');
    expect(revealed.html).toContain('data-masked="false"');
    expect(revealed.html).toContain('Звернення громадянина №15'); // the audit entry, on the same page
    expect(client.ops.calls.filter((c) => c.method === 'message' && (c.args[2] as { reveal: boolean }).reveal).at(-1)?.args[2]).toEqual({ reveal: true, reason: 'Звернення громадянина №15' });

    const again = await client.get('/ui/events/evt-2');
    expect(again.html).not.toContain('Шевченко');
  });

  it('retries and cancels through Operations and confirms on the page', async () => {
    const client = consoleClient();
    await client.signIn('tok-admin');
    await client.get('/ui/events/evt-2');
    const retry = await client.post('/ui/events/evt-2/retry', { reason: 'ДМС відновила роботу' });
    expect(retry.res.status).toBe(303);
    expect(retry.res.headers.get('location')).toBe('/ui/events/evt-2?done=retry');
    const after = await client.get('/ui/events/evt-2?done=retry');
    expect(after.html).toContain('Доставку повторено');
    expect(after.html).toContain('http-equiv="refresh"'); // follows the retry until it settles
    expect(after.html).toContain('ДМС відновила роботу');

    const noReason = await client.post('/ui/events/evt-2/cancel', { reason: '' });
    expect(noReason.res.status).toBe(422);
    await client.get('/ui/events/evt-2');
    const cancel = await client.post('/ui/events/evt-2/cancel', { reason: 'Подію надіслано повторно' });
    expect(cancel.res.headers.get('location')).toBe('/ui/events/evt-2?done=cancel');
    const cancelled = await client.get('/ui/events/evt-2?done=cancel');
    expect(cancelled.html).toContain('data-status="cancelled"');
    expect(cancelled.html).not.toContain('http-equiv="refresh"');
    expect(has(cancelled.html, 'retry')).toBe(false);
  });

  it('renders a refused action as a friendly 409 page, not a 500', async () => {
    const client = consoleClient();
    await client.signIn('tok-admin');
    await client.get('/ui/events/evt-1');
    const res = await client.post('/ui/events/evt-1/retry', {});
    expect(res.res.status).toBe(409);
    expect(res.html).toContain('Дію зараз неможливо виконати');
    expect(res.html).toContain('ACTION_NOT_APPLICABLE');
  });

  it('names the event a blocked one waits for, with a link', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { html } = await client.get('/ui/events/evt-3');
    expect(html).toContain('Заблоковано: попередня подія цієї особи');
    expect(html).toContain('href="/ui/events/evt-2"');
  });

  it('shows the receipt of a delivered event', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { html } = await client.get('/ui/events/evt-1');
    expect(html).toContain('data-receipt="DMS-20261123-000001"');
  });

  it('ends the timeline with the final outcome from ЄДДР: the record reference, or the refusal with its code', async () => {
    const client = consoleClient();
    client.ops.events.push(fixtureEvent(6, 'reg-1', 'registered'), fixtureEvent(7, 'reg-1', 'refused'));
    await client.signIn('tok-operator');
    const registered = await client.get('/ui/events/evt-6');
    expect(registered.html).toContain('data-status="registered"');
    expect(registered.html).toMatch(/data-attempt="1"[\s\S]*data-outcome="registered"[\s\S]*data-record-ref="EDDR-6"/);
    const refused = await client.get('/ui/events/evt-7');
    expect(refused.html).toContain('Відмова ЄДДР');
    expect(refused.html).toMatch(/data-outcome="refused"[\s\S]*RECORD_CONFLICT[\s\S]*Запис суперечить наявному/);
    // Operators filter on the outcome.
    const list = await client.get('/ui/events?status=refused');
    expect(list.html).toContain('evt-7');
    expect(list.html).not.toContain('/ui/events/evt-6');
  });
});
