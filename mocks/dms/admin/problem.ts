// Admin API errors as RFC 9457 problem+json, from the project's one error type.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ProblemError } from '../../../src/errors.ts';
import type { Issue } from '../../../src/errors.ts';

export function badRequest(code: string, en: string, uk: string, issues: Issue[] = []): ProblemError {
  return new ProblemError({ status: 400, code, message: { en, uk }, issues });
}

export function notFound(en: string, uk: string): ProblemError {
  return new ProblemError({ status: 404, code: 'NOT_FOUND', message: { en, uk } });
}

function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof HTTPException) {
    return new ProblemError({ status: err.status, code: 'HTTP_ERROR', message: { en: err.message, uk: err.message } });
  }
  return new ProblemError({ status: 500, code: 'INTERNAL_ERROR', message: { en: 'internal error', uk: 'внутрішня помилка' } });
}

export function problemResponse(err: unknown, c: Context): Response {
  const problem = toProblem(err);
  const body = {
    type: `urn:rtg-gateway:mock-dms:problem:${problem.code}`,
    title: problem.messages.en,
    status: problem.status,
    code: problem.code,
    detail: problem.messages.uk,
    instance: c.req.path,
    ...(problem.issues.length > 0 ? { issues: problem.issues } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
  });
}
