// Errors in the console become a page in Ukrainian with the code, never problem+json and never a
// bare 500: Operations' refusals (403, 404, 409, 422) are an ordinary part of an operator's day.
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { ProblemError } from '../../errors.ts';
import type { ConsoleEnv, ConsoleSession } from '../console-env.ts';
import { ErrorPage } from '../pages/error-page.ts';

export function consoleErrorHandler(logger: Logger): ErrorHandler<ConsoleEnv> {
  return (err, c) => {
    if (err instanceof ProblemError) {
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      return errorPage(c, err.status, err.code, err.messages.uk);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // hono/csrf refuses a POST whose Origin / Sec-Fetch-Site is not this site
      const message = err.status === 403 ? 'Запит надіслано не зі сторінки консолі, тому його відхилено.' : 'Запит не вдалося прочитати.';
      return errorPage(c, err.status, err.status === 403 ? 'ORIGIN_REFUSED' : 'BAD_REQUEST', message);
    }
    logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'console error');
    return errorPage(c, 500, 'INTERNAL', 'Щось пішло не так на боці шлюзу. Повідомте адміністратора й назвіть номер запиту.');
  };
}

export function errorPage(c: Context<ConsoleEnv>, status: number, code: string, message: string) {
  const session = c.get('session') as ConsoleSession | undefined;
  return c.html(ErrorPage({ session, status, code, message, requestId: c.get('requestId') }), status as ContentfulStatusCode);
}
