// The commands of src/main.ts: parse the configuration once, then run the command asked for.
// Resolves to the exit code, or -1 for a server that runs until SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { startMockDms } from '../../mocks/dms/server.ts';
import { startGateway } from '../app/gateway.ts';
import { setUpSigningKey } from '../app/signing-key.ts';
import { accessCommand } from './access.ts';
import { verifyLogCommand } from './verify-log.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { createLogger } from '../logger.ts';
import { splitPemBundle } from '../signing/pem.ts';

export async function main(argv: string[]): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const [command = 'serve', ...args] = argv;
  const logger = createLogger(config.logLevel);

  switch (command) {
    case 'serve': {
      const gateway = await startGateway(config, logger);
      onShutdown(() => gateway.close());
      return -1;
    }
    case 'mock-dms': {
      const caFile = config.mockTrustedCaFile ?? setUpSigningKey(config).devCaFile;
      if (!caFile) throw new Error('set MOCK_DMS_TRUSTED_CA_FILE to the CA the mock should trust');
      const mock = await startMockDms({ port: config.mockDmsPort, host: config.host, adminToken: config.mockAdminToken, trustedCaPems: splitPemBundle(readFileSync(caFile, 'utf8')), logger });
      logger.info({ url: mock.url }, 'mock DMS is listening');
      onShutdown(() => mock.close());
      return -1;
    }
    case 'registers':
    case 'operators':
      return accessCommand(config, command, args);
    case 'verify-log':
      return verifyLogCommand(config);
    default:
      console.error(`unknown command "${command}"; use serve, mock-dms, registers, operators or verify-log`);
      return 2;
  }
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
