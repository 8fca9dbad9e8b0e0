// /__admin/versions: which contract versions the mock serves. `PUT {"retiredVersions": ["v1"]}`
// makes it "v2 only"; `DELETE` serves every version again.
import { Hono } from 'hono';
import type { RetiredVersions } from '../state/retired-versions.ts';
import { badRequest } from './problem.ts';

export function versionsRoutes(versions: RetiredVersions): Hono {
  return new Hono()
    .get('/', (c) => c.json(versions.view()))
    .put('/', async (c) => {
      const body = (await c.req.json().catch(() => null)) as { retiredVersions?: unknown } | null;
      const list = body?.retiredVersions;
      if (!Array.isArray(list) || !list.every((v): v is string => typeof v === 'string')) {
        throw badRequest('VERSIONS_CONFIG_INVALID', 'expected {"retiredVersions": ["v1", …]}', 'очікується {"retiredVersions": ["v1", …]}');
      }
      const unknown = versions.set(list);
      if (unknown.length > 0) {
        throw badRequest('VERSIONS_CONFIG_INVALID', `unknown versions: ${unknown.join(', ')}`, `невідомі версії: ${unknown.join(', ')}`);
      }
      return c.json(versions.view());
    })
    .delete('/', (c) => {
      versions.set([]);
      return c.json(versions.view());
    });
}
