// GET /openapi.json: the register API's OpenAPI 3.1 document, built from the contract files when
// first asked for. Public, like the contract folder it is made of: it holds no keys and no data.
import { Hono } from 'hono';
import { buildOpenApiDocument } from '../../openapi/document.ts';
import type { AppEnv } from '../app-env.ts';

export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let body: string | undefined;
  app.get('/openapi.json', (c) => {
    body ??= JSON.stringify(buildOpenApiDocument());
    return c.body(body, 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    });
  });
  return app;
}
