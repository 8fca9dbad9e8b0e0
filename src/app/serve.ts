// `serve`: the gateway delivering to DMS_URL; without DMS_URL (development), the mock DMS beside it.
// The mock's module is imported only in that case, so production never loads mocks/.
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from './gateway.ts';

export async function serve(config: Config, logger: Logger, options: GatewayOptions = {}): Promise<RunningGateway> {
  if (config.dmsUrl) return startGateway(config, logger, options);
  const { startGatewayWithMockDms } = await import('./dev-mock-dms.ts');
  return startGatewayWithMockDms(config, logger, options);
}
