/**
 * LF-terminated line framer for the ASCII protocols (CR before LF is stripped). One reusable buffer;
 * the line handed to `onLine` is a view valid only during the call. A line over `maxLength` is dropped
 * up to the next LF and reported once as E_TOO_LONG.
 *
 * Not @serialport/parser-readline (still a dependency of serialport): that is a Node stream, which
 * this package may not use, and its delimiter parser keeps everything up to the next delimiter,
 * re-concatenating the whole buffer on every chunk, so a device that streams bytes with no LF
 * (wrong baud rate, a binary protocol on an ASCII port) grows it without bound.
 */
import { createCounters, type DeviceCounters } from './counters.js';
import { DeviceProtocolError, type DeviceProtocol } from './errors.js';

export interface LineFramerOptions {
  protocol: DeviceProtocol;
  maxLength: number; // bytes, without the line ending
  /** `rawBytes`: the line's bytes in the stream, its CR and LF included. */
  onLine: (line: Uint8Array, offset: number, rawBytes: number) => void;
  onError?: (error: DeviceProtocolError) => void;
}

export class LineFramer {
  readonly counters: DeviceCounters = createCounters();
  private readonly buf: Uint8Array;
  private length = 0;
  private overflow = false;
  private lineStart = 0;
  private offset = 0;

  constructor(private readonly options: LineFramerOptions) {
    if (!Number.isInteger(options.maxLength) || options.maxLength < 1) {
      throw new TypeError('LineFramerOptions.maxLength must be a positive integer');
    }
    this.buf = new Uint8Array(options.maxLength + 1); // + CR
  }

  get pendingBytes(): number {
    return this.length;
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      this.offset++;
      if (c === 0x0a) {
        this.endLine();
      } else if (this.overflow) {
        this.counters.bytesDiscarded++;
      } else if (this.length === this.buf.length) {
        this.overflow = true;
        this.counters.bytesDiscarded += this.length + 1;
        this.length = 0;
      } else {
        this.buf[this.length++] = c;
      }
    }
  }

  /** End of stream: an unterminated line is truncated, never delivered. */
  end(): void {
    if (this.length > 0 || this.overflow) {
      this.counters.truncated++;
      this.counters.bytesDiscarded += this.length;
    }
    this.length = 0;
    this.overflow = false;
    this.lineStart = this.offset;
  }

  private endLine(): void {
    const start = this.lineStart;
    this.lineStart = this.offset;
    if (this.overflow) {
      this.overflow = false;
      this.counters.tooLong++;
      this.counters.bytesDiscarded++;
      this.options.onError?.(
        new DeviceProtocolError('E_TOO_LONG', `line longer than ${this.options.maxLength} bytes`, { protocol: this.options.protocol, offset: start }),
      );
      return;
    }
    let end = this.length;
    this.length = 0;
    if (end > 0 && this.buf[end - 1] === 0x0d) end--;
    this.options.onLine(this.buf.subarray(0, end), start, this.offset - start);
  }
}
