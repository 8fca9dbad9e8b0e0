// The SOAP endpoint's size limit, with hono's bodyLimit semantics. A request that declares its length
// (Content-Length, no Transfer-Encoding) is judged by that header alone, as bodyLimit judges it, but
// without bodyLimit's look at `c.req.raw.body`: that turns the request into a web-stream Request, and
// the endpoint then reads the body through the stream at several times the cost of reading it from
// the socket directly. Any other request (chunked) goes to bodyLimit, which counts bytes as they come.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface SoapBodyLimitOptions {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}

export function soapBodyLimit(options: SoapBodyLimitOptions): MiddlewareHandler {
  const counting = bodyLimit(options);
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    if (parseInt(declared || '0', 10) > options.maxSize) return options.onError(c);
    await next();
  };
}
