/**
 * The id of a message is known only once the outbox stored it (the seq is assigned in the enqueue
 * transaction), so it is written into the payload as the message leaves: `stampPayload` is a pure
 * function of the stored bytes and the id, so every resend of a message carries the same bytes.
 *   JSON bodies: `{"id":"<site>/<device>/<stream>/<seq>","seq":<seq>,` + the stored body after its `{`.
 *   Waveform: the stored envelope with varint seq inserted after its version byte.
 */
import type { DeadLetter, Message, NackResult, NewMessage, OutboxStats, OutboxStore } from '../store/types.js';
import { pushVarint } from './messages.js';

const encoder = new TextEncoder();

export function stampPayload(msg: Pick<Message, 'id' | 'seq' | 'stream' | 'payload'>): Uint8Array {
  const p = msg.payload;
  if (msg.stream === 'waveform') {
    const seq: number[] = [];
    pushVarint(seq, msg.seq);
    const out = new Uint8Array(p.byteLength + seq.length);
    out[0] = p[0];
    out.set(seq, 1);
    out.set(p.subarray(1), 1 + seq.length);
    return out;
  }
  if (p[0] !== 0x7b /* { */) return p; // not a body of ours (e.g. written by another producer): as stored
  const head = encoder.encode(`{"id":${JSON.stringify(msg.id)},"seq":${msg.seq}${p.byteLength > 2 ? ',' : ''}`);
  const out = new Uint8Array(head.byteLength + p.byteLength - 1);
  out.set(head);
  out.set(p.subarray(1), head.byteLength);
  return out;
}

/** Reads the seq back from a stamped waveform body (for subscribers and tests). */
export function waveformSeq(body: Uint8Array): { seq: number; gatewayTime: number; frameOffset: number } {
  let at = 1;
  const read = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (at >= body.length) throw new RangeError('waveform envelope truncated');
      const b = body[at++];
      v += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return v;
      scale *= 0x80;
    }
  };
  const seq = read();
  const gatewayTime = read();
  return { seq, gatewayTime, frameOffset: at };
}

/** The outbox as the publisher sees it: every message handed out carries its id in its payload. */
export class StampingOutbox implements OutboxStore {
  constructor(private readonly inner: OutboxStore) {}

  validate(msg: NewMessage): void {
    this.inner.validate(msg);
  }
  enqueue(msgs: readonly NewMessage[]): Message[] {
    return this.inner.enqueue(msgs);
  }
  nextBatch(limit: number, maxBytes: number): Message[] {
    return this.inner.nextBatch(limit, maxBytes).map((m) => ({ ...m, payload: stampPayload(m) }));
  }
  ack(ids: readonly string[]): number {
    return this.inner.ack(ids);
  }
  nack(id: string, reason: string, permanent?: boolean): NackResult {
    return this.inner.nack(id, reason, permanent);
  }
  release(ids?: readonly string[]): number {
    return this.inner.release(ids);
  }
  evictExpired(): number {
    return this.inner.evictExpired();
  }
  deadLetters(limit?: number): DeadLetter[] {
    return this.inner.deadLetters(limit);
  }
  stats(): OutboxStats {
    return this.inner.stats();
  }
  close(): void {
    this.inner.close();
  }
}
