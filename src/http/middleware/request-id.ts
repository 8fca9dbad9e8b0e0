import { createMiddleware } from 'hono/factory';
import { uuidv7 } from '../../ids.ts';
import type { AppEnv } from '../app-env.ts';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Every request gets an id (the caller's X-Request-Id when it is sane), echoed in the answer and logs. */
export const requestId = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && SAFE_ID.test(given) ? given : uuidv7();
    c.set('requestId', id);
    await next();
    // Set on the answer's own headers: c.header() after the handler would copy the answer into a
    // new Response with its body as a stream, a cost on every request. Headers that cannot change
    // (a fetched Response) still take that way.
    try {
      c.res.headers.set('x-request-id', id);
    } catch {
      c.header('x-request-id', id);
    }
  });
