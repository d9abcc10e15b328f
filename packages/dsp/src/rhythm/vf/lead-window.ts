import { BiquadCascade } from '../../filters/biquad.js';
import { butterworthBandpass } from '../../filters/butterworth.js';
import type { SampleArray } from '../../filters/stream.js';

/** Band of the analysis, Hz: drops baseline wander below and mains/muscle noise above. */
export const ANALYSIS_LOW_HZ = 1;
export const ANALYSIS_HIGH_HZ = 30;
/**
 * Longest run of non-finite samples bridged by holding the last finite value, s. WFDB marks a
 * sample at the ADC's lowest code as invalid, so a large VF wave that saturates the converter
 * reads as a few NaN samples (cudb: runs of ~15-60 ms in cu09, cu11, cu23, cu25, at -5.12 mV).
 * That is clipping, not a gap: holding the rail value keeps the wave's shape. Lead-off and
 * dropped frames last far longer than this and still refuse the window.
 */
export const MAX_BRIDGE_SECONDS = 0.25;
const BLOCK = 256; // samples filtered per pass

/**
 * One lead's trailing window of band-passed ECG, kept in a ring so each decision copies it out
 * in time order without allocating. Short non-finite runs are bridged (MAX_BRIDGE_SECONDS);
 * longer ones are remembered, and a window that holds one is not analysed, because a gap is not
 * a rhythm.
 */
export class LeadWindow {
  private readonly filter: BiquadCascade;
  private readonly ring: Float64Array;
  private readonly input = new Float64Array(BLOCK);
  private readonly block = new Float64Array(BLOCK);
  private written = 0; // samples pushed so far
  private lastInvalid = -1; // index of the most recent sample of a gap too long to bridge
  private held = 0; // last finite sample, mV
  private nanRun = 0; // length of the current run of non-finite samples
  /** Samples after a gap during which the filter is still ringing from it. */
  private readonly settle: number;
  private readonly maxBridge: number; // samples

  constructor(
    sampleRate: number, // Hz
    readonly length: number, // samples per window
  ) {
    this.settle = Math.round(sampleRate); // 1 s: the 1 Hz high-pass decays by then
    this.maxBridge = Math.round(MAX_BRIDGE_SECONDS * sampleRate);
    this.filter = new BiquadCascade(butterworthBandpass(2, ANALYSIS_LOW_HZ, ANALYSIS_HIGH_HZ, sampleRate));
    this.ring = new Float64Array(length);
  }

  /** Filters input[from..to) into the ring. */
  push(input: SampleArray, from: number, to: number): void {
    for (let start = from; start < to; start += BLOCK) {
      const n = Math.min(BLOCK, to - start);
      for (let i = 0; i < n; i++) {
        const v = input[start + i];
        if (Number.isFinite(v)) {
          this.held = v;
          this.nanRun = 0;
        } else if (++this.nanRun > this.maxBridge) {
          this.lastInvalid = this.written + i;
        }
        this.input[i] = this.held;
      }
      this.filter.process(this.input, this.block, n);
      for (let i = 0; i < n; i++) {
        this.ring[this.written % this.length] = this.block[i];
        this.written++;
      }
    }
  }

  /** True when the last `length` samples, and the settling second before them, hold no long gap. */
  get valid(): boolean {
    return this.written >= this.length && this.lastInvalid < this.written - this.length - this.settle;
  }

  /** Copies the window, oldest sample first, into out[0..length). */
  copyTo(out: Float64Array): void {
    // Index loops, not subarray views: this runs twice a second per lead and views are objects.
    const n = this.length;
    const head = this.written % n;
    for (let i = head; i < n; i++) out[i - head] = this.ring[i];
    for (let i = 0; i < head; i++) out[n - head + i] = this.ring[i];
  }
}
