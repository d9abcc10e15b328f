import { butterworthLowpass } from '../filters/butterworth.js';

/**
 * A second, deliberately different QRS detector, used only to measure beat agreement (bSQI).
 * It follows the length-transform idea of Zong, Moody and Jiang (wqrs, Computers in Cardiology
 * 2003) instead of Pan-Tompkins' band-pass + squared derivative + integrator:
 *
 *   y = 16 Hz low-pass of the ECG;  s[n] = (y[n] - y[n-1])·fs  (mV/s)
 *   L[n] = mean over the last 130 ms of ( sqrt(C² + s²) - C ),  C = 2 mV/s
 *
 * The curve length grows like s²/2C for the slow slopes of P, T and baseline wander and like
 * |s| for the steep QRS slopes, so it needs no band-pass above 5 Hz. A beat is a crossing of
 * L over a threshold (a third of the running mean of recent beat peaks of L), not within the
 * 250 ms refractory ("eye-closing") period; it is placed at the steepest slope inside the
 * crossing, which lies within a few tens of ms of the R peak (bSQI matches within 150 ms).
 *
 * Learning: the first 2 s set the first peak estimate; no beat is reported before `learnEnd`.
 * The peak estimate decays after 3 s without a beat (down to that of a 0.1 mV QRS) so a drop
 * in amplitude is followed.
 * Every beat is reported at most `maxDelay` samples after the sample it names. Non-finite
 * samples hold the last good one. Allocation-free after construction.
 */
/** Peak of L for a 0.1 mV QRS (measured on synth/): the peak estimate never sinks below it, so
 *  a flat line or asystole with ordinary baseline noise does not end up detecting the noise. */
const PEAK_FLOOR = 0.7;

export class CurveLengthDetector {
  /** Sample from which beats are reported (end of the learning period). */
  readonly learnEnd: number;
  /** Upper bound on (report time - beat sample), samples. */
  readonly maxDelay: number;
  private readonly fs: number;
  private readonly c: Float64Array;
  private z1 = 0;
  private z2 = 0;
  private prevY = 0;
  private last = 0;
  private offset = NaN;
  private readonly ring: Float64Array; // last `window` length increments
  private readonly slopes: Float64Array; // |s| over the same samples, to place the beat
  private pos = 0;
  private sum = 0;
  private sinceResum = 0;
  private readonly window: number;
  private readonly refractory: number;
  private readonly maxCrossing: number;
  private readonly filterDelay: number;
  private n = 0; // samples processed
  private peakMean = 0; // running mean of beat peaks of L
  private learnMax = 0;
  private inCrossing = false;
  private crossingStart = 0;
  private crossingPeak = 0;
  private bestSlope = -1;
  private bestAt = 0;
  private lastBeat = -Infinity;
  private readonly sink: number; // per-sample decay factor of the peak estimate

  constructor(sampleRate: number /* Hz */, private readonly onBeat: (sample: number) => void) {
    if (!(sampleRate >= 100 && sampleRate <= 2000)) throw new RangeError(`CurveLengthDetector: sampleRate ${sampleRate} Hz out of 100..2000`);
    this.fs = sampleRate;
    this.c = butterworthLowpass(2, 16, sampleRate); // a single section
    this.window = Math.max(3, Math.round(0.13 * sampleRate));
    this.ring = new Float64Array(this.window);
    this.slopes = new Float64Array(this.window);
    this.refractory = Math.round(0.25 * sampleRate);
    this.maxCrossing = Math.round(0.2 * sampleRate);
    // Group delay of the 2nd-order Butterworth low-pass near DC: √2 / (2π·16 Hz) ≈ 14 ms.
    this.filterDelay = Math.round((Math.SQRT2 / (2 * Math.PI * 16)) * sampleRate);
    this.learnEnd = Math.round(2 * sampleRate);
    this.maxDelay = this.window + this.maxCrossing + this.filterDelay + 1;
    this.sink = Math.pow(0.5, 1 / (2 * sampleRate));
  }

  push(input: ArrayLike<number>, offset = 0, length = input.length - offset): void {
    const c = this.c;
    const fs = this.fs;
    const C = 2; // mV/s
    for (let i = 0; i < length; i++) {
      const x = input[offset + i];
      if (x - x === 0) {
        if (this.offset !== this.offset) this.offset = x;
        this.last = x - this.offset;
      }
      const v = this.last;
      const y = c[0] * v + this.z1; // one second-order section, DF-II transposed
      this.z1 = c[1] * v - c[3] * y + this.z2;
      this.z2 = c[2] * v - c[4] * y;
      const s = (y - this.prevY) * fs;
      this.prevY = y;
      const inc = Math.sqrt(C * C + s * s) - C;
      this.sum += inc - this.ring[this.pos];
      this.ring[this.pos] = inc;
      this.slopes[this.pos] = Math.abs(s);
      if (++this.pos === this.window) this.pos = 0;
      if (++this.sinceResum === 4096) this.resum();
      this.decide();
      this.n++;
    }
  }

  /** Ends the stream: a crossing still open is reported. */
  flush(): void {
    if (this.inCrossing) this.report();
  }

  private resum(): void {
    this.sinceResum = 0;
    let s = 0;
    for (let k = 0; k < this.window; k++) s += this.ring[k];
    this.sum = s;
  }

  /** Judges the curve length now in the window; no argument, so no double is boxed per sample. */
  private decide(): void {
    const L = this.sum / this.window;
    const n = this.n;
    if (n < this.learnEnd) {
      if (L > this.learnMax) this.learnMax = L;
      if (n === this.learnEnd - 1) this.peakMean = Math.max(this.learnMax, PEAK_FLOOR);
      return;
    }
    const threshold = this.peakMean / 3;
    if (this.inCrossing) {
      if (L > this.crossingPeak) this.crossingPeak = L;
      const s = this.slopes[(this.pos + this.window - 1) % this.window];
      if (s > this.bestSlope) {
        this.bestSlope = s;
        this.bestAt = n;
      }
      if (L < threshold || n - this.crossingStart >= this.maxCrossing) this.report();
      return;
    }
    if (L > threshold && n - this.lastBeat > this.refractory && threshold > 0) {
      this.inCrossing = true;
      this.crossingStart = n;
      this.crossingPeak = L;
      // The steepest slope may precede the crossing: look back over the window.
      this.bestSlope = -1;
      for (let k = 0; k < this.window; k++) {
        const idx = (this.pos + k) % this.window; // oldest first
        const s = this.slopes[idx];
        if (s > this.bestSlope) {
          this.bestSlope = s;
          this.bestAt = n - this.window + 1 + k;
        }
      }
      return;
    }
    // No beat for 3 s: let the peak estimate sink (halves in about 2 s) so the threshold follows a weaker signal.
    if (n - this.lastBeat > 3 * this.fs && this.peakMean > PEAK_FLOOR) this.peakMean *= this.sink;
  }

  private report(): void {
    this.inCrossing = false;
    this.peakMean += (this.crossingPeak - this.peakMean) / 8;
    const at = this.bestAt - this.filterDelay;
    this.lastBeat = this.bestAt;
    if (at >= this.learnEnd) this.onBeat(at);
  }
}
