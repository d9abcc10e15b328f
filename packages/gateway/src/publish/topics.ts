import type { Stream } from '../store/types.js';
import { STREAMS } from '../store/types.js';
import { PublishError } from './errors.js';

/** Version 1 of the topic tree; a breaking payload change gets a new root, so old hubs keep working. */
export const TOPIC_ROOT = 'clinic-edge/v1';

/** The device name reserved for the gateway itself (its retained birth/last-will status). */
export const GATEWAY_DEVICE = 'gateway';

/** Same rule as the outbox's ids: no '/', MQTT wildcards or control characters, so topics split cleanly. */
const NAME = /^[A-Za-z0-9._:-]{1,128}$/;

export function assertTopicName(key: 'site' | 'device', value: string): void {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new PublishError('E_MQTT_CONFIG', `${key} must match ${NAME} (no '/', '+', '#'), got ${JSON.stringify(value)}`, { [key]: value });
  }
}

/** `clinic-edge/v1/<site>/<device>/<stream>`: the topic of every message a device produces. */
export function topicFor(site: string, device: string, stream: Stream): string {
  assertTopicName('site', site);
  assertTopicName('device', device);
  if (!STREAMS.includes(stream)) throw new PublishError('E_MQTT_CONFIG', `stream must be one of ${STREAMS.join(', ')}`, { stream });
  return `${TOPIC_ROOT}/${site}/${device}/${stream}`;
}

/** Where the gateway's retained `online` birth and `offline` last will live. */
export function gatewayStatusTopic(site: string): string {
  return topicFor(site, GATEWAY_DEVICE, 'status');
}

/** Client id from the site, so a restart resumes the same persistent session at the broker. */
export function clientIdFor(site: string): string {
  assertTopicName('site', site);
  return `clinic-edge-gw-${site}`;
}

export type GatewayState = 'online' | 'offline';

/**
 * The gateway status payload (see config/schemas/messages.md). `cause` says why it is offline:
 * `lost` is the last will (the broker saw the connection die), `stopped` a clean shutdown.
 */
export function gatewayStatusPayload(state: GatewayState, at: number | null, cause?: 'lost' | 'stopped'): Buffer {
  const body: Record<string, unknown> = { v: 1, state };
  if (at !== null) body.at = at;
  if (cause) body.cause = cause;
  return Buffer.from(JSON.stringify(body));
}
