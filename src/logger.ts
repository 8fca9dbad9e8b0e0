// One logger for the process. Personal data never belongs in a log line: the redaction below is a
// second line of defence in case a whole event object is ever logged by mistake, and errors are
// logged without their messages (a message can quote a value, e.g. "not a calendar date: …"):
// their type, code and stack frames say where to look.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/config.ts';

const PERSONAL = ['unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate', 'birthPlace', 'number', 'series', 'person', 'applicant', 'document', 'address', 'previousAddress', 'payload', 'requestXml', 'raw'];

export function errorWithoutMessage(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: err.stack?.split('\n').slice(1).map((l) => l.trim()).join(' | '),
  };
}

export function createLogger(level: LogLevel, name = 'rtg-gateway', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: { paths: PERSONAL.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[personal data]' },
    serializers: { err: errorWithoutMessage },
  };
  return destination ? pino(options, destination) : pino(options);
}
