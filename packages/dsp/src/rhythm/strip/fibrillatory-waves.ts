import { BiquadCascade } from '../../filters/biquad.js';
import { butterworthBandpass } from '../../filters/butterworth.js';
import { DspParameterError, requirePositive } from '../../filters/errors.js';
import type { SampleArray } from '../../filters/stream.js';
import type { BeatLabel } from '../types.js';

export interface FibrillatoryWavesOptions {
  sampleRate: number; // Hz
  /** Signal kept for late beats, s (a beat is given once POST_S after its R peak is pushed). Default 4. */
  historySeconds?: number;
}

/**
 * The atrial band: fibrillatory waves run at 4-9 Hz (atrial cycle 110-250 ms; Bollmann 2006,
 * Stridh & Sörnmo 2001). The wide band (1-40 Hz) is the reference it is compared with, so the
 * measure does not depend on the lead's gain: muscle noise and residual QRS spread over the wide
 * band, f waves sit in the atrial one.
 */
const ATRIAL_LOW_HZ = 4;
const ATRIAL_HIGH_HZ = 9;
const WIDE_LOW_HZ = 1;
const WIDE_HIGH_HZ = 40;
/** Average-beat window around R, s: P wave (≤ 0.3 s before R) to T end (≤ 0.45 s after at rest). */
const PRE_S = 0.3;
export const POST_S = 0.45; // s
/** Around each R the residual of a slightly misaligned QRS dwarfs any f wave: not measured. */
const QRS_GUARD_S = 0.08;
/** The average beat is a running mean over at most this many beats (follows slow changes). */
const MAX_TEMPLATE_BEATS = 16;
/** Beats in the average before an interval is measured. */
const MIN_TEMPLATE_BEATS = 4;
const BLOCK = 256; // samples filtered per pass
/**
 * A beat's QRS (R ± QRS_GUARD_S, wide band) matches the average beat at this correlation: beats
 * conducted the same way (sinus, AF) match at 0.9-1 whatever the rhythm; "beats" a detector
 * finds in noise, and ventricular beats, do not.
 */
const QRS_MATCH = 0.8;

/**
 * Fibrillatory-wave evidence by average-beat subtraction (QRST cancellation, Slocum 1992;
 * Rieta 2004), streaming, one lead: the lead is split into an atrial band (4-9 Hz) and a wide
 * band (1-40 Hz); for each band a running average beat (P-QRS-T, R-aligned) is subtracted from
 * every interval between two QRS complexes, and the energy left is summed. In sinus rhythm the P
 * wave comes at a fixed distance before each QRS, so the average beat holds it and little is
 * left; in AF the f waves are unrelated to the QRS, average out of the template and stay in the
 * residual, in the atrial band. Subtracting in each band separately is the same as filtering the
 * residual (both are linear), and the QRS's filter ringing is cancelled with the QRS.
 *
 * Input: `push` the lead in any chunks, then `beat(r, label)` for each beat once POST_S (0.45 s)
 * after its R peak has been pushed. 'V' and 'Q' beats are not averaged and the intervals next to
 * them are not measured. The sums depend only on the samples and beats, not on the chunk sizes;
 * nothing is allocated after construction.
 */
export class FibrillatoryWaves {
  readonly sampleRate: number; // Hz
  private readonly atrialFilter: BiquadCascade;
  private readonly wideFilter: BiquadCascade;
  private readonly blockA = new Float64Array(BLOCK);
  private readonly blockW = new Float64Array(BLOCK);
  private readonly ringA: Float64Array; // atrial-band signal
  private readonly ringW: Float64Array; // wide-band signal
  private readonly ringBad: Float64Array; // last non-finite sample at or before each sample
  private readonly pre: number; // samples
  private readonly post: number; // samples
  private readonly guard: number; // samples
  private readonly templateA: Float64Array; // index 0 = R - pre
  private readonly templateW: Float64Array;
  private templateBeats = 0;
  private pushed = 0;
  private lastBad = -Infinity; // last non-finite sample pushed
  private prevBeat = Number.NaN;
  private prevUsable = false; // previous beat neither V nor Q
  private atrialEnergy = 0; // mV² · samples, residual in the atrial band
  private wideEnergy = 0; // mV² · samples, residual in the wide band
  private measured = 0; // samples measured
  private atrialRaw = 0; // mV² · samples, atrial band before subtraction
  private wideRaw = 0; // mV² · samples, wide band before subtraction
  private pAtrialEnergy = 0; // atrial-band residual in the P-wave window (PRE_S before R)
  private pAtrialRaw = 0; // and before subtraction
  private qrsScored = 0; // beats whose QRS was compared with the average beat's
  private qrsMatched = 0; // of those, correlating >= QRS_MATCH

