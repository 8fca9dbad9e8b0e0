import type { Config } from '../../config/config.ts';
import type { DmsContract } from '../contract.ts';
import { answerInterpreter } from '../dms-answer.ts';
import { SERVICE_CODES } from '../request-parts.ts';
import { buildEnvelope } from '../xroad-envelope.ts';
import { NS } from '../../xml/namespaces.ts';
import { buildRequestElement } from './body.ts';

export const DMS_V2 = 'dms-registration-v2';
/** The X-Road serviceVersion of every v2 service (XROAD_SERVICE_VERSION is v1's). */
export const DMS_V2_SERVICE_VERSION = 'v2';

export function createDmsV2Contract(xroad: Config['xroad']): DmsContract {
  return {
    name: DMS_V2,
    serviceCodeFor: (event) => SERVICE_CODES[event.type],
    buildRequest(event, ctx) {
      const serviceCode = SERVICE_CODES[event.type];
      const xml = buildEnvelope(
        {
          client: { ...xroad.client, memberCode: ctx.registerCode },
          service: { ...xroad.service, serviceCode, serviceVersion: DMS_V2_SERVICE_VERSION },
          messageId: ctx.messageId,
          userId: `UA${ctx.registerCode}`,
          issue: event.eventId,
        },
        buildRequestElement(event, ctx.gatewayEventId),
        NS.regV2,
      );
      return { xml, serviceCode };
    },
    interpretAnswer: answerInterpreter(NS.regV2),
  };
}
