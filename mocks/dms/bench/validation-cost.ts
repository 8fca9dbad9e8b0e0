// Measures what XSD validation costs per message: xmllint-wasm starts a Worker and compiles its
// wasm for every call, so the figure that matters is calls per message, not document size.
// Run: node_modules/.bin/node mocks/dms/bench/validation-cost.ts [messages]
import { createMockDmsApp } from '../app.ts';
import { headersDocument } from '../pipeline/judge-message.ts';
import { readXRoadHeaders } from '../pipeline/xroad-headers.ts';
import { openEnvelope } from '../pipeline/open-envelope.ts';
import { SchemaValidator } from '../schema/schema-validator.ts';
import { REGISTER_RESIDENCE_BODY, buildEnvelope, signedEnvelope, soapInit } from '../test-support/messages.ts';
import { createTestPki } from '../test-support/pki.ts';

const count = Number(process.argv[2] ?? 40);
const print = (line: string) => process.stdout.write(`${line}\n`);

async function timed(label: string, work: () => Promise<unknown>, per: number): Promise<void> {
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  print(`${label.padEnd(58)} ${(ms / per).toFixed(1).padStart(7)} ms/message`);
}

const opened = openEnvelope(buildEnvelope());
if (!opened.ok) throw new Error('fixture envelope does not open');
const job = { headers: headersDocument(readXRoadHeaders(opened.header).echoed), body: REGISTER_RESIDENCE_BODY };

const serial = new SchemaValidator({ maxConcurrentRuns: 1 });
await timed('xmllint, headers and body as two separate calls, one by one', async () => {
  for (let i = 0; i < count; i++) {
    await serial.validate({ headers: job.headers, body: null });
    await serial.validate({ headers: job.headers, body: job.body });
  }
}, count);
await timed('xmllint, one call per message, one by one', async () => {
  for (let i = 0; i < count; i++) await serial.validate(job);
}, count);
const batched = new SchemaValidator();
await timed(`xmllint, ${count} messages at once (batched)`, () => Promise.all(Array.from({ length: count }, () => batched.validate(job))), count);
print(`  -> ${batched.counters.runs} xmllint runs for ${batched.counters.jobs} messages`);

const pki = createTestPki();
try {
  const messages = Array.from({ length: count }, () => signedEnvelope(pki.rsa));
  const oneByOne = createMockDmsApp({ trustedCaPems: [pki.caPem] });
  await timed('whole pipeline (verify + xmllint + checks), one by one', async () => {
    for (const xml of messages) await oneByOne.app.request('/', soapInit(xml));
  }, count);
  const concurrent = createMockDmsApp({ trustedCaPems: [pki.caPem] });
  await timed(`whole pipeline, ${count} messages at once`, () => Promise.all(messages.map((xml) => concurrent.app.request('/', soapInit(xml)))), count);
  print(`  -> ${concurrent.state.validator.counters.runs} xmllint runs; ${JSON.stringify(concurrent.state.journal.counts())}`);
} finally {
  pki.cleanup();
}
