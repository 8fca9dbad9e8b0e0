// One logger for the process. Personal data never belongs in a log line; the redaction below is a
// second line of defence in case a whole event object is ever logged by mistake.
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config/config.ts';

const PERSONAL = ['unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate', 'birthPlace', 'number', 'series', 'person', 'applicant', 'document', 'address', 'previousAddress', 'payload', 'requestXml', 'raw'];

export function createLogger(level: LogLevel, name = 'rtg-gateway'): Logger {
  return pino({
    name,
    level,
    redact: { paths: PERSONAL.flatMap((k) => [k, `*.${k}`]), censor: '[personal data]' },
  });
}
