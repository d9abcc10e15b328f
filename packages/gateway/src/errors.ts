/**
 * Base class of every error the gateway throws on purpose. `code` is stable (tests, logs and the CLI
 * match on it, never on the message); `context` names the key, file or value involved and must never
 * hold patient identifiers, because errors end up in logs.
 */
export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
