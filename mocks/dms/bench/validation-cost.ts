// Measures what the mock's checks cost per message: the XSD check alone (the schema compiled once,
// then two small documents per message) and the whole pipeline (signature verification, XSD,
// business checks, journal), one by one and many at once.
// Run: node_modules/.bin/node mocks/dms/bench/validation-cost.ts [messages]
import { createMockDmsApp } from '../app.ts';
import { headersDocument } from '../pipeline/judge-message.ts';
import { readXRoadHeaders } from '../pipeline/xroad-headers.ts';
import { openEnvelope } from '../pipeline/open-envelope.ts';
import { SchemaValidator } from '../schema/schema-validator.ts';
import { REGISTER_RESIDENCE_BODY, buildEnvelope, signedEnvelope, soapInit } from '../test-support/messages.ts';
import { createTestPki } from '../test-support/pki.ts';

const count = Number(process.argv[2] ?? 400);
const print = (line: string) => process.stdout.write(`${line}\n`);

async function timed(label: string, work: () => unknown, per: number): Promise<void> {
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  print(`${label.padEnd(58)} ${(ms / per).toFixed(3).padStart(8)} ms/message`);
}

const opened = openEnvelope(buildEnvelope());
if (!opened.ok) throw new Error('fixture envelope does not open');
const job = { headers: headersDocument(readXRoadHeaders(opened.header).echoed), body: REGISTER_RESIDENCE_BODY };

const compileStarted = performance.now();
new SchemaValidator();
print(`${'compiling the schema set (once per process)'.padEnd(58)} ${(performance.now() - compileStarted).toFixed(1).padStart(8)} ms`);
const validator = new SchemaValidator();
for (let i = 0; i < 20; i++) validator.validateNow(job); // warm-up
await timed('XSD check, headers and body of one message', () => {
  for (let i = 0; i < count; i++) validator.validateNow(job);
}, count);

const pki = createTestPki();
try {
  const messages = Array.from({ length: count }, () => signedEnvelope(pki.rsa));
  const oneByOne = createMockDmsApp({ trustedCaPems: [pki.caPem] });
  await timed('whole pipeline (verify + XSD + checks), one by one', async () => {
    for (const xml of messages) await oneByOne.app.request('/', soapInit(xml));
  }, count);
  const concurrent = createMockDmsApp({ trustedCaPems: [pki.caPem] });
  await timed(`whole pipeline, ${count} messages at once`, () => Promise.all(messages.map((xml) => concurrent.app.request('/', soapInit(xml)))), count);
  print(`  -> ${JSON.stringify(concurrent.state.journal.counts())}`);
} finally {
  pki.cleanup();
}
