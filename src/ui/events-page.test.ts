import { describe, expect, it } from 'vitest';
import type { EventFilter } from '../operations/operations.ts';
import { consoleClient } from '../../tests/support/console/console-client.ts';

const lastFilter = (client: ReturnType<typeof consoleClient>) => client.ops.calls.filter((c) => c.method === 'listEvents').at(-1)?.args[1] as EventFilter;

describe('the event log', () => {
  it('filters by the query and links to each event, without personal data', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { html } = await client.get('/ui/events?status=failed&register=KYIV-01&type=residence.deregistered&from=2026-11-23T10:00&to=bogus');
    expect(lastFilter(client)).toEqual({ status: 'failed', registerCode: 'KYIV-01', type: 'residence.deregistered', receivedFrom: Date.UTC(2026, 10, 23, 8, 0), sandbox: false });
    expect(html).toContain('href="/ui/events/evt-2"');
    expect(html).not.toContain('evt-1"');
    expect(html).toMatch(/<option value="failed" selected="">/);
    expect(html).toContain('value="2026-11-23T10:00"');
  });

  it('searches by УНЗР in a POST and never puts it into a URL', async () => {
    const client = consoleClient();
    await client.signIn('tok-operator');
    await client.get('/ui/events?status=failed');
    const { res, html } = await client.post('/ui/events', { status: 'failed', unzr: '19900127-07422' });
    expect(res.status).toBe(200);
    expect(lastFilter(client)).toEqual({ status: 'failed', unzr: '19900127-07422', sandbox: false });
    expect(html).toContain('href="/ui/events/evt-2"');
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).not.toContain('19900127');
    expect(html).toContain('Результати пошуку за УНЗР');
  });

  it('pages with an opaque cursor', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const ops = client.ops;
    for (let i = 0; i < 60; i += 1) ops.events.push({ ...structuredClone(ops.events[0]!), id: `bulk-${i}` });
    const first = await client.get('/ui/events');
    expect(first.html).toContain('href="/ui/events?cursor=50"');
    const second = await client.get('/ui/events?cursor=50');
    expect(second.html).toContain('На початок');
    expect(second.html).not.toContain('?cursor=');
  });

  it('confines a register to its own events and hides the register filter', async () => {
    const client = consoleClient();
    await client.signIn('key-kyiv');
    const { html } = await client.get('/ui/events');
    expect(html).toContain('evt-2');
    expect(html).not.toContain('evt-4');
    expect(html).not.toContain('name="register"');
  });

  it('hides sandbox events by default, shows them (with a badge) on the toggle, and never hides a register\'s own', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const ops = client.ops;
    ops.events.push({ ...structuredClone(ops.events[0]!), id: 'sbx-1', sandbox: true });
    const hidden = await client.get('/ui/events');
    expect(lastFilter(client).sandbox).toBe(false);
    expect(hidden.html).not.toContain('href="/ui/events/sbx-1"');
    expect(hidden.html).toMatch(/<option value="" selected="">приховати/);

    const shown = await client.get('/ui/events?sandbox=show');
    expect(lastFilter(client).sandbox).toBeUndefined();
    expect(shown.html).toMatch(/href="\/ui\/events\/sbx-1"[^<]*<\/a> <span class="badge sandbox"/);
    expect(shown.html).toMatch(/<option value="show" selected="">/);
    expect((await client.get('/ui/events?sandbox=only')).html).toContain('href="/ui/events/sbx-1"');
    expect(lastFilter(client).sandbox).toBe(true);
    expect((await client.get('/ui/events/sbx-1')).html).toContain('class="badge sandbox"');

    const register = consoleClient();
    await register.signIn('key-kyiv');
    const own = await register.get('/ui/events');
    expect(lastFilter(register).sandbox).toBeUndefined();
    expect(own.html).not.toContain('<select name="sandbox"');
  });
});
