// One logger for the process. Personal data never belongs in a log line: the redaction below is a
// second line of defence in case a whole event object is ever logged by mistake, and errors are
// logged without their messages (a message can quote a value, e.g. "not a calendar date: …"):
// their type, code and stack frames say where to look.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/config.ts';

const PERSONAL = new Set(['unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate', 'birthPlace', 'number', 'series', 'person', 'applicant', 'document', 'address', 'previousAddress', 'payload', 'requestXml', 'raw']);
const CENSOR = '[personal data]';
/** Keys are looked at this deep: a logged object's own, its values', and theirs. */
const DEPTH = 3;

export function errorWithoutMessage(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: err.stack?.split('\n').slice(1).map((l) => l.trim()).join(' | '),
  };
}

/**
 * `value` with every personal field within DEPTH levels censored; the value itself when it has
 * none (the usual case: nothing is copied). Errors are left to their serializer, which drops all but
 * type, code and stack. pino's own `redact` does the same with wildcard paths (`*.unzr`), but runs
 * every path against every field of every line written: most of the cost of a line.
 */
export function withoutPersonalData(value: unknown, depth = 0): unknown {
  if (depth >= DEPTH || value === null || typeof value !== 'object' || value instanceof Error || ArrayBuffer.isView(value)) return value;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    const kept = PERSONAL.has(key) && field !== undefined ? CENSOR : anErrorElsewhere(field, key, depth) ? errorWithoutMessage(field) : withoutPersonalData(field, depth + 1);
    if (kept !== field) (copy ??= (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>)[key] = kept;
  }
  return copy ?? value;
}

/** An Error not under the top-level `err` key (which the serializer handles): written as `err` is, without its message or own fields. */
const anErrorElsewhere = (field: unknown, key: string, depth: number): boolean => field instanceof Error && !(depth === 0 && key === 'err');

export function createLogger(level: LogLevel, name = 'rtg-gateway', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    // Every argument of a log call (the object, and any interpolated into the message) is censored
    // before pino sees it; a call below the level is dropped by pino before this runs.
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(this, args.map((arg) => withoutPersonalData(arg)));
      },
    },
    serializers: { err: errorWithoutMessage },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // A child's bindings are written on each of its lines: censored once, when it is made.
  // Children are made from the root's prototype chain, so they inherit both wrappers.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, withoutPersonalData(bindings) as typeof bindings, childOptions);
  } as typeof logger.child;
  const setBindings = logger.setBindings;
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, withoutPersonalData(bindings) as typeof bindings);
  };
  return logger;
}
