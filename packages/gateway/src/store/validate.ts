import { StoreError } from './errors.js';
import { NAME_PATTERN } from './message-id.js';
import type { NewMessage, Stream } from './types.js';
import { STREAMS } from './types.js';

/** Why `msg` would be refused, or null. Messages name the field and never echo payloads. */
export function problemWith(msg: NewMessage, maxMessageBytes: number): string | null {
  if (typeof msg !== 'object' || msg === null) return 'message must be an object';
  if (typeof msg.site !== 'string' || !NAME_PATTERN.test(msg.site)) {
    return `site must match ${NAME_PATTERN} (no '/', '+', '#')`;
  }
  if (typeof msg.device !== 'string' || !NAME_PATTERN.test(msg.device)) {
    return `device must match ${NAME_PATTERN} (no '/', '+', '#')`;
  }
  if (!STREAMS.includes(msg.stream as Stream)) return `stream must be one of ${STREAMS.join(', ')}`;
  if (typeof msg.topic !== 'string' || msg.topic.length === 0 || /[+#\0]/.test(msg.topic)) {
    return 'topic must be a non-empty MQTT topic name without wildcards';
  }
  if (!(msg.payload instanceof Uint8Array)) return 'payload must be a Uint8Array';
  if (msg.payload.byteLength > maxMessageBytes) {
    return `payload is ${msg.payload.byteLength} bytes, over maxMessageBytes ${maxMessageBytes}`;
  }
  if (msg.createdAt !== undefined && !Number.isSafeInteger(msg.createdAt)) {
    return 'createdAt must be an integer ms epoch';
  }
  return null;
}

export function assertValid(msg: NewMessage, maxMessageBytes: number, index?: number): void {
  const problem = problemWith(msg, maxMessageBytes);
  if (problem === null) return;
  const where = index === undefined ? '' : ` (message ${index} of the batch; nothing was stored)`;
  throw new StoreError('E_STORE_INPUT', `refused message: ${problem}${where}`, {
    index,
    stream: (msg as Partial<NewMessage> | null)?.stream,
  });
}

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new StoreError('E_STORE_INPUT', `${name} must be an integer >= 1, got ${String(value)}`, {
      [name]: value,
    });
  }
}

export function assertPositive(name: string, value: number): void {
  if (!(value > 0)) {
    throw new StoreError('E_STORE_INPUT', `${name} must be > 0 (Infinity allowed), got ${String(value)}`, {
      [name]: value,
    });
  }
}
