// ProblemError → RFC 9457 application/problem+json, with the stable code, the JSON pointer,
// the message in Ukrainian and English, and the request id for support calls.
import type { Context } from 'hono';
import { ProblemError } from '../errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable event',
  500: 'Internal error',
  503: 'Service unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemBody(err: ProblemError, instance: string, requestId: string | undefined): string {
  return JSON.stringify({
    type: `urn:rtg-gateway:problem:${err.code}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    code: err.code,
    detail: err.messages.en,
    message: err.messages,
    ...(err.pointer !== undefined ? { pointer: err.pointer } : {}),
    ...(err.issues.length > 0 ? { errors: err.issues } : {}),
    instance,
    ...(requestId ? { requestId } : {}),
  });
}

export function problemResponse(c: Context, err: ProblemError): Response {
  const requestId = c.get('requestId') as string | undefined;
  return new Response(problemBody(err, c.req.path, requestId), {
    status: err.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...(requestId ? { 'x-request-id': requestId } : {}), ...err.headers },
  });
}

export const internalError = () =>
  new ProblemError({
    status: 500,
    code: 'INTERNAL_ERROR',
    message: {
      uk: 'Внутрішня помилка шлюзу. Повторіть запит з тим самим Idempotency-Key: подію, яку вже збережено, вдруге не збережуть.',
      en: 'Internal gateway error. Retry with the same Idempotency-Key: an event already stored is not stored twice.',
    },
  });
