import { DspParameterError } from '../filters/errors.js';
import type { SampleArray } from '../filters/stream.js';
import { kaiserBeta, kaiserLength, kaiserLowpass } from './kaiser.js';
import { rationalRatio } from './ratio.js';

/** Options for {@link RationalResampler}. */
export interface ResamplerOptions {
  /** Input sample rate, Hz. */
  fromHz: number;
  /** Output sample rate, Hz. */
  toHz: number;
  /** Stopband attenuation of the anti-alias/anti-image filter, dB (default 80, ≈ a 13-bit ADC). */
  stopbandDb?: number;
  /** Passband edge as a fraction of the lower of the two Nyquist frequencies (default 0.8).
   *  The stopband starts at that Nyquist, so nothing above it aliases. */
  passbandFraction?: number;
}

/**
 * Streaming rational resampler by up/down = toHz/fromHz in lowest terms (polyphase,
 * Kaiser-windowed sinc at up × fromHz; passband to 0.8 and stopband from 1.0 of the lower
 * Nyquist, 80 dB by default: e.g. 360 → 128 Hz keeps 0-51 Hz and stops 64 Hz and up).
 *
 * Timing: output sample m stands for time m / toHz s, the same origin as input sample 0 — the
 * filter's group delay is compensated inside, so indices map by {@link mapSampleIndex} alone.
 * The price is latency: output m is emitted once input ⌊(m·down + G) / up⌋ has arrived,
 * G = (taps - 1) / 2, i.e. `latencySeconds` ≈ G / (up · fromHz) later than real time.
 * Edges: before the first sample the signal is taken to equal the first sample, and `flush`
 * extends it with the last one, so a DC offset causes no edge transient.
 *
 * NaN/±Infinity input enters the filter as 0 (the state is never poisoned) and every output
 * whose filter window touched it is NaN, so gaps stay visible and are widened by about the
 * filter span (`tapsPerPhase` input samples). The output is identical whatever the chunk sizes.
 */
export class RationalResampler {
  readonly fromHz: number;
  readonly toHz: number;
  /** Interpolation factor L. */
  readonly up: number;
  /** Decimation factor M. */
  readonly down: number;
  /** Prototype filter length at up × fromHz, taps (odd). */
  readonly taps: number;
  /** Input samples each output is computed from, K = ⌈taps / up⌉. */
  readonly tapsPerPhase: number;
  /** Time between an input arriving and the outputs it completes, seconds (G / (up·fromHz)). */
  readonly latencySeconds: number;
  /** Polyphase table: phase p at [p·K, p·K + K), oldest input first. */
  private readonly table: Float64Array;
  /** Input history, written twice (at w and w+K) so every window is contiguous. */
  private readonly history: Float64Array;
  private readonly groupDelay: number;
  private write = 0;
  private offset = 0; // next output's upsampled time minus next input's (n·up)
  private cleanAge = 0; // inputs since the last non-finite one, capped at K
  private last = 0;
  private inputCount = 0;
  private outputCount = 0;
  private readonly one = new Float64Array(1);
  private readonly scratch: Float64Array;
  private ended = false;

  constructor(options: ResamplerOptions) {
    const { fromHz, toHz, stopbandDb = 80, passbandFraction = 0.8 } = options;
    const { up, down } = rationalRatio(fromHz, toHz);
    if (!(stopbandDb >= 21 && stopbandDb <= 200)) throw new DspParameterError('stopbandDb', stopbandDb, 'expected 21..200 dB');
    if (!(passbandFraction > 0.1 && passbandFraction < 1)) {
      throw new DspParameterError('passbandFraction', passbandFraction, 'expected 0.1 < passbandFraction < 1');
    }
    this.fromHz = fromHz;
    this.toHz = toHz;
    this.up = up;
    this.down = down;
    const upRate = up * fromHz;
    const nyquist = Math.min(fromHz, toHz) / 2;
    const pass = passbandFraction * nyquist;
    this.taps = kaiserLength(stopbandDb, (nyquist - pass) / upRate);
    const h = kaiserLowpass(this.taps, (pass + nyquist) / 2 / upRate, kaiserBeta(stopbandDb));
    const K = Math.ceil(this.taps / up);
    this.tapsPerPhase = K;
    this.table = new Float64Array(up * K);
    for (let p = 0; p < up; p++) {
      let sum = 0;
      for (let j = 0; j < K; j++) {
        const k = p + (K - 1 - j) * up;
        this.table[p * K + j] = k < this.taps ? h[k] : 0;
        sum += this.table[p * K + j];
      }
      // Each phase sums to exactly 1 so DC passes unchanged on every output.
      for (let j = 0; j < K; j++) this.table[p * K + j] /= sum;
    }
    this.groupDelay = (this.taps - 1) / 2;
    this.latencySeconds = this.groupDelay / upRate;
    this.history = new Float64Array(2 * K);
    this.scratch = new Float64Array(Math.ceil(up / down));
    this.reset();
  }