  constructor(opts: FibrillatoryWavesOptions) {
    const fs = opts.sampleRate;
    requirePositive('sampleRate', fs);
    const history = opts.historySeconds ?? 4;
    requirePositive('historySeconds', history);
    this.sampleRate = fs;
    this.atrialFilter = new BiquadCascade(butterworthBandpass(2, ATRIAL_LOW_HZ, ATRIAL_HIGH_HZ, fs));
    this.wideFilter = new BiquadCascade(butterworthBandpass(2, WIDE_LOW_HZ, Math.min(WIDE_HIGH_HZ, 0.45 * fs), fs));
    this.pre = Math.round(PRE_S * fs);
    this.post = Math.round(POST_S * fs);
    this.guard = Math.round(QRS_GUARD_S * fs);
    const ring = Math.ceil(history * fs) + this.pre + this.post;
    this.ringA = new Float64Array(ring);
    this.ringW = new Float64Array(ring);
    this.ringBad = new Float64Array(ring).fill(-Infinity);
    this.templateA = new Float64Array(this.pre + this.post + 1);
    this.templateW = new Float64Array(this.pre + this.post + 1);
  }

  /** Samples pushed so far. */
  get samples(): number {
    return this.pushed;
  }

  /** Intervals' samples measured so far. */
  get measuredSamples(): number {
    return this.measured;
  }

  /** RMS of the atrial-band residual between QRS complexes, mV (NaN before any interval was measured). */
  get atrialRms(): number {
    return this.measured > 0 ? Math.sqrt(this.atrialEnergy / this.measured) : Number.NaN;
  }

  /** Share (0-1) of the residual's wide-band energy that lies in the atrial band (NaN before any). */
  get atrialShare(): number {
    return this.wideEnergy > 0 ? this.atrialEnergy / this.wideEnergy : Number.NaN;
  }

  /**
   * Share (0-1) of the atrial-band energy between QRS complexes that the average beat does not
   * explain: P and T waves are time-locked to the QRS and cancel, f waves are not and stay.
   */
  get atrialUnexplained(): number {
    return this.atrialRaw > 0 ? this.atrialEnergy / this.atrialRaw : Number.NaN;
  }

  /** The same over the wide band. */
  get wideUnexplained(): number {
    return this.wideRaw > 0 ? this.wideEnergy / this.wideRaw : Number.NaN;
  }

  /** The atrial-band share unexplained in the P-wave window only (PRE_S before each R). */
  get pWindowUnexplained(): number {
    return this.pAtrialRaw > 0 ? this.pAtrialEnergy / this.pAtrialRaw : Number.NaN;
  }

  /** Share (0-1) of the beats compared whose QRS matches the average beat's (NaN before any). */
  get qrsMatchShare(): number {
    return this.qrsScored > 0 ? this.qrsMatched / this.qrsScored : Number.NaN;
  }

