import { BiquadCascade } from '../../filters/biquad.js';
import { butterworthBandpass } from '../../filters/butterworth.js';
import type { SampleArray } from '../../filters/stream.js';

/** Band of the analysis, Hz: drops baseline wander below and mains/muscle noise above. */
export const ANALYSIS_LOW_HZ = 1;
export const ANALYSIS_HIGH_HZ = 30;
const BLOCK = 256; // samples filtered per pass

/**
 * One lead's trailing window of band-passed ECG, kept in a ring so each decision copies it out
 * in time order without allocating. Non-finite samples (NaN gaps, lead off) are remembered:
 * a window that holds one is not analysed, because a gap is not a rhythm.
 */
export class LeadWindow {
  private readonly filter: BiquadCascade;
  private readonly ring: Float64Array;
  private readonly block = new Float64Array(BLOCK);
  private written = 0; // samples pushed so far
  private lastInvalid = -1; // index of the most recent non-finite sample

  /** Samples after a gap during which the filter is still ringing from it. */
  private readonly settle: number;

  constructor(
    sampleRate: number, // Hz
    readonly length: number, // samples per window
  ) {
    this.settle = Math.round(sampleRate); // 1 s: the 1 Hz high-pass decays by then
    this.filter = new BiquadCascade(butterworthBandpass(2, ANALYSIS_LOW_HZ, ANALYSIS_HIGH_HZ, sampleRate));
    this.ring = new Float64Array(length);
  }

  /** Filters input[from..to) into the ring. */
  push(input: SampleArray, from: number, to: number): void {
    for (let start = from; start < to; start += BLOCK) {
      const n = Math.min(BLOCK, to - start);
      const view = input.subarray(start, start + n);
      this.filter.process(view, this.block, n);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(view[i])) this.lastInvalid = this.written;
        this.ring[this.written % this.length] = this.block[i];
        this.written++;
      }
    }
  }

  /** True when the last `length` samples, and the settling second before them, are all finite. */
  get valid(): boolean {
    return this.written >= this.length && this.lastInvalid < this.written - this.length - this.settle;
  }

  /** Copies the window, oldest sample first, into out[0..length). */
  copyTo(out: Float64Array): void {
    const head = this.written % this.length;
    out.set(this.ring.subarray(head), 0);
    out.set(this.ring.subarray(0, head), this.length - head);
  }
}
