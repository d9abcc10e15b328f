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
  /** Band-passed signal (QRS band) of the last `mask + 1` samples, at index `sample & mask`. */
  readonly band: Float64Array;
  /** Integrated slope energy, in the same ring. */
  readonly energy: Float64Array;
  readonly mask: number;
  /** Integration window, samples. */
  readonly window: number;

  private readonly sections: Float64Array; // two [b0, b1, b2, a1, a2] sections
  private readonly z = new Float64Array(4); // their DF-II-T states
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

  constructor(sampleRate: number /* Hz */, historySamples: number) {
    this.sections = butterworthBandpass(2, BAND_LOW_HZ, BAND_HIGH_HZ, sampleRate);
    if (this.sections.length !== 10) throw new Error('LeadFeature: expected a two-section band-pass');
    this.window = Math.max(3, Math.round(INTEGRATION_S * sampleRate));
    this.ring = new Float64Array(this.window);
    // Rings indexed by absolute sample: the decider reads back up to its decision delay
    // without a copy per sample.
    let size = 1;
    while (size < historySamples) size <<= 1;
    this.mask = size - 1;
    this.band = new Float64Array(size);
    this.energy = new Float64Array(size);
  }

  /** Process `length` samples of `input` (mV; NaN allowed), the stream's samples `start`...`start + length - 1`. */
  process(input: ArrayLike<number>, offset: number, length: number, start: number): void {
    // One fused pass (gap hold, two band-pass sections, derivative, square, integration):
    // this is the detector's hot loop, and keeping every state in a local halves its cost
    // compared with one pass per stage. The band-pass is the Butterworth design of
    // filters/butterworth.ts, run in the same Direct Form II transposed as BiquadCascade.
    const band = this.band;
    const energy = this.energy;
    const ring = this.ring;
    const w = this.window;
    const mask = this.mask;
    const c = this.sections;
    const b10 = c[0], b11 = c[1], b12 = c[2], a11 = c[3], a12 = c[4];
    const b20 = c[5], b21 = c[6], b22 = c[7], a21 = c[8], a22 = c[9];
    const z = this.z;
    let z11 = z[0], z12 = z[1], z21 = z[2], z22 = z[3];
    let last = this.lastValid;
    let dc = this.offset;
    let d1 = this.d1, d2 = this.d2, d3 = this.d3, d4 = this.d4;
    let pos = this.ringPos;
    let sum = this.sum;
    let since = this.sinceResum;
    for (let i = 0; i < length; i++) {
      const x = input[offset + i];
      // A gap (NaN) or an infinite value holds the last good sample: a step to zero would
      // look like a QRS slope to the band-pass. Removing the first sample's level is the
      // band-pass's steady state for a signal that had always been there: no start-up
      // transient to mistake for a beat.
      if (x - x === 0) {
        if (dc !== dc) dc = x;
        last = x - dc;
      }
      const y1 = b10 * last + z11;
      z11 = b11 * last - a11 * y1 + z12;
      z12 = b12 * last - a12 * y1;
      const y = b20 * y1 + z21;
      z21 = b21 * y1 - a21 * y + z22;
      z22 = b22 * y1 - a22 * y;
      const k = (start + i) & mask;
      band[k] = y;
      const slope = 2 * y + d1 - d3 - 2 * d4;
      d4 = d3; d3 = d2; d2 = d1; d1 = y;
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
      energy[k] = sum > 0 ? sum : 0;
    }
    z[0] = z11; z[1] = z12; z[2] = z21; z[3] = z22;
    this.offset = dc;
    this.lastValid = last;
    this.d1 = d1; this.d2 = d2; this.d3 = d3; this.d4 = d4;
    this.ringPos = pos;
    this.sum = sum;
    this.sinceResum = since;
  }

  reset(): void {
    this.z.fill(0);
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
