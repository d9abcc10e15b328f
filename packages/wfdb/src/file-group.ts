import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { WfdbError } from './errors.js';
import { codecOf, type FormatCodec } from './formats.js';
import type { SignalSpec } from './header.js';

/** One signal file and the consecutive header signals stored in it. */
export interface GroupMember {
  /** Signal number in the header. */
  signal: number;
  /** Position of this signal's first sample within a frame of the file. */
  offsetInFrame: number;
  samplesPerFrame: number;
}

/** Reads frame ranges of one signal file into an interleaved (flat) Int32Array, reusing its buffers. */
export class FileGroup {
  readonly file: string;
  readonly codec: FormatCodec;
  readonly format: number;
  /** Bytes before the first sample (the `+24` of `16+24`). */
  readonly byteOffset: number;
  /** Samples per frame over all signals of the file. */
  readonly samplesPerFrame: number;
  readonly members: GroupMember[];
  readonly fileSize: number; // bytes
  private fd: number | undefined;
  private bytes = new Uint8Array(0);
  flat = new Int32Array(0);

  constructor(signals: readonly SignalSpec[], first: number, count: number) {
    const s0 = signals[first]!;
    this.file = s0.filePath;
    this.format = s0.format;
    this.codec = codecOf(s0.format);
    this.byteOffset = s0.byteOffset;
    this.members = [];
    let offset = 0;
    for (let i = first; i < first + count; i++) {
      const spf = signals[i]!.samplesPerFrame;
      this.members.push({ signal: i, offsetInFrame: offset, samplesPerFrame: spf });
      offset += spf;
    }
    this.samplesPerFrame = offset;
    try {
      this.fd = openSync(this.file, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'does not exist' : `cannot be opened (${code ?? String(e)})`;
      throw new WfdbError('E_WFDB_NOT_FOUND', `signal file ${this.file} ${what}; it must sit next to the header`, { file: this.file }, { cause: e });
    }
    this.fileSize = fstatSync(this.fd).size;
  }

  /** Whole frames the file holds after its byte offset. */
  framesAvailable(): number {
    const bytes = Math.max(0, this.fileSize - this.byteOffset);
    // Largest flat count n with byteEnd(n) <= bytes; no format stores a sample in under 8 bits.
    let lo = 0;
    let hi = bytes;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.codec.byteEnd(mid) <= bytes) lo = mid;
      else hi = mid - 1;
    }
    return Math.floor(lo / this.samplesPerFrame);
  }

  /** Throws E_WFDB_TRUNCATED when the file cannot hold frames [0, end). */
  requireFrames(end: number): void {
    const expected = this.byteOffset + this.codec.byteEnd(end * this.samplesPerFrame);
    if (this.fileSize < expected) throw this.truncated(this.fileSize, expected, end);
  }

  private truncated(dataEnd: number, expected: number, frames: number): WfdbError {
    return new WfdbError(
      'E_WFDB_TRUNCATED',
      `signal file ${this.file} ends at byte ${dataEnd} but ${frames} samples per signal in format ${this.format} need ${expected} bytes; the file is truncated or the header's sample count is wrong (re-copy the file or read a shorter range)`,
      { file: this.file, byteOffset: dataEnd },
    );
  }

  /** Decodes frames [from, from + frames) into this.flat[0 .. frames * samplesPerFrame). */
  read(from: number, frames: number): Int32Array {
    const S = this.samplesPerFrame;
    const first = from * S;
    const count = frames * S;
    const bStart = this.codec.byteStart(first);
    const length = this.codec.byteEnd(first + count) - bStart;
    if (this.bytes.length < length) this.bytes = new Uint8Array(Math.max(length, this.bytes.length * 2));
    if (this.flat.length < count) this.flat = new Int32Array(Math.max(count, this.flat.length * 2));
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd!, this.bytes, got, length - got, this.byteOffset + bStart + got);
      if (n === 0) throw this.truncated(this.byteOffset + bStart + got, this.byteOffset + bStart + length, from + frames);
      got += n;
    }
    this.codec.decode(this.bytes, bStart, first, count, this.flat);
    return this.flat;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Splits header signals into file groups (consecutive signals with the same file name) and opens
 * those holding a wanted signal; files of other signals are not touched.
 */
export function openGroups(signals: readonly SignalSpec[], wanted: ReadonlySet<number>): FileGroup[] {
  const groups: FileGroup[] = [];
  try {
    for (let i = 0; i < signals.length; ) {
      let j = i + 1;
      while (j < signals.length && signals[j]!.fileName === signals[i]!.fileName) j++;
      let any = false;
      for (let k = i; k < j; k++) any ||= wanted.has(k);
      if (any) groups.push(new FileGroup(signals, i, j - i));
      i = j;
    }
  } catch (e) {
    for (const g of groups) g.close();
    throw e;
  }
  return groups;
}
