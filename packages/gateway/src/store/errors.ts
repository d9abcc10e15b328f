import { GatewayError } from '../errors.js';

/**
 * Stable codes of the outbox:
 * - `E_STORE_INPUT`: a message or argument was refused; nothing of that call was written.
 * - `E_STORE_OPEN`: the file could not be opened as an outbox (permissions, not SQLite, no WAL).
 * - `E_STORE_SCHEMA`: the file was written by a newer clinic-edge than this one.
 * - `E_STORE_CLOSED`: the outbox (or enqueuer) was used after `close()`.
 */
export type StoreErrorCode = 'E_STORE_INPUT' | 'E_STORE_OPEN' | 'E_STORE_SCHEMA' | 'E_STORE_CLOSED';

export class StoreError extends GatewayError {
  declare readonly code: StoreErrorCode;
  constructor(
    code: StoreErrorCode,
    message: string,
    context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, context, options);
  }
}
