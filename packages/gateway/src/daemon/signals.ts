import type { GatewayLogger } from '../log/logger.js';

export interface StoppableDaemon {
  stop(reason?: string): Promise<void>;
}

export interface SignalOptions {
  /** If the orderly stop takes longer, exit 1 anyway, ms. Default 8000. */
  hardDeadlineMs?: number;
  exit?: (code: number) => void;
}

/**
 * SIGTERM / SIGINT: stop reading, flush, close the database, exit 0. A second signal exits at once
 * (status 130 / 143): an operator who asks twice means it. What is lost then is at most the
 * enqueuer's few milliseconds of non-alert data; alerts are durable when raised.
 */
export function installSignalHandlers(daemon: StoppableDaemon, log: GatewayLogger, options: SignalOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const status = signal === 'SIGINT' ? 130 : 143;
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      exit(status);
      return;
    }
    stopping = true;
    log.info({ signal }, 'signal received: stopping');
    const timer = setTimeout(() => {
      log.error({ deadlineMs: options.hardDeadlineMs ?? 8000 }, 'orderly stop took too long: exiting');
      exit(1);
    }, options.hardDeadlineMs ?? 8000);
    timer.unref();
    daemon.stop(signal).then(
      () => exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'stop failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