  /** Peak-to-peak of the wide-band average beat, mV: the QRS amplitude f waves are compared with. */
  get beatAmplitude(): number {
    if (this.templateBeats === 0) return Number.NaN;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = this.pre - this.guard; i <= this.pre + this.guard; i++) {
      lo = Math.min(lo, this.templateW[i]);
      hi = Math.max(hi, this.templateW[i]);
    }
    return hi - lo;
  }

  /** Next samples of the lead, mV. Non-finite samples leave the intervals around them unmeasured. */
  push(chunk: SampleArray): void {
    const len = this.ringA.length;
    for (let at = 0; at < chunk.length; at += BLOCK) {
      const n = Math.min(BLOCK, chunk.length - at);
      const part = chunk.subarray(at, at + n);
      this.atrialFilter.process(part, this.blockA, n);
      this.wideFilter.process(part, this.blockW, n);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(part[i])) this.lastBad = this.pushed + i;
        const k = (this.pushed + i) % len;
        this.ringA[k] = this.blockA[i];
        this.ringW[k] = this.blockW[i];
        this.ringBad[k] = this.lastBad;
      }
      this.pushed += n;
    }
  }

  /**
   * The beat whose R peak is at `sample` (beats in time order, POST_S after the peak already
   * pushed). Measures the interval since the previous beat, then averages the previous beat in.
   */
  beat(sample: number, label?: BeatLabel): void {
    if (!Number.isInteger(sample) || sample + this.post >= this.pushed || sample <= this.prevBeat) {
      throw new DspParameterError('sample', sample, `expected an integer beat after ${this.prevBeat} with ${POST_S} s pushed after it (${this.pushed} pushed)`);
    }
    const usable = label !== 'V' && label !== 'Q';
    const prev = this.prevBeat;
    const oldest = this.pushed - this.ringA.length;
    // every sample used (prev's window and the interval) present and finite
    const end = Math.max(sample, prev + this.post);
    const inHistory = prev === prev && prev - this.pre >= Math.max(0, oldest) && this.ringBad[end % this.ringBad.length] < prev - this.pre;
    if (inHistory && this.prevUsable && usable && this.templateBeats >= MIN_TEMPLATE_BEATS) this.measure(prev, sample);
    if (inHistory && this.prevUsable) this.learn(prev);
    this.compareQrs(sample);
    this.prevBeat = sample;
    this.prevUsable = usable;
  }

  /** Forgets the signal, the average beat and the sums (a new patient or a lead change). */
  reset(): void {
    this.atrialFilter.reset();
    this.wideFilter.reset();
    this.ringA.fill(0);
    this.ringW.fill(0);
    this.ringBad.fill(-Infinity);
    this.templateA.fill(0);
    this.templateW.fill(0);
    this.templateBeats = 0;
    this.pushed = 0;
    this.lastBad = -Infinity;
    this.prevBeat = Number.NaN;
    this.prevUsable = false;
    this.atrialEnergy = 0;
    this.wideEnergy = 0;
    this.measured = 0;
    this.atrialRaw = 0;
    this.wideRaw = 0;
    this.pAtrialEnergy = 0;
    this.pAtrialRaw = 0;
    this.qrsScored = 0;
    this.qrsMatched = 0;
  }

  /**
   * Residual energy between two QRS complexes: each sample is explained by the nearer beat's
   * average (the previous beat's T-wave side for the first 60% of the interval, the next beat's
   * P-wave side after), outside the QRS guards.
   */
  private measure(a: number, b: number): void {
    const len = this.ringA.length;
    const split = a + Math.round(0.6 * (b - a));
    for (let s = a + this.guard; s < b - this.guard; s++) {
      const k = s < split ? s - a + this.pre : s - b + this.pre;
      const inside = k >= 0 && k < this.templateA.length;
      const xa = this.ringA[s % len];
      const xw = this.ringW[s % len];
      const ra = xa - (inside ? this.templateA[k] : 0);
      const rw = xw - (inside ? this.templateW[k] : 0);
      this.atrialEnergy += ra * ra;
      this.wideEnergy += rw * rw;
      this.atrialRaw += xa * xa;
      this.wideRaw += xw * xw;
      if (s >= b - this.pre) {
        this.pAtrialEnergy += ra * ra;
        this.pAtrialRaw += xa * xa;
      }
      this.measured++;
    }
  }

  /** Correlates the beat's QRS with the average beat's, every beat whatever its label. */
  private compareQrs(r: number): void {
    const len = this.ringW.length;
    const from = r - this.guard;
    const to = r + this.guard;
    if (this.templateBeats < MIN_TEMPLATE_BEATS || from < Math.max(0, this.pushed - len) || this.ringBad[to % len] >= from) return;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    const n = to - from + 1;
    for (let s = from, k = this.pre - this.guard; s <= to; s++, k++) {
      const x = this.ringW[s % len];
      const y = this.templateW[k];
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    const cov = sxy - (sx * sy) / n;
    const den = Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    this.qrsScored++;
    if (den > 0 && cov / den >= QRS_MATCH) this.qrsMatched++;
  }

  private learn(r: number): void {
    const len = this.ringA.length;
    const w = 1 / Math.min(this.templateBeats + 1, MAX_TEMPLATE_BEATS);
    for (let i = 0; i < this.templateA.length; i++) {
      const s = (r - this.pre + i) % len;
      this.templateA[i] += w * (this.ringA[s] - this.templateA[i]);
      this.templateW[i] += w * (this.ringW[s] - this.templateW[i]);
    }
    this.templateBeats++;
  }
}
