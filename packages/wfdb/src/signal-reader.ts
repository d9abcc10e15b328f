import { WfdbError } from './errors.js';
import { openGroups, type FileGroup } from './file-group.js';
import { readHeader, type RecordHeader } from './header.js';

export interface ReadOptions {
  /** Signal numbers to read, in the order wanted; default all. */
  channels?: readonly number[];
  /** First frame (sample index per signal) to read; default 0. */
  start?: number;
  /** Frame after the last one to read; default the header's sample count (or what the files hold). */
  end?: number;
  /** Physical values as Float32Array instead of Float64Array. */
  float32?: boolean;
  /** Verify header checksums when the whole record is read; default true. */
  verifyChecksum?: boolean;
}

export type PhysicalArray = Float64Array | Float32Array;

/** Frames [start, start + frames) of the selected channels. */
export interface SignalChunk {
  /** Frame index of the first frame in this chunk. */
  start: number;
  frames: number;
  /** Physical values (header units, usually mV) per selected channel; NaN where the sample is invalid. */
  signals: PhysicalArray[];
  /** Raw ADC values (adu) per selected channel; invalid samples keep the format's invalid value. */
  adc: Int32Array[];
}

interface Channel {
  signal: number;
  group: FileGroup;
  offsetInFrame: number;
  samplesPerFrame: number;
  baseline: number; // adu
  gain: number; // adu per unit
  invalid: number | undefined;
  /** Last value, for format 8 (first differences). */
  previous: number;
  /** Running sum of raw samples, for the checksum. */
  sum: number;
}

/**
 * Streams frames of a record from its signal files with positioned reads. Values do not depend on
 * how the record is split into chunks. Call close() when done (readRecord does it for you).
 */
export class SignalReader {
  readonly header: RecordHeader;
  readonly channels: readonly number[];
  readonly start: number; // frame
  readonly end: number; // frame (exclusive)
  private pos: number;
  private readonly groups: FileGroup[];
  private readonly chans: Channel[];
  private readonly float32: boolean;
  private readonly checksums: boolean;

