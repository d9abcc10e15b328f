/** Timers injected where delays matter (reconnect backoff, rate-limit waits), so tests can drive them. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The part of a pino logger the link uses (a pino `Logger` fits). Log objects carry ids, topics,
 * sizes and codes only: never payloads, passwords or patient identifiers.
 */
export interface LinkLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};
export const silentLogger: LinkLogger = { debug: noop, info: noop, warn: noop, error: noop };
