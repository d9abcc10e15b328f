/** MQTT 5 PUBACK reason codes the publisher treats specially (MQTT 5 §3.4.2.1). */
export const REASON = {
  noMatchingSubscribers: 0x10,
  notAuthorized: 0x87,
  topicNameInvalid: 0x90,
  packetTooLarge: 0x95,
  quotaExceeded: 0x97,
  payloadFormatInvalid: 0x99,
} as const;

/**
 * Refusals that will not change however often the message is sent again: the message goes to the
 * dead letters at once instead of using up its tries (and the link's time).
 */
const PERMANENT = new Set<number>([REASON.notAuthorized, REASON.topicNameInvalid, REASON.packetTooLarge, REASON.payloadFormatInvalid]);

export function isRefusal(reasonCode: number): boolean {
  return reasonCode >= 0x80;
}

export function isPermanentRefusal(reasonCode: number): boolean {
  return PERMANENT.has(reasonCode);
}

export function reasonText(reasonCode: number): string {
  const names: Record<number, string> = {
    0x80: 'unspecified error',
    0x83: 'implementation specific error',
    0x87: 'not authorized',
    0x90: 'topic name invalid',
    0x91: 'packet identifier in use',
    0x95: 'packet too large',
    0x97: 'quota exceeded',
    0x99: 'payload format invalid',
  };
  return `PUBACK 0x${reasonCode.toString(16).padStart(2, '0')} ${names[reasonCode] ?? 'refused'}`;
}
