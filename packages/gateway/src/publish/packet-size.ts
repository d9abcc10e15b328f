/** Bytes of an MQTT variable-length integer (the remaining-length and property-length encoding). */
export function varintBytes(n: number): number {
  if (n < 128) return 1;
  if (n < 16_384) return 2;
  if (n < 2_097_152) return 3;
  return 4;
}

/**
 * Size on the wire of a QoS 1 PUBLISH without properties, bytes: what the broker compares with the
 * Maximum Packet Size it announced in CONNACK (MQTT 5 §3.2.2.3.6).
 */
export function publishPacketBytes(topic: string, payloadBytes: number, protocolVersion: 4 | 5): number {
  const properties = protocolVersion === 5 ? 1 : 0; // the (empty) property length
  const remaining = 2 + Buffer.byteLength(topic) + 2 + properties + payloadBytes;
  return 1 + varintBytes(remaining) + remaining;
}

/** The MQTT limit on any packet (268,435,455 remaining-length bytes plus the fixed header). */
export const MQTT_MAX_PACKET_BYTES = 268_435_460;