  constructor(record: string | RecordHeader, options: ReadOptions = {}) {
    this.header = typeof record === 'string' ? readHeader(record) : record;
    const sigs = this.header.signals;
    this.channels = options.channels ?? sigs.map((_, i) => i);
    for (const c of this.channels) {
      if (!Number.isInteger(c) || c < 0 || c >= sigs.length) {
        throw new RangeError(`channels: ${c} is not a signal of ${this.header.recordName} (0..${sigs.length - 1})`);
      }
    }
    this.float32 = options.float32 ?? false;
    this.groups = openGroups(sigs, new Set(this.channels));
    try {
      const total = this.header.nsamples ?? Math.min(...this.groups.map((g) => g.framesAvailable()), this.groups.length ? Infinity : 0);
      this.start = options.start ?? 0;
      this.end = options.end ?? total;
      if (!Number.isInteger(this.start) || this.start < 0 || !Number.isInteger(this.end) || this.end < this.start || this.end > total) {
        throw new RangeError(`start/end: [${this.start}, ${this.end}) is not a frame range within [0, ${total}] of ${this.header.recordName}`);
      }
      for (const g of this.groups) g.requireFrames(this.end);
      this.chans = this.channels.map((signal) => this.channelOf(signal));
      this.checksums = (options.verifyChecksum ?? true) && this.start === 0 && this.end === this.header.nsamples;
      this.pos = 0;
      this.skipDifferential();
      this.pos = this.start;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private channelOf(signal: number): Channel {
    const group = this.groups.find((g) => g.members.some((m) => m.signal === signal))!;
    const member = group.members.find((m) => m.signal === signal)!;
    const spec = this.header.signals[signal]!;
    return {
      signal,
      group,
      offsetInFrame: member.offsetInFrame,
      samplesPerFrame: member.samplesPerFrame,
      baseline: spec.baseline,
      gain: spec.gain,
      invalid: group.codec.invalid,
      previous: spec.initialValue,
      sum: 0,
    };
  }

  /** Format 8 stores differences, so reaching `start` means summing everything before it. */
  private skipDifferential(): void {
    if (this.start === 0 || !this.chans.some((c) => c.group.codec.differential)) return;
    const step = 65536;
    const adc = this.chans.map((c) => new Int32Array(step * c.samplesPerFrame));
    for (let f = 0; f < this.start; f += step) this.fill(f, Math.min(step, this.start - f), adc, undefined, 0);
  }

  /** Next frame to be read. */
  get position(): number {
    return this.pos;
  }

  /** Samples per frame of each selected channel (1 unless the header says e.g. `212x2`). */
  samplesPerFrame(): number[] {
    return this.chans.map((c) => c.samplesPerFrame);
  }

  /** Reads up to `maxFrames` frames into new arrays; undefined once `end` is reached. */
  readFrames(maxFrames: number): SignalChunk | undefined {
    const frames = Math.min(Math.max(0, Math.floor(maxFrames)), this.end - this.pos);
    if (frames === 0) return undefined;
    const adc = this.chans.map((c) => new Int32Array(frames * c.samplesPerFrame));
    const signals = this.chans.map((c) => (this.float32 ? new Float32Array(frames * c.samplesPerFrame) : new Float64Array(frames * c.samplesPerFrame)));
    const start = this.pos;
    this.readFramesInto(frames, adc, signals, 0);
    return { start, frames, signals, adc };
  }

  /**
   * Reads up to `maxFrames` frames into caller-owned arrays at frame offset `at` (allocates
   * nothing per call once buffers have grown). Returns the number of frames read.
   */
  readFramesInto(maxFrames: number, adc: Int32Array[] | undefined, signals: PhysicalArray[] | undefined, at = 0): number {
    const frames = Math.min(Math.max(0, Math.floor(maxFrames)), this.end - this.pos);
    if (frames === 0) return 0;
    this.fill(this.pos, frames, adc, signals, at);
    this.pos += frames;
    if (this.pos === this.end && this.checksums) this.verifyChecksums();
    return frames;
  }

  private fill(from: number, frames: number, adc: Int32Array[] | undefined, signals: PhysicalArray[] | undefined, at: number): void {
    for (const g of this.groups) {
      if (!this.chans.some((c) => c.group === g)) continue;
      const flat = g.read(from, frames);
      const S = g.samplesPerFrame;
      for (let ci = 0; ci < this.chans.length; ci++) {
        const c = this.chans[ci]!;
        if (c.group !== g) continue;
        const spf = c.samplesPerFrame;
        const a = adc?.[ci];
        const y = signals?.[ci];
        const differential = g.codec.differential;
        const invalid = c.invalid ?? NaN;
        const { baseline, gain } = c;
        let prev = c.previous;
        let sum = c.sum;
        let o = at * spf;
        for (let k = 0; k < frames; k++) {
          let p = k * S + c.offsetInFrame;
          for (let s = 0; s < spf; s++, p++, o++) {
            let v = flat[p]!;
            if (differential) v = prev = prev + v;
            sum = (sum + v) | 0;
            if (a) a[o] = v;
            if (y) y[o] = v === invalid ? NaN : (v - baseline) / gain;
          }
        }
        c.previous = prev;
        c.sum = sum;
      }
    }
  }

  private verifyChecksums(): void {
    for (const c of this.chans) {
      const spec = this.header.signals[c.signal]!;
      // A checksum of 0 means "not set" in some sets (cinc2017), so only non-zero ones are checked.
      if (spec.checksum === undefined || spec.checksum === 0) continue;
      const got = (c.sum << 16) >> 16;
      if (((got - spec.checksum) & 0xffff) !== 0) {
        throw new WfdbError(
          'E_WFDB_CHECKSUM',
          `signal ${c.signal} (${spec.description || 'no description'}) in ${c.group.file}: checksum of the samples is ${got} but header line ${spec.line} says ${spec.checksum}; the file is damaged or belongs to another header (pass verifyChecksum: false to read it anyway)`,
          { file: c.group.file, signal: c.signal, line: spec.line },
        );
      }
    }
  }

  /** Sync iteration in chunks of `chunkFrames`. */
  *chunks(chunkFrames: number): Generator<SignalChunk> {
    for (let c = this.readFrames(chunkFrames); c; c = this.readFrames(chunkFrames)) yield c;
  }

  /** Async iteration in chunks of 65536 frames; closes the reader at the end. */
  async *[Symbol.asyncIterator](): AsyncGenerator<SignalChunk> {
    try {
      yield* this.chunks(65536);
    } finally {
      this.close();
    }
  }

  close(): void {
    for (const g of this.groups ?? []) g.close();
  }
}
