import { GatewayError } from '../errors.js';

/**
 * Stable codes of the hub link:
 * - `E_MQTT_CONFIG`: an option is missing or malformed (the context names it).
 * - `E_MQTT_INSECURE`: an unencrypted URL to a host that is not loopback, without `allowInsecure: true`.
 * - `E_MQTT_CREDENTIALS`: the password file or environment variable named in the options is unreadable or empty.
 * - `E_MQTT_TLS`: a CA, certificate or key file is unreadable, or the broker's certificate was refused.
 * - `E_MQTT_AUTH`: the broker refused the username/password or the client id (CONNACK).
 * - `E_MQTT_CONNECT`: the broker could not be reached or closed the connection before CONNACK.
 */
export type PublishErrorCode = 'E_MQTT_CONFIG' | 'E_MQTT_INSECURE' | 'E_MQTT_CREDENTIALS' | 'E_MQTT_TLS' | 'E_MQTT_AUTH' | 'E_MQTT_CONNECT';

export class PublishError extends GatewayError {
  declare readonly code: PublishErrorCode;
  constructor(code: PublishErrorCode, message: string, context: Readonly<Record<string, unknown>> = {}, options?: { cause?: unknown }) {
    super(code, message, context, options);
  }
}
