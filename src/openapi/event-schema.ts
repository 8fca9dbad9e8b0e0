// contracts/events/v1/event.schema.json as OpenAPI components: the file is embedded as it is, its
// $defs lifted into components/schemas (as EventPerson, EventAddress…) and the references rewritten,
// so generators and viewers that do not follow a nested $id still resolve every type.
import type { JsonObject } from './contract-files.ts';

export const EVENT_SCHEMA_NAME = 'Event';

const componentName = (def: string) => `${EVENT_SCHEMA_NAME}${def[0]?.toUpperCase() ?? ''}${def.slice(1)}`;

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
      out[key] = `#/components/schemas/${componentName(value.slice('#/$defs/'.length))}`;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}

/** `{ Event, EventPerson, … }` for components/schemas. */
export function eventSchemaComponents(schema: JsonObject): Record<string, JsonObject> {
  // $schema and $id belong to the stand-alone file: inside OpenAPI 3.1 the dialect is the
  // document's, and a nested $id would make "#/…" references resolve against the schema itself.
  const { $defs = {}, $schema: _dialect, $id: id, ...root } = schema as JsonObject & { $defs?: Record<string, JsonObject> };
  const components: Record<string, JsonObject> = {
    [EVENT_SCHEMA_NAME]: { ...(rewriteRefs(root) as JsonObject), 'x-source': { file: 'contracts/events/v1/event.schema.json', $id: id } },
  };
  for (const [name, def] of Object.entries($defs)) components[componentName(name)] = rewriteRefs(def) as JsonObject;
  return components;
}
