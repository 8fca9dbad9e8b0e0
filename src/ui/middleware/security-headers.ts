// The console shows personal data on request: nothing of it may be cached, framed or leak through a
// Referer. No scripts at all; styles are inline in the layout.
import { createMiddleware } from 'hono/factory';

const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const securityHeaders = () =>
  createMiddleware(async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('content-security-policy', POLICY);
    c.header('referrer-policy', 'no-referrer');
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
  });
