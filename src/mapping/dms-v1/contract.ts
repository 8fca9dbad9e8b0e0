import type { Config } from '../../config/config.ts';
import type { DmsContract } from '../contract.ts';
import { interpretAnswer } from './answer.ts';
import { buildRequestElement, SERVICE_CODES } from './body.ts';
import { buildEnvelope } from '../xroad-envelope.ts';
import { NS } from '../../xml/namespaces.ts';

export const DMS_V1 = 'dms-registration-v1';

export function createDmsV1Contract(xroad: Config['xroad']): DmsContract {
  return {
    name: DMS_V1,
    serviceCodeFor: (event) => SERVICE_CODES[event.type],
    buildRequest(event, ctx) {
      const serviceCode = SERVICE_CODES[event.type];
      const xml = buildEnvelope(
        {
          // Each register is its own X-Road client: the member code is its ЄДРПОУ code.
          client: { ...xroad.client, memberCode: ctx.registerCode },
          service: { ...xroad.service, serviceCode, serviceVersion: xroad.serviceVersion },
          messageId: ctx.messageId,
          userId: `UA${ctx.registerCode}`,
          issue: event.eventId,
        },
        buildRequestElement(event, ctx.gatewayEventId),
        NS.reg,
      );
      return { xml, serviceCode };
    },
    interpretAnswer,
  };
}
