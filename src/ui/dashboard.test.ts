import { describe, expect, it } from 'vitest';
import { consoleClient } from '../../tests/support/console/console-client.ts';
import { fixtureEvent } from '../../tests/support/console/fixtures.ts';

describe('the dashboard', () => {
  it('shows counts by status as links into the log, the breaker, the chart and the failed list', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { html } = await client.get('/ui');
    expect(html).toMatch(/<a class="tile status-failed" href="\/ui\/events\?status=failed"[^>]*><span class="n">1<\/span>Не доставлено/);
    expect(html).toContain('href="/ui/events?status=blocked"');
    expect(html).toContain('Працює'); // the breaker, closed
    expect(html).toContain('<svg');
    expect(html.match(/<title>\d\d:00–\d\d:00: /g)).toHaveLength(24);
    expect(html).toMatch(/id="failed"[\s\S]*href="\/ui\/events\/evt-2"/);
    expect(html).toMatch(/Найдовше чекає[\s\S]*RE-3/);
    expect(html).toContain('12:00–13:00'); // Kyiv hours, not UTC (T0 is 08:00 UTC)
  });

  it('shows a register only its own events and no operator sections', async () => {
    const client = consoleClient();
    await client.signIn('key-lviv');
    const { html } = await client.get('/ui');
    expect(html).not.toContain('evt-2');
    expect(html).toMatch(/status-rejected"[^>]*><span class="n">1</);
    expect(html).not.toContain('href="/ui/replays"');
    expect(html).not.toContain('href="/ui/audit"');
  });

  it('counts the final outcomes from ЄДДР, each a link into the log', async () => {
    const client = consoleClient();
    client.ops.events.push(fixtureEvent(6, 'reg-1', 'registered'), fixtureEvent(7, 'reg-1', 'registered'), fixtureEvent(8, 'reg-1', 'refused'));
    await client.signIn('tok-viewer');
    const { html } = await client.get('/ui');
    expect(html).toMatch(/<a class="tile status-registered" href="\/ui\/events\?status=registered"[^>]*><span class="n">2<\/span>Зареєстровано в ЄДДР/);
    expect(html).toMatch(/<a class="tile status-refused" href="\/ui\/events\?status=refused"[^>]*><span class="n">1<\/span>Відмова ЄДДР/);
  });
});
