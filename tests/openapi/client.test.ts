// A client generated from the served document by a maintained generator (@hey-api/openapi-ts) posts
// a contract example to a real gateway: the generated types accept the example as written (checked
// by the TypeScript compiler), and the generated SDK gets the 202, the event and a typed refusal.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

// Outside the repository: the generated code is not ours to typecheck or lint with the project.
const OUT = mkdtempSync(path.join(tmpdir(), 'rtg-openapi-client-'));
const EXAMPLE = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as { fee: unknown };
// The contract declares the members of `fee` inside if/then/else (paid → amount, exempt → ground)
// under unevaluatedProperties; generators type only the top-level members, so the literal's fee is
// cast. Everything else is checked as written.
const LITERAL = JSON.stringify({ ...EXAMPLE, fee: '__FEE__' }, null, 2).replace('"__FEE__"', `${JSON.stringify(EXAMPLE.fee)} as Event['fee']`);

// The vendor's code: the example pasted as a typed literal, posted through the generated SDK.
const DRIVER = `import { createClient, createConfig } from './client/index.ts';
import { getEvent, postEvent } from './sdk.gen.ts';
import type { Event } from './types.gen.ts';

export const example: Event = ${LITERAL};

export async function post(baseUrl: string, key: string, idempotencyKey: string, body: Event = example) {
  const client = createClient(createConfig({ baseUrl, auth: () => key }));
  return postEvent({ client, body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export async function read(baseUrl: string, key: string, id: string) {
  const client = createClient(createConfig({ baseUrl, auth: () => key }));
  return getEvent({ client, path: { id } });
}
`;

interface SdkResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface GeneratedDriver {
  example: Record<string, unknown> & { person: Record<string, unknown> };
  post(baseUrl: string, key: string, idempotencyKey: string, body?: unknown): Promise<SdkResult>;
  read(baseUrl: string, key: string, id: string): Promise<SdkResult>;
}

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  const served = await (await fetch(`${gw.url}/openapi.json`)).text();
  writeFileSync(path.join(OUT, 'openapi.json'), served);
  await createClient({ input: path.join(OUT, 'openapi.json'), output: { path: path.join(OUT, 'sdk'), importFileExtension: '.ts' }, logs: { level: 'silent' } });
  writeFileSync(path.join(OUT, 'sdk/post-example.ts'), DRIVER);
}, 120_000);
afterAll(async () => {
  await gw?.stop();
  rmSync(OUT, { recursive: true, force: true });
});

function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    lib: ['lib.es2024.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

it('generates types that accept the contract example as written, and reject a wrong one', () => {
  const driver = path.join(OUT, 'sdk/post-example.ts');
  expect(typeErrors(driver)).toEqual([]);
  const wrong = path.join(OUT, 'sdk/wrong-example.ts');
  writeFileSync(wrong, DRIVER.replace('"channel": "cnap"', '"channel": "fax"').replace('"lastName": "Коваленко"', '"lastName": 12'));
  const errors = typeErrors(wrong).join('\n');
  expect(errors).toContain('"fax"');
  expect(errors).toContain("'number' is not assignable to type 'string'");
}, 60_000);

it('posts the example through the generated SDK and reads its delivery back', async () => {
  const sdk = (await import(path.join(OUT, 'sdk/post-example.ts'))) as GeneratedDriver;
  const posted = await sdk.post(gw.url, TEST_API_KEY, crypto.randomUUID());
  expect(posted.response.status, JSON.stringify(posted.error)).toBe(202);
  expect(posted.data).toMatchObject({ eventId: 'BC-2026-0104211', status: 'accepted' });
  const id = (posted.data as { id: string }).id;
  await waitForStatus(gw, id, ['delivered']);
  const read = await sdk.read(gw.url, TEST_API_KEY, id);
  expect(read.data).toMatchObject({ id, status: 'delivered', receipt: { number: expect.stringMatching(/^DMS-/) } });

  const refused = await sdk.post(gw.url, TEST_API_KEY, crypto.randomUUID(), { ...sdk.example, eventId: 'BC-2026-0104211-b', person: { ...sdk.example.person, unzr: '19880315-04172' } });
  expect(refused.response.status).toBe(422);
  expect(refused.error).toMatchObject({ code: 'UNZR_CHECK_DIGIT', pointer: '/person/unzr' });
  const anonymous = await sdk.post(gw.url, 'rtg_not_a_key', crypto.randomUUID());
  expect(anonymous.response.status).toBe(401);
}, 60_000);
