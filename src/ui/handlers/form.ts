import type { Context } from 'hono';
import type { Fields } from '../filters.ts';

/** A urlencoded form's text fields (files and repeated fields are not used by the console). */
export async function formFields(c: Context): Promise<Fields> {
  const body = await c.req.parseBody();
  const fields: Fields = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

/** A trimmed reason, or null when none was typed. */
export const reasonOf = (fields: Fields): string | null => fields.reason?.trim() || null;