  /** Exactly how many outputs `process` will write for the next `inputLength` samples. */
  outputLengthFor(inputLength: number): number {
    return Math.max(0, Math.ceil((inputLength * this.up - this.offset) / this.down));
  }

  /** Upper bound of `outputLengthFor` whatever the state: ⌈inputLength · up / down⌉. */
  maxOutputLength(inputLength: number): number {
    return Math.ceil((inputLength * this.up) / this.down);
  }

  /** Outputs `flush` will write: those up to the end of the input's duration, ⌈n·up/down⌉ in all. */
  get pendingFlushLength(): number {
    return Math.ceil((this.inputCount * this.up) / this.down) - this.outputCount;
  }

  /**
   * Consumes `input[0..length)` and writes the completed outputs to `output` from index 0;
   * returns how many (see `outputLengthFor`). `output` must not overlap `input`.
   */
  process(input: SampleArray, output: Float64Array, length: number = input.length): number {
    if (!(Number.isInteger(length) && length >= 0 && length <= input.length)) {
      throw new RangeError(`length ${length} must be an integer in [0, input.length=${input.length}]`);
    }
    const needed = this.outputLengthFor(length);
    if (output.length < needed) throw new RangeError(`output holds ${output.length} samples; this chunk makes ${needed}`);
    if ((output as SampleArray) === input) throw new RangeError('output must not be the input array');
    if (this.ended) throw new RangeError('the stream was flushed; call reset() before processing a new one');
    if (length > 0 && this.inputCount === 0) this.history.fill(finiteOr0(input[0]));
    this.inputCount += length;
    return this.run(input, length, output, 0);
  }

  /**
   * Ends the stream: writes the outputs still owed up to ⌈n·up/down⌉ (n = inputs seen),
   * computed by holding the last input value; returns how many. Call `reset()` to reuse.
   */
  flush(output: Float64Array): number {
    if (this.ended) return 0;
    const owed = this.pendingFlushLength;
    if (output.length < owed) throw new RangeError(`output holds ${output.length} samples; flush makes ${owed}`);
    this.one[0] = this.last;
    let written = 0;
    while (written < owed) {
      const made = this.run(this.one, 1, this.scratch, 0);
      for (let i = 0; i < made && written < owed; i++) output[written++] = this.scratch[i];
    }
    this.ended = true;
    return owed;
  }

  /** Forgets all input: the next sample starts a new stream at time 0. */
  reset(): void {
    this.history.fill(0);
    this.write = 0;
    this.offset = this.groupDelay; // output 0 at upsampled time G: time 0 after the filter's delay
    this.cleanAge = this.tapsPerPhase;
    this.last = 0;
    this.inputCount = 0;
    this.outputCount = 0;
    this.ended = false;
  }

  /** The polyphase loop: consumes `length` inputs, writes the outputs they complete from `output[at]`. */
  private run(input: SampleArray, length: number, output: Float64Array, at: number): number {
    const K = this.tapsPerPhase, up = this.up, down = this.down;
    const table = this.table, history = this.history;
    let write = this.write, offset = this.offset, cleanAge = this.cleanAge, last = this.last;
    let o = at;
    for (let i = 0; i < length; i++) {
      let x = input[i];
      if (x - x !== 0) {
        x = 0;
        cleanAge = 0;
      } else {
        last = x;
        if (cleanAge < K) cleanAge++;
      }
      if (++write === K) write = 0;
      history[write] = x;
      history[write + K] = x;
      // The window is history[write+1 .. write+K], newest last.
      for (; offset < up; offset += down) {
        if (cleanAge < K) {
          output[o++] = NaN;
          continue;
        }
        const base = offset * K;
        let sum = 0;
        for (let j = 0; j < K; j++) sum += table[base + j] * history[write + 1 + j];
        output[o++] = sum;
      }
      offset -= up;
    }
    this.write = write;
    this.offset = offset;
    this.cleanAge = cleanAge;
    this.last = last;
    this.outputCount += o - at;
    return o - at;
  }
}

function finiteOr0(x: number): number {
  return x - x === 0 ? x : 0;
}
