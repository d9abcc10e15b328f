import type { RecordHeader } from './header.js';
import { SignalReader, type PhysicalArray, type ReadOptions } from './signal-reader.js';

export interface WfdbRecord {
  header: RecordHeader;
  sampleRate: number; // Hz
  /** Signal numbers read, in the order of `signals`. */
  channels: readonly number[];
  start: number; // frame
  end: number; // frame (exclusive)
  /** Physical values per selected channel (header units, usually mV); NaN for invalid samples. */
  signals: PhysicalArray[];
  /** Raw ADC values (adu) per selected channel. */
  adc: Int32Array[];
}

const CHUNK = 1 << 16; // frames per positioned read

/** Reads a record (or a frame range of it) at once; a thin wrapper over SignalReader. */
export function readRecord(record: string | RecordHeader, options: ReadOptions = {}): WfdbRecord {
  const reader = new SignalReader(record, options);
  try {
    const frames = reader.end - reader.start;
    const spf = reader.samplesPerFrame();
    const adc = spf.map((n) => new Int32Array(frames * n));
    const signals = spf.map((n) => (options.float32 ? new Float32Array(frames * n) : new Float64Array(frames * n)));
    for (let at = 0; at < frames; ) at += reader.readFramesInto(CHUNK, adc, signals, at);
    return {
      header: reader.header,
      sampleRate: reader.header.sampleRate,
      channels: reader.channels,
      start: reader.start,
      end: reader.end,
      signals,
      adc,
    };
  } finally {
    reader.close();
  }
}
