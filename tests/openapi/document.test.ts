// The OpenAPI document: in step with the contract files (the checked-in YAML is what the generator
// writes today), valid by a maintained linter, and true to the schema the service validates with.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULE_CODES } from '../../src/domain/codes.ts';
import { readExamples, readEventSchema, transportCodes } from '../../src/openapi/contract-files.ts';
import { buildOpenApiDocument } from '../../src/openapi/document.ts';
import { readCheckedInYaml, renderOpenApiYaml } from '../../src/openapi/yaml-file.ts';
import { checkSchema } from '../../src/validation/schema.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a walk through a generated document
type Loose = any;
type Doc = { components: { schemas: Record<string, Record<string, unknown>> }; paths: Record<string, Record<string, Loose>> };
const doc = buildOpenApiDocument() as unknown as Doc;

/** A validator for one component, resolving #/components/schemas/… inside the document. */
function componentValidator(name: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://rtg-gateway.invalid/openapi.json', components: doc.components } as object);
  return ajv.compile({ $ref: `https://rtg-gateway.invalid/openapi.json#/components/schemas/${name}` });
}

describe('contracts/openapi.yaml', () => {
  it('is what `npm run openapi` writes from today’s contract files (run it after changing them)', () => {
    expect(readCheckedInYaml()).toBe(renderOpenApiYaml());
    expect(parse(readCheckedInYaml())).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('passes the Redocly linter (recommended rules) with no error and no warning', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        // Both trip over the contract's if/then/else idiom, which Redocly's example checker does not
        // evaluate the way JSON Schema 2020-12 does; the examples are checked below with the
        // service's own validator instead.
        'no-invalid-media-type-examples': 'off',
        'no-required-schema-properties-undefined': 'off',
      },
    });
    const problems = await lintFromString({ source: renderOpenApiYaml(), absoluteRef: 'openapi.yaml', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('catches a broken document (the linter is really looking)', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const broken = renderOpenApiYaml().replace('operationId: getEvent', 'operationId: postEvent').replace("openapi: 3.1.1", 'openapi: 3.1.1\njsonSchemaDialect: 12');
    const problems = await lintFromString({ source: broken, absoluteRef: 'openapi.yaml', config });
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.ruleId)).toEqual(expect.arrayContaining(['operation-operationId-unique', 'struct']));
  });
});

describe('the event schema in the document', () => {
  const eventValidator = componentValidator('Event');

  it('is the contract file, embedded: same properties and rules, $defs lifted into components', () => {
    const file = readEventSchema() as { properties: Record<string, unknown>; required: string[]; $defs: Record<string, unknown> };
    const embedded = doc.components.schemas.Event as { properties: Record<string, unknown>; required: string[]; 'x-source': { file: string } };
    expect(Object.keys(embedded.properties)).toEqual(Object.keys(file.properties));
    expect(embedded.required).toEqual(file.required);
    expect(embedded['x-source'].file).toBe('contracts/events/v1/event.schema.json');
    for (const name of Object.keys(file.$defs)) expect(doc.components.schemas[`Event${name[0]?.toUpperCase()}${name.slice(1)}`], name).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('accepts every example of contracts/events/v1/examples and refuses what the service refuses', () => {
    const examples = readExamples();
    expect(examples.length).toBeGreaterThan(20);
    for (const [file, event] of examples) expect(eventValidator(event), `${file}: ${JSON.stringify(eventValidator.errors)}`).toBe(true);
    const [, first] = examples[0] as [string, Record<string, unknown>];
    for (const broken of [{ ...first, middleName: 'x' }, { ...first, channel: 'fax' }, { ...first, eventId: undefined }]) {
      expect(checkSchema(JSON.parse(JSON.stringify(broken))).length).toBeGreaterThan(0);
      expect(eventValidator(JSON.parse(JSON.stringify(broken)))).toBe(false);
    }
  });

  it('carries every example as a request example of POST /v1/events', () => {
    const examples = doc.paths['/v1/events']?.post.requestBody.content['application/json'].examples as Record<string, { value: unknown }>;
    for (const [file, event] of readExamples()) expect(examples[file.replace(/\.json$/, '')]?.value, file).toEqual(event);
  });
});

describe('the answers of POST /v1/events', () => {
  const responses = doc.paths['/v1/events']?.post.responses as Record<string, Loose>;
  const codesOf = (status: number) => responses[String(status)]?.content['application/problem+json'].schema.allOf[1].properties.code.enum as string[];

  it('list every refusal code of RULES.md and src/domain/codes.ts under its status', () => {
    for (const row of transportCodes().filter((r) => r.code !== 'NOT_FOUND')) expect(codesOf(row.status), row.code).toContain(row.code);
    for (const [code, severity] of Object.entries(RULE_CODES)) {
      if (severity === 'warning') expect(codesOf(422)).not.toContain(code);
      else expect(codesOf(422)).toContain(code);
    }
    expect(codesOf(400)).toEqual(['BODY_NOT_JSON', 'BODY_NOT_UTF8', 'IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_KEY_MISSING', 'JSON_TOO_DEEP']);
    expect(codesOf(409)).toEqual(['EVENT_ID_CONFLICT', 'IDEMPOTENCY_KEY_IN_FLIGHT']);
  });

  it('documents the headers: Idempotency-Key required, bearer authentication, Location', () => {
    const post = doc.paths['/v1/events']?.post;
    expect(post.parameters).toContainEqual({ $ref: '#/components/parameters/Idempotency-Key' });
    const document = buildOpenApiDocument() as { security: unknown; components: { securitySchemes: Record<string, unknown>; parameters: Record<string, { required: boolean }> } };
    expect(document.security).toEqual([{ registerKey: [] }]);
    expect(document.components.securitySchemes.registerKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.parameters['Idempotency-Key']?.required).toBe(true);
    expect(Object.keys(responses['202'].headers)).toContain('Location');
  });
});
