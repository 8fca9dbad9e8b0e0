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
    c.header('x-request-id', id);
  });
