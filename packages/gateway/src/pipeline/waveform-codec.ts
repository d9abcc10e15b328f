/**
 * Lossless compact waveform frames (the `waveform` stream's body).
 *
 * Layout, version 1 (varints are unsigned LEB128, svarint = zigzag then varint):
 *   u8      version (1)
 *   varint  sample rate, mHz (360 Hz -> 360000)
 *   u8      lead count L (1..8)
 *   varint  samples per lead N
 *   varint  index of the frame's first sample, counted from the device stream's start
 *   f32 LE  gain, adu per mV (physical mV = (value - baseline) / gain)
 *   svarint baseline, adu
 *   varint  lead-off runs R, then R pairs (varint gap from the previous run's end, varint length), in samples
 *   L times, byte-aligned:
 *     u8      predictor order p (0..3: fixed polynomial predictors, as in FLAC)
 *     p times svarint warm-up sample
 *     N - p   Rice-coded prediction residuals (see rice.ts)
 * Every frame decodes on its own (no state carried between frames), so a lost or evicted frame
 * never spoils the next one. Samples must be integers with |value| < 2^20 (ADC counts).
 */
import { BitReader, BitWriter, unzigzag, zigzag } from './bit-io.js';
import { readRice, writeRice } from './rice.js';

export const WAVEFORM_CODEC_VERSION = 1;
export const MAX_LEADS = 8;
const MAX_ABS_SAMPLE = 2 ** 20;
const MAX_ORDER = 3;

export interface LeadOffRun {
  /** Offset of the first lead-off sample within the frame. */
  start: number;
  /** Samples. */
  length: number;
}

export interface WaveformFrame {
  sampleRate: number; // Hz
  /** Index of the frame's first sample from the start of the device stream. */
  firstSample: number;
  gain: number; // adu per mV
  baseline: number; // adu at 0 mV
  /** ADC counts per lead, all of the same length. */
  leads: readonly Int32Array[];
  /** Where the electrodes were off; the samples there are whatever the device sent. */
  leadOff: readonly LeadOffRun[];
}

export class WaveformCodecError extends RangeError {
  readonly code = 'E_WAVEFORM';
}

/** Residual of the order-p fixed predictor at i (i >= p). */
function residual(x: Int32Array, i: number, p: number): number {
  switch (p) {
    case 0:
      return x[i];
    case 1:
      return x[i] - x[i - 1];
    case 2:
      return x[i] - 2 * x[i - 1] + x[i - 2];
    default:
      return x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3];
  }
}

/** The order whose residuals have the smallest sum of magnitudes (a good proxy for Rice length). */
function chooseOrder(x: Int32Array): number {
  let best = 0;
  let bestSum = Infinity;
  for (let p = 0; p <= MAX_ORDER && p < x.length; p++) {
    let sum = 0;
    for (let i = p; i < x.length; i++) sum += Math.abs(residual(x, i, p));
    // Each warm-up sample costs ~2-3 bytes, so a higher order must save more than that.
    sum += p * 16;
    if (sum < bestSum) {
      bestSum = sum;
      best = p;
    }
  }
  return best;
}

/** Encodes frames; keeps its bit buffer and residual scratch between frames. */
export class WaveformEncoder {
  private readonly w = new BitWriter();
  private scratch = new Uint32Array(1024);

  encode(frame: WaveformFrame): Uint8Array {
    const n = checkFrame(frame);
    const w = this.w;
    w.reset();
    w.byteValue(WAVEFORM_CODEC_VERSION);
    w.varint(Math.round(frame.sampleRate * 1000));
    w.byteValue(frame.leads.length);
    w.varint(n);
    w.varint(frame.firstSample);
    w.float32(frame.gain);
    w.varint(zigzag(frame.baseline));
    w.varint(frame.leadOff.length);
    let end = 0;
    for (const run of frame.leadOff) {
      w.varint(run.start - end);
      w.varint(run.length);
      end = run.start + run.length;
    }
    if (this.scratch.length < n) this.scratch = new Uint32Array(n);
    for (const x of frame.leads) {
      const p = chooseOrder(x);
      w.byteValue(p);
      for (let i = 0; i < p; i++) w.varint(zigzag(x[i]));
      const u = this.scratch;
      for (let i = p; i < n; i++) u[i - p] = zigzag(residual(x, i, p));
      writeRice(w, u, n - p);
      w.alignToByte();
    }
    return w.toBytes();
  }
}

