/**
 * ProtoCentral OpenView packets, as sent by the ADS1292R ECG + respiration breakout (57600 8N1).
 *
 * Frame (all multi-byte fields little endian):
 *   0x0A 0xFA | len LSB | len MSB | type | payload (len bytes) | 0x00 0x0B
 * There is no checksum: the two stop bytes and the length bound are the only integrity checks.
 *
 * Sources:
 * - github.com/Protocentral/protocentral-ads1292r-arduino, examples/02.OpenView/02.OpenView.ino (2026):
 *   "0x0A 0xFA <len=8> 0x00 <type=0x02> | ECG int16 | RESP int16 | HR int16 | RR int16 | 0x00 0x0B",
 *   125 packets/s; on lead-off the sketch sends `sendPacket(0, 0, 0, 0)`.
 * - same repository, examples/02-ecg-plot-openview (len 9: ECG, RESP int16, then RR u8, 0, HR u8, 0, 0;
 *   lead-off also sends all zeros) and Example-1-ECG-Respiration-Plot-Openview (2017, len 20: ECG, RESP
 *   int16 at 0 and 2, RR u8 at 14, HR u8 at 16; on lead-off only ECG is zeroed).
 * - github.com/Protocentral/protocentral_openview, lib/protocol/packet_framer_v3.dart (host side:
 *   same header, max payload 8192, stop 0x00 0x0B) and lib/boards/decoders/ads1292r_decoders.dart
 *   (pktType 2: ECG, RESP, HR, RR as int16 LE).
 *
 * Lead-off: the protocol has no lead-off flag. The firmware flat-lines every field to zero instead, so
 * `leadOff` is true when all four fields are exactly zero (layouts 8 and 9), and null for the 2017
 * layout, whose zeros do not identify lead-off. A true all-zero reading is possible but brief.
 *
 * Framer: scan for 0A FA, reject lengths over `maxPayload` (default 256, far above the 20 used), wait
 * for the whole frame, check both stop bytes. A bad candidate slides the scan by one byte, so a good
 * frame hidden inside a false one is still found. One reusable buffer; no allocation per byte.
 */
import { createCounters, type DeviceCounters } from './counters.js';
import { DeviceProtocolError } from './errors.js';

export const OPENVIEW_START1 = 0x0a;
export const OPENVIEW_START2 = 0xfa;
export const OPENVIEW_STOP1 = 0x00;
export const OPENVIEW_STOP2 = 0x0b;
export const OPENVIEW_TYPE_DATA = 0x02;
const HEADER = 5;
const TRAILER = 2;

export interface OpenViewFrame {
  type: number;
  /** View into the framer's buffer: valid only during the callback; copy it to keep it. */
  payload: Uint8Array;
  /** Stream offset of the frame's first byte. */
  offset: number;
}

export interface OpenViewFramerOptions {
  maxPayload?: number; // bytes, default 256
  onError?: (error: DeviceProtocolError) => void;
}

export class OpenViewFramer {
  readonly counters: DeviceCounters = createCounters();
  private readonly buf: Uint8Array;
  private readonly maxPayload: number;
  private head = 0; // first unconsumed byte in buf
  private tail = 0; // one past the last byte in buf
  private streamOffset = 0; // stream offset of buf[0]
  private hunting = false;

  constructor(
    private readonly onFrame: (frame: OpenViewFrame) => void,
    private readonly options: OpenViewFramerOptions = {},
  ) {
    this.maxPayload = options.maxPayload ?? 256;
    if (!Number.isInteger(this.maxPayload) || this.maxPayload < 0 || this.maxPayload > 0xffff) {
      throw new TypeError('OpenViewFramerOptions.maxPayload must be an integer 0..65535');
    }
    this.buf = new Uint8Array(HEADER + this.maxPayload + TRAILER);
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.tail - this.head;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      this.compact();
      const n = Math.min(this.buf.length - this.tail, chunk.length - i);
      this.buf.set(chunk.subarray(i, i + n), this.tail);
      this.tail += n;
      i += n;
      this.scan();
    }
  }

  /** End of stream: pending bytes are a truncated frame (or garbage), never data. */
  end(): void {
    const pending = this.tail - this.head;
    if (pending > 0) {
      if (this.buf[this.head] === OPENVIEW_START1) this.counters.truncated++;
      this.counters.bytesDiscarded += pending;
    }
    this.streamOffset += this.tail;
    this.head = this.tail = 0;
  }

  private scan(): void {
    const b = this.buf;
    for (;;) {
      const avail = this.tail - this.head;
      if (avail === 0) return;
      const s = this.head;
      if (b[s] !== OPENVIEW_START1 || (avail > 1 && b[s + 1] !== OPENVIEW_START2)) {
        this.discard(1);
        continue;
      }
      if (avail < HEADER) return;
      const len = b[s + 2] | (b[s + 3] << 8);
      if (len > this.maxPayload) {
        this.counters.tooLong++;
        this.reject('E_TOO_LONG', `payload length ${len} over the bound ${this.maxPayload}`);
        continue;
      }
      const total = HEADER + len + TRAILER;
      if (avail < total) return;
      if (b[s + total - 2] !== OPENVIEW_STOP1 || b[s + total - 1] !== OPENVIEW_STOP2) {
        this.reject('E_FRAME', 'stop bytes 00 0B not found where the length says');
        continue;
      }
      this.counters.framesOk++;
      this.hunting = false;
      this.head += total;
      this.onFrame({ type: b[s + 4], payload: b.subarray(s + HEADER, s + HEADER + len), offset: this.streamOffset + s });
    }
  }

  private reject(code: 'E_FRAME' | 'E_TOO_LONG', reason: string): void {
    this.counters.framesBad++;
    const offset = this.streamOffset + this.head;
    this.discard(1);
    this.options.onError?.(new DeviceProtocolError(code, reason, { protocol: 'openview', offset }));
  }

  private discard(n: number): void {
    if (!this.hunting) {
      this.hunting = true;
      this.counters.resyncs++;
    }
    this.counters.bytesDiscarded += n;
    this.head += n;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.buf.copyWithin(0, this.head, this.tail);
    this.streamOffset += this.head;
    this.tail -= this.head;
    this.head = 0;
  }
}

export function encodeOpenViewFrame(type: number, payload: Uint8Array): Uint8Array {
  if (!Number.isInteger(type) || type < 0 || type > 255) throw new TypeError('encodeOpenViewFrame: type must be a byte');
  if (payload.length > 0xffff) throw new TypeError('encodeOpenViewFrame: payload longer than 65535 bytes');
  const out = new Uint8Array(HEADER + payload.length + TRAILER);
  out[0] = OPENVIEW_START1;
  out[1] = OPENVIEW_START2;
  out[2] = payload.length & 0xff;
  out[3] = payload.length >> 8;
  out[4] = type;
  out.set(payload, HEADER);
  out[out.length - 2] = OPENVIEW_STOP1;
  out[out.length - 1] = OPENVIEW_STOP2;
  return out;
}
