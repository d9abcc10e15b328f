import { BiquadCascade } from '../filters/biquad.js';
import { butterworthBandpass } from '../filters/butterworth.js';

/**
 * The QRS energy feature of one lead, computed a block at a time:
 * band-pass (QRS band) -> five-point derivative -> square -> moving-window integration.
 *
 * Why this chain: the QRS complex is the only part of the ECG with most of its energy between
 * about 5 and 20 Hz and with steep slopes; squaring the slope makes every complex positive
 * whatever its polarity (ventricular beats are often inverted) and the integration window,
 * as long as a wide QRS, turns one complex into one hump.
 */
export class LeadFeature {
  /** Band-passed signal of the last block (QRS band), delayed by the filter's group delay. */
  readonly band: Float64Array;
  /** Integrated slope energy of the last block. */
  readonly energy: Float64Array;
  /** Integration window, samples. */
  readonly window: number;

  private readonly bandpass: BiquadCascade;
  private readonly ring: Float64Array; // last `window` squared slopes
  private ringPos = 0;
  private sum = 0;
  private sinceResum = 0;
  // five-point derivative history: band[n-1..n-4]
  private d1 = 0;
  private d2 = 0;
  private d3 = 0;
  private d4 = 0;
  private lastValid = 0;
  private offset = NaN; // first good sample, removed so the filters start settled
  private readonly clean: Float64Array;

  constructor(sampleRate: number /* Hz */, blockSize: number /* samples */) {
    this.bandpass = new BiquadCascade(butterworthBandpass(2, BAND_LOW_HZ, BAND_HIGH_HZ, sampleRate));
    this.window = Math.max(3, Math.round(INTEGRATION_S * sampleRate));
    this.ring = new Float64Array(this.window);
    this.band = new Float64Array(blockSize);
    this.energy = new Float64Array(blockSize);
    this.clean = new Float64Array(blockSize);
  }

  /** Process `length` samples of `input` (mV; NaN allowed) into `band` and `energy`. */
  process(input: ArrayLike<number>, offset: number, length: number): void {
    const clean = this.clean;
    let last = this.lastValid;
    let dc = this.offset;
    for (let i = 0; i < length; i++) {
      const x = input[offset + i];
      // A gap (NaN) or an infinite value holds the last good sample: a step to zero would
      // look like a QRS slope to the band-pass.
      if (x - x === 0) {
        // Removing the first sample's level is the band-pass's steady state for a signal
        // that had always been there: no start-up transient to mistake for a beat.
        if (dc !== dc) dc = x;
        last = x - dc;
      }
      clean[i] = last;
    }
    this.offset = dc;
    this.lastValid = last;
    this.bandpass.process(clean, this.band, length);
    this.integrate(length);
  }

  private integrate(length: number): void {
    const band = this.band;
    const energy = this.energy;
    const ring = this.ring;
    const w = this.window;
    let d1 = this.d1, d2 = this.d2, d3 = this.d3, d4 = this.d4;
    let pos = this.ringPos;
    let sum = this.sum;
    let since = this.sinceResum;
    for (let i = 0; i < length; i++) {
      const b = band[i];
      const slope = 2 * b + d1 - d3 - 2 * d4;
      d4 = d3; d3 = d2; d2 = d1; d1 = b;
      const e = slope * slope;
      sum += e - ring[pos];
      ring[pos] = e;
      if (++pos === w) pos = 0;
      // Adding and subtracting doubles drifts; re-summing once per window keeps the error at
      // one window's rounding, at O(1) amortised cost, and on a sample-index schedule so the
      // result does not depend on how the input was chunked.
      if (++since === w) {
        since = 0;
        sum = 0;
        for (let k = 0; k < w; k++) sum += ring[k];
      }
      energy[i] = sum > 0 ? sum : 0;
    }
    this.d1 = d1; this.d2 = d2; this.d3 = d3; this.d4 = d4;
    this.ringPos = pos;
    this.sum = sum;
    this.sinceResum = since;
  }

  reset(): void {
    this.bandpass.reset();
    this.ring.fill(0);
    this.ringPos = 0;
    this.sum = 0;
    this.sinceResum = 0;
    this.d1 = this.d2 = this.d3 = this.d4 = 0;
    this.lastValid = 0;
    this.offset = NaN;
  }
}

/** QRS band, Hz: wide enough for the narrow complexes of children and the slow slopes of wide ventricular beats. */
export const BAND_LOW_HZ = 5;
export const BAND_HIGH_HZ = 20;
/** Moving-window integration length, s: about the widest QRS complex. */
export const INTEGRATION_S = 0.15;
