import { ConfigError, createLogger, Daemon, installSignalHandlers, loadConfig } from '@clinic-edge/gateway';
import { Command } from 'commander';
import { CliError, EXIT_BAD_INPUT } from '../lib/errors.js';

interface RunOptions {
  config: string;
}

/**
 * `clinic-edge run --config FILE`: the gateway daemon. Secrets never come from the command line:
 * the configuration names a password file or an environment variable.
 */
export function runCommand(): Command {
  return new Command('run')
    .description('run the gateway daemon: read the devices, analyse the ECG, store and publish to the hub')
    .requiredOption('--config <file>', 'the gateway configuration (JSON, see config/gateway.example.json)')
    .action((opts: RunOptions) => {
      let config;
      try {
        config = loadConfig(opts.config);
      } catch (err) {
        // Every problem at once, each with its key and what to write instead; exit 2 (bad input).
        if (err instanceof ConfigError) throw new CliError(err.message, EXIT_BAD_INPUT);
        throw err;
      }
      const logger = createLogger({ level: config.logging.level, base: { site: config.siteId } });
      const daemon = new Daemon({ config, logger });
      try {
        daemon.start();
      } catch (err) {
        logger.fatal({ err: (err as Error).message, code: (err as { code?: string }).code }, 'gateway could not start');
        void daemon.stop('start failed').finally(() => process.exit(1));
        return;
      }
      installSignalHandlers(daemon, logger);
    });
}
