/**
 * Time and logging injected into device supervision, so watchdog and backoff are tested with fake time
 * and logs can be captured. A pino `Logger` satisfies `DeviceLogger`.
 */
export interface DeviceClock {
  now(): number; // ms since the epoch
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: DeviceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Log objects carry the device id, protocol, codes, offsets and counts: never bytes received. */
export interface DeviceLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};
export const quietLogger: DeviceLogger = { debug: noop, info: noop, warn: noop, error: noop };
