/**
 * MLLP, the Minimal Lower Layer Protocol that carries HL7 v2 over TCP or serial:
 *   0x0B (VT) <HL7 message bytes> 0x1C (FS) 0x0D (CR)
 * Source: HL7 v2.5.1 Implementation Guide, Transport Specification: MLLP, Release 2 (block format
 * <SB> dddd <EB><CR>, SB = 0x0B, EB = 0x1C), as used by IHE PCD-01 device gateways.
 *
 * Framer: bytes before a VT are discarded (hunting, one resync per run); a VT inside a message means
 * the previous one was cut short (truncated, its bytes discarded, the new one kept); FS not followed by
 * CR rejects the block (E_FRAME); a block over `maxMessageBytes` is dropped (E_TOO_LONG) and the framer
 * hunts for the next VT. Messages are delivered as copies, since they are kept after the callback.
 */
import { createCounters, type DeviceCounters } from './counters.js';
import { DeviceProtocolError } from './errors.js';
import { utf8Encode } from './text.js';

export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

export interface MllpFramerOptions {
  maxMessageBytes?: number; // default 1 MiB
  onError?: (error: DeviceProtocolError) => void;
}

const State = { Hunting: 0, InMessage: 1, AfterEnd: 2 } as const;
type State = (typeof State)[keyof typeof State];

export class MllpFramer {
  readonly counters: DeviceCounters = createCounters();
  private readonly max: number;
  private buf = new Uint8Array(4096);
  private length = 0;
  private state: State = State.Hunting;
  private hunting = false;
  private offset = 0; // stream offset of the next byte
  private messageStart = 0; // stream offset of the current VT

  constructor(
    private readonly onMessage: (message: Uint8Array, offset: number) => void,
    private readonly options: MllpFramerOptions = {},
  ) {
    this.max = options.maxMessageBytes ?? 1 << 20;
    if (!Number.isInteger(this.max) || this.max < 1) throw new TypeError('MllpFramerOptions.maxMessageBytes must be a positive integer');
  }

  /** Bytes of an unfinished block (VT and content) held back. */
  get pendingBytes(): number {
    return this.state === State.Hunting ? 0 : this.length + (this.state === State.AfterEnd ? 2 : 1);
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      const at = this.offset++;
      switch (this.state) {
        case State.Hunting:
          if (c === MLLP_START) this.begin(at);
          else this.discard(1);
          break;
        case State.InMessage:
          if (c === MLLP_END) this.state = State.AfterEnd;
          else if (c === MLLP_START) {
            this.counters.truncated++;
            this.fail('E_FRAME', 'block start inside a block: previous message truncated', this.length + 1, false);
            this.begin(at);
          } else this.append(c);
          break;
        case State.AfterEnd:
          if (c === MLLP_CR) this.emit();
          else {
            this.counters.framesBad++;
            this.fail('E_FRAME', 'block end 1C not followed by 0D', this.length + 2, false);
            if (c === MLLP_START) this.begin(at);
            else this.discard(1);
          }
      }
    }
  }

  /** End of stream: an open block is truncated and never delivered. */
  end(): void {
    if (this.state !== State.Hunting) {
      this.counters.truncated++;
      this.counters.bytesDiscarded += this.pendingBytes;
    }
    this.state = State.Hunting;
    this.length = 0;
  }

  private begin(at: number): void {
    this.state = State.InMessage;
    this.length = 0;
    this.messageStart = at;
  }

  private append(c: number): void {
    if (this.length === this.max) {
      this.counters.tooLong++;
      this.fail('E_TOO_LONG', `message longer than ${this.max} bytes`, this.length + 2, true);
      return;
    }
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(Math.min(this.max, this.buf.length * 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = c;
  }

  private emit(): void {
    const message = this.buf.slice(0, this.length);
    this.counters.framesOk++;
    this.hunting = false;
    this.state = State.Hunting;
    this.length = 0;
    this.onMessage(message, this.messageStart);
  }

  private fail(code: 'E_FRAME' | 'E_TOO_LONG', reason: string, bytes: number, countResync: boolean): void {
    this.state = State.Hunting;
    this.length = 0;
    if (countResync) this.discard(bytes);
    else this.counters.bytesDiscarded += bytes;
    this.options.onError?.(new DeviceProtocolError(code, reason, { protocol: 'mllp', offset: this.messageStart }));
  }

  private discard(n: number): void {
    if (!this.hunting) {
      this.hunting = true;
      this.counters.resyncs++;
    }
    this.counters.bytesDiscarded += n;
  }
}

/** Wraps an HL7 message (text, sent as UTF-8) in an MLLP block. */
export function encodeMllp(message: string | Uint8Array): Uint8Array {
  const body = typeof message === 'string' ? utf8Encode(message) : message;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === MLLP_START || body[i] === MLLP_END) throw new TypeError(`encodeMllp: message contains a framing byte at ${i}`);
  }
  const out = new Uint8Array(body.length + 3);
  out[0] = MLLP_START;
  out.set(body, 1);
  out[out.length - 2] = MLLP_END;
  out[out.length - 1] = MLLP_CR;
  return out;
}
