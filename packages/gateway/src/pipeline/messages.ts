/**
 * Message bodies (JSON, version 1) for the alerts, summary, vitals and status streams. Every body
 * carries `v`, `type`, the device and gateway times (`t`), and codes and UCUM units beside every
 * value. The id and seq are added by `stampPayload` when the message is published, because the
 * outbox assigns seq at enqueue; the stored bytes never change, so a resend is byte-identical.
 * Bodies never hold patient identifiers: only device ids, values, codes and times.
 */
import type { NewMessage, Stream } from '../store/types.js';
import { topicFor } from '../publish/topics.js';

export const BODY_VERSION = 1;

export interface Times {
  /** Gateway wall clock, ms since the epoch. */
  gateway: number;
  /** The device's own clock as it said it (ISO-like text), or null where it has none. */
  device: string | null;
  /** ECG-derived messages: position on the device's sample clock. */
  sample?: number;
  sampleRate?: number; // Hz
}

const encoder = new TextEncoder();

/** Topics are checked once per device and stream, not per message (the check is a regex each). */
const topics = new Map<string, string>();
function topic(site: string, device: string, stream: Stream): string {
  const key = `${site}\u0000${device}\u0000${stream}`;
  let t = topics.get(key);
  if (t === undefined) {
    t = topicFor(site, device, stream);
    if (topics.size > 10_000) topics.clear(); // bounded: device ids come from the configuration
    topics.set(key, t);
  }
  return t;
}

export function jsonMessage(site: string, device: string, stream: Exclude<Stream, 'waveform'>, type: string, t: Times, body: Record<string, unknown>, createdAt: number): NewMessage {
  // The head is written by hand so the body's keys follow without copying the object.
  const rest = JSON.stringify(body);
  const text = `{"v":${BODY_VERSION},"type":${JSON.stringify(type)},"t":${JSON.stringify(t)}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`;
  return { site, device, stream, topic: topic(site, device, stream), payload: encoder.encode(text), createdAt };
}

/**
 * Waveform body: u8 envelope version (1), [varint seq: inserted at publish], varint gateway time (ms
 * since the epoch) of the frame's first sample, then the codec frame (waveform-codec.ts).
 */
export function waveformMessage(site: string, device: string, gatewayTime: number, frame: Uint8Array, createdAt: number): NewMessage {
  const head: number[] = [BODY_VERSION];
  pushVarint(head, Math.max(0, Math.round(gatewayTime)));
  const payload = new Uint8Array(head.length + frame.byteLength);
  payload.set(head);
  payload.set(frame, head.length);
  return { site, device, stream: 'waveform', topic: topic(site, device, 'waveform'), payload, createdAt };
}

export function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}
