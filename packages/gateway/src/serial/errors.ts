import { GatewayError } from '../errors.js';

/**
 * E_PORT_OPEN: the port or socket could not be opened (absent, busy, refused).
 * E_PORT_LOST: an open port went away by itself (unplugged, peer closed, read error).
 * E_PORT_URL: a port specification that names no transport we know.
 * E_NOT_OPEN: a write to a transport that is not open.
 * E_DEVICE_CONFIG: a device configuration that cannot work (protocol, rate, gain).
 */
export type SerialErrorCode = 'E_PORT_OPEN' | 'E_PORT_LOST' | 'E_PORT_URL' | 'E_NOT_OPEN' | 'E_DEVICE_CONFIG';

/** Errors of the device side. Context holds the port and the OS error code, never bytes received. */
export class SerialError extends GatewayError {
  declare readonly code: SerialErrorCode;

  constructor(code: SerialErrorCode, message: string, context: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(code, message, context, options);
  }
}

/** The OS error code of a cause (ENOENT, EACCES, ECONNREFUSED...), for logs and status reasons. */
export function osCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
