import { describe, expect, it } from 'vitest';
import { consoleClient } from '../../tests/support/console/console-client.ts';

describe('bulk replays', () => {
  it('lets an operator start one by filter with a reason, follow it and stop it', async () => {
    const client = consoleClient();
    await client.signIn('tok-operator');
    const list = await client.get('/ui/replays');
    expect(list.html).toContain('Нове повторне відправлення');
    const started = await client.post('/ui/replays', { status: 'rejected', register: 'LVIV-02', type: '', from: '', to: '', reason: 'ДМС виправила довідник' });
    expect(started.res.status).toBe(303);
    expect(started.res.headers.get('location')).toBe('/ui/replays/job-1');
    expect(client.ops.calls.find((c) => c.method === 'startReplay')?.args.slice(1)).toEqual([{ status: 'rejected', registerCode: 'LVIV-02' }, 'ДМС виправила довідник']);

    const job = await client.get('/ui/replays/job-1');
    expect(job.html).toContain('http-equiv="refresh"');
    expect(job.html).toContain('1 з 4');
    expect(job.html).toContain('статус «Відхилено ДМС», реєстр LVIV-02');
    const stopped = await client.post('/ui/replays/job-1/cancel', {});
    expect(stopped.res.headers.get('location')).toBe('/ui/replays/job-1');
    const after = await client.get('/ui/replays/job-1');
    expect(after.html).toContain('data-state="cancelled"');
    expect(after.html).not.toContain('http-equiv="refresh"');
  });

  it('shows a viewer the list without the start form', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { res, html } = await client.get('/ui/replays');
    expect(res.status).toBe(200);
    expect(html).not.toContain('Нове повторне відправлення');
  });

  it('refuses a register with a friendly page', async () => {
    const client = consoleClient();
    await client.signIn('key-kyiv');
    const { res, html } = await client.get('/ui/replays');
    expect(res.status).toBe(403);
    expect(html).toContain('Недостатньо прав');
  });
});