/** Validates the frame; returns the samples per lead. */
function checkFrame(frame: WaveformFrame): number {
  const L = frame.leads.length;
  if (L < 1 || L > MAX_LEADS) throw new WaveformCodecError(`leads: 1..${MAX_LEADS} expected, got ${L}`);
  const n = frame.leads[0].length;
  if (!(frame.sampleRate > 0)) throw new WaveformCodecError(`sampleRate must be > 0 Hz, got ${frame.sampleRate}`);
  if (!Number.isSafeInteger(frame.firstSample) || frame.firstSample < 0) throw new WaveformCodecError(`firstSample must be an integer >= 0`);
  if (!Number.isInteger(frame.baseline) || Math.abs(frame.baseline) >= MAX_ABS_SAMPLE) throw new WaveformCodecError('baseline must be an integer adu value');
  for (const x of frame.leads) {
    if (x.length !== n) throw new WaveformCodecError('every lead of a frame must have the same number of samples');
    for (let i = 0; i < n; i++) {
      if (x[i] >= MAX_ABS_SAMPLE || x[i] <= -MAX_ABS_SAMPLE) throw new WaveformCodecError(`sample ${x[i]} out of range (|adu| < 2^20)`);
    }
  }
  let end = 0;
  for (const run of frame.leadOff) {
    if (!Number.isInteger(run.start) || !Number.isInteger(run.length) || run.start < end || run.length < 1 || run.start + run.length > n) {
      throw new WaveformCodecError('leadOff runs must be sorted, disjoint, non-empty and inside the frame');
    }
    end = run.start + run.length;
  }
  return n;
}

/** Decodes one frame; throws WaveformCodecError for a truncated or corrupt body. */
export function decodeWaveform(bytes: Uint8Array): WaveformFrame {
  try {
    return decode(new BitReader(bytes));
  } catch (err) {
    if (err instanceof WaveformCodecError) throw err;
    throw new WaveformCodecError((err as Error).message);
  }
}

function decode(r: BitReader): WaveformFrame {
  const version = r.byteValue();
  if (version !== WAVEFORM_CODEC_VERSION) throw new WaveformCodecError(`waveform codec version ${version} is not supported (1 is)`);
  const sampleRate = r.varint() / 1000;
  const L = r.byteValue();
  if (L < 1 || L > MAX_LEADS) throw new WaveformCodecError(`lead count ${L} out of range`);
  const n = r.varint();
  if (n > 1 << 24) throw new WaveformCodecError(`frame of ${n} samples is implausible`);
  const firstSample = r.varint();
  const gain = r.float32();
  const baseline = unzigzag(r.varint());
  const runs = r.varint();
  const leadOff: LeadOffRun[] = [];
  let end = 0;
  for (let i = 0; i < runs; i++) {
    const start = end + r.varint();
    const length = r.varint();
    if (start + length > n) throw new WaveformCodecError('lead-off run outside the frame');
    leadOff.push({ start, length });
    end = start + length;
  }
  const u = new Uint32Array(n);
  const leads: Int32Array[] = [];
  for (let l = 0; l < L; l++) {
    const p = r.byteValue();
    if (p > MAX_ORDER || p > n) throw new WaveformCodecError(`predictor order ${p} out of range`);
    const x = new Int32Array(n);
    for (let i = 0; i < p; i++) x[i] = unzigzag(r.varint());
    readRice(r, u, n - p);
    for (let i = p; i < n; i++) x[i] = unzigzag(u[i - p]) + predict(x, i, p);
    r.alignToByte();
    leads.push(x);
  }
  return { sampleRate, firstSample, gain, baseline, leads, leadOff };
}

function predict(x: Int32Array, i: number, p: number): number {
  switch (p) {
    case 0:
      return 0;
    case 1:
      return x[i - 1];
    case 2:
      return 2 * x[i - 1] - x[i - 2];
    default:
      return 3 * x[i - 1] - 3 * x[i - 2] + x[i - 3];
  }
}
