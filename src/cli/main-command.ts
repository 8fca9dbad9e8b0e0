// The commands of src/main.ts: parse the configuration once, then run the command asked for.
// Resolves to the exit code, or -1 for a server that runs until SIGTERM/SIGINT.
import { serve } from '../app/serve.ts';
import { accessCommand } from './access.ts';
import { rekeyCommand } from './rekey.ts';
import { verifyLogCommand } from './verify-log.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { createLogger } from '../logger.ts';

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
      const gateway = await serve(config, logger);
      onShutdown(() => gateway.close());
      // A renewed TLS certificate is picked up without a restart: new connections get it, open ones keep theirs.
      process.on('SIGHUP', () => gateway.reloadTls());
      return -1;
    }
    case 'mock-dms': {
      const { startMockDmsAlone } = await import('../app/dev-mock-dms.ts');
      const mock = await startMockDmsAlone(config, logger);
      onShutdown(() => mock.close());
      return -1;
    }
    case 'registers':
    case 'operators':
    case 'keys':
      return accessCommand(config, command, args);
    case 'verify-log':
      return verifyLogCommand(config);
    case 'rekey':
      return rekeyCommand(config, args);
    default:
      console.error(`unknown command "${command}"; use serve, mock-dms, registers, keys, operators, verify-log or rekey`);
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
