// The baseline for the ingest benchmark: a bare Hono route that reads a JSON body and answers 202
// with a small JSON document, on the same HTTP stack as the gateway.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/v1/events', async (c) => {
  const body = (await c.req.json()) as { eventId?: string };
  return c.json({ id: crypto.randomUUID(), eventId: body.eventId, status: 'accepted' }, 202);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
