import { PublishError } from './errors.js';

/** CONNACK codes of a broker that does not speak the protocol version we asked for (3.1.1: 1, MQTT 5: 0x84). */
export function isUnsupportedProtocol(code: unknown): boolean {
  return code === 1 || code === 0x84;
}

const AUTH_CODES = new Set<unknown>([2, 4, 5, 0x85, 0x86, 0x87, 0x8a, 0x8c]);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|DEPTH_ZERO/;

/**
 * Turns what mqtt.js or the socket reported into a typed error whose message says what to do.
 * Neither the password nor the payloads are in it.
 */
export function classifyConnectError(err: Error & { code?: unknown }, ctx: { host: string; username?: string }): PublishError {
  const code = err.code;
  const context = { host: ctx.host, cause: typeof code === 'string' || typeof code === 'number' ? code : undefined };
  if (AUTH_CODES.has(code)) {
    const who = ctx.username ? `user ${ctx.username}` : 'this client (no username set)';
    return new PublishError('E_MQTT_AUTH', `broker ${ctx.host} refused ${who}: ${err.message}; check username and passwordFile/passwordEnv, and the hub's password file and ACL`, context, { cause: err });
  }
  if (typeof code === 'string' && TLS_CODES.test(code)) {
    return new PublishError('E_MQTT_TLS', `TLS with ${ctx.host} failed (${code}): ${err.message}; check tls.caFile is the CA that signed the hub's certificate and the URL host matches it`, context, { cause: err });
  }
  return new PublishError('E_MQTT_CONNECT', `cannot connect to ${ctx.host}: ${err.message}`, context, { cause: err });
}
