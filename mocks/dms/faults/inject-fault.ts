// Produces the answer a fault stands for. `delay` is not here: it only postpones the real answer.
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Logger } from 'pino';
import { isServiceCode } from '../model.ts';
import type { AnswerFields } from '../soap/http-answers.ts';
import type { AnswerSigner } from '../soap/sign-answer.ts';
import { xmlResponse } from '../soap/http-answers.ts';
import { renderClientFault, renderMalformed, renderServerFault } from '../soap/render.ts';
import type { FaultSpec } from './fault-config.ts';
import { holdWithoutAnswer, resetConnection, socketOf } from './socket-faults.ts';

export type AnsweringFault = Exclude<FaultSpec, { type: 'none' } | { type: 'delay' }>;

export const DEFAULT_REJECT_REASON = 'Відхилено сценарієм збоїв тестового сервісу ДМС';

export interface InjectedAnswer {
  fields: AnswerFields;
  /** Called after the journal entry is written: a held connection can take minutes. */
  respond(): Promise<Response>;
}

/**
 * `reg`: the namespace of the request's contract version, for a scripted rejection's elements.
 * `sign`: a scripted rejection is a business answer like any other, so it is signed as DMS signs
 * its answers; Server faults and garbage stay unsigned (the gateway retries them anyway).
 */
export function injectFault(fault: AnsweringFault, env: unknown, serviceCode: string | null, logger: Logger, reg?: string, sign?: AnswerSigner): InjectedAnswer {
  const socket = socketOf(env);
  switch (fault.type) {
    case 'status': {
      const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      const response = xmlResponse(renderServerFault(), fault.status, headers);
      return { fields: { verdict: 'fault', httpStatus: fault.status }, respond: async () => response };
    }
    case 'malformed': {
      const response = xmlResponse(renderMalformed(serviceCode && isServiceCode(serviceCode) ? serviceCode : null), 200);
      return { fields: { verdict: 'fault', httpStatus: 200 }, respond: async () => response };
    }
    case 'reject': {
      const rejection = { code: fault.code, reason: fault.reason ?? DEFAULT_REJECT_REASON };
      const fault500 = renderClientFault(rejection, reg);
      const response = xmlResponse(sign ? sign(fault500) : fault500, 500);
      return { fields: { verdict: 'rejected', ...rejection, httpStatus: 500 }, respond: async () => response };
    }
    case 'reset':
    case 'no_answer': {
      if (!socket) {
        logger.warn({ fault: fault.type }, 'fault needs a real socket; answering with a Server fault');
        return { fields: { verdict: 'fault', httpStatus: 500 }, respond: async () => xmlResponse(renderServerFault(), 500) };
      }
      const act = fault.type === 'reset' ? async () => resetConnection(socket) : () => holdWithoutAnswer(socket, fault.ms);
      return {
        fields: { verdict: 'fault' },
        respond: async () => {
          await act();
          return RESPONSE_ALREADY_SENT;
        },
      };
    }
  }
}
