import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, errorWithoutMessage } from './logger.ts';

describe('logging without personal data', () => {
  it('logs an error by type, code and stack frames, never its message', () => {
    const err = Object.assign(new RangeError('not a calendar date: 1988-03-15 for Коваленко'), { code: 'E_DATE' });
    const logged = JSON.stringify(errorWithoutMessage(err));
    expect(logged).toContain('RangeError');
    expect(logged).toContain('E_DATE');
    expect(logged).toContain('logger.test.ts');
    expect(logged).not.toContain('1988-03-15');
    expect(logged).not.toContain('Коваленко');
  });

  it('redacts personal fields of objects logged by mistake', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger('info', 'test', sink);
    logger.info({ event: { person: { unzr: '19880315-04171', lastName: 'Коваленко' } }, payload: '{"x":1}' }, 'oops');
    logger.info({ delivery: { message: { lastName: 'Коваленко' } } }, 'deeper');
    logger.error({ err: new Error('bad value 19880315-04171') }, 'failed');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('19880315-04171');
    expect(lines.join('')).not.toContain('19900127-00021');
    expect(lines.join('')).not.toContain('Коваленко');
  });

  it('redacts personal fields in a child logger\'s bindings, in interpolated objects and in arrays, and leaves the rest as it is', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger('info', 'test', sink);
    logger.child({ event: { person: { unzr: '19880315-04171' } } }).child({ component: 'worker', unzr: '19900127-00021' }).info({ deliveryId: 'd-1', attempt: 2 }, 'child');
    logger.info('interpolated %j', { applicant: { lastName: 'Коваленко' } });
    logger.info({ events: [{ rnokpp: '3456789012' }] }, 'array');
    logger.debug({ payload: 'below the level' }, 'not written');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('19880315-04171');
    expect(lines.join('')).not.toContain('Коваленко');
    expect(lines.join('')).not.toContain('3456789012');
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: { person: '[personal data]' }, component: 'worker', unzr: '[personal data]', deliveryId: 'd-1', attempt: 2, msg: 'child' });
    expect(JSON.parse(lines[2]!)).toMatchObject({ events: [{ rnokpp: '[personal data]' }] });
  });

  it('writes an error under any key as `err` is written (no message, no own fields), and censors bindings set later', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger('info', 'test', sink);
    const failure = () => Object.assign(new Error('not a calendar date: 1988-03-15'), { code: 'E_DATE', unzr: '19880315-04171', person: { lastName: 'Коваленко' } });
    logger.error({ error: failure() }, 'other key');
    logger.error({ cause: { error: failure() } }, 'deeper');
    logger.error({ err: failure() }, 'err key');
    const child = logger.child({ component: 'worker' });
    child.setBindings({ rnokpp: '3456789012' });
    child.info('bound later');
    expect(lines).toHaveLength(4);
    for (const text of ['19880315-04171', '1988-03-15', 'Коваленко', '3456789012']) expect(lines.join('')).not.toContain(text);
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: { type: 'Error', code: 'E_DATE' } });
    expect(JSON.parse(lines[1]!)).toMatchObject({ cause: { error: { type: 'Error', code: 'E_DATE' } } });
    expect(JSON.parse(lines[2]!)).toMatchObject({ err: { type: 'Error', code: 'E_DATE' } });
    expect(JSON.parse(lines[3]!)).toMatchObject({ component: 'worker', rnokpp: '[personal data]' });
  });

  it('does not change the object it was given', () => {
    const logger = createLogger('info', 'test', new Writable({ write: (_chunk, _enc, done) => done() }));
    const event = { person: { unzr: '19880315-04171' } };
    logger.info({ event }, 'logged');
    expect(event.person.unzr).toBe('19880315-04171');
  });
});
