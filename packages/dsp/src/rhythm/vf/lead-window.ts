import { BiquadCascade } from '../../filters/biquad.js';
import { butterworthBandpass } from '../../filters/butterworth.js';
import { mainsNotchesBelowNyquist } from '../../filters/notch.js';
import type { SampleArray } from '../../filters/stream.js';
import { RationalResampler } from '../../resample/rationalResampler.js';
import { MAX_RATIO_TERM } from '../../resample/ratio.js';

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
 * Rate the window is analysed at, Hz, whatever the device's: every feature of window-features.ts
 * is then measured on the same grid. Lempel-Ziv complexity and the phase-space fill count
 * samples, so on the raw grid the same VF read differently at other rates (vfdb resampled to
 * 125 Hz: VF Se 62 % against 94 % at 250 Hz; at 500 Hz asystole Sp 70 %; bench rhythm --parts
 * vf-rates). 250 Hz is vfdb's and cudb's own rate, where the model learnt VF; the resampler passes
 * 0.8 of the lower Nyquist, 50 Hz even from a 125 Hz input, well above the 30 Hz band.
 */
export const ANALYSIS_RATE_HZ = 250;
const MAINS_HZ = [50, 60]; // Hz; the local mains is not known

/**
 * The analysis filter at `rate`: the 1-30 Hz band-pass, then notches at 50 and 60 Hz (the mains
 * is not known; each notch is ~2 Hz wide, Q 30). The band-pass alone leaves a third of the hum's
 * amplitude at 50 Hz, and hum is what a loose electrode in a badly earthed room picks up: 1 mV of
 * it on mitdb 119 opened an urgent VFIB episode.
 */
function analysisSections(rate: number): number[] {
  return [...butterworthBandpass(2, ANALYSIS_LOW_HZ, ANALYSIS_HIGH_HZ, rate), ...mainsNotchesBelowNyquist(MAINS_HZ, rate)];
}

/** How a lead reaches the analysis grid: the rate its resampler is designed for, and the grid's rate. */
export interface AnalysisGrid {
  designHz: number; // the lead's rate as the resampler takes it (whole millihertz)
  analysisHz: number; // rate of the window the features see, Hz
}

/**
 * The grid a lead of `sampleRate` is analysed on: exactly ANALYSIS_RATE_HZ where the ratio of the
 * two reduces to terms the resampler takes (<= MAX_RATIO_TERM: 125, 128, 256, 360, 500, 512, 1000,
 * 2000 Hz...), else the nearest rate within 5 % it can reach (1234.5 Hz: 250.192), a rate that is
 * not whole millihertz being designed as its whole hertz (0.1 % off at 333.3333 Hz). null: no
 * resampling, the lead already runs at ANALYSIS_RATE_HZ or no such rate exists, and the features
 * are then measured on the lead's own grid.
 */
export function analysisGrid(sampleRate: number): AnalysisGrid | null {
  if (sampleRate === ANALYSIS_RATE_HZ) return null;
  const milli = sampleRate * 1000;
  const designHz = Math.abs(Math.round(milli) - milli) < 1e-6 ? sampleRate : Math.round(sampleRate);
  const a = Math.round(designHz * 1000); // mHz
  let best = Number.NaN;
  for (let down = 1; down <= MAX_RATIO_TERM; down++) {
    const up = Math.round((ANALYSIS_RATE_HZ * down) / designHz);
    if (up < 1 || up > MAX_RATIO_TERM || (a * up) % down !== 0) continue; // the grid must be whole millihertz too
    const to = (a * up) / down / 1000;
    if (!(Math.abs(to - ANALYSIS_RATE_HZ) >= Math.abs(best - ANALYSIS_RATE_HZ))) best = to;
    if (to === ANALYSIS_RATE_HZ) break;
  }
  return Math.abs(best - ANALYSIS_RATE_HZ) <= 0.05 * ANALYSIS_RATE_HZ ? { designHz, analysisHz: best } : null;
}

/**
 * One lead's trailing window of band-passed ECG at ANALYSIS_RATE_HZ, kept in a ring so each
 * decision copies it out in time order without allocating. The lead is resampled to the analysis
 * rate (RationalResampler, ~0.1 s of latency) unless it already runs at it, then band-passed and
 * notched there (analysisSections), so the filter's response is the same whatever the device's rate. Short non-finite runs are bridged (MAX_BRIDGE_SECONDS); longer ones are
 * remembered, and a window that holds one is not analysed, because a gap is not a rhythm.
 */
export class LeadWindow {
  /** Samples per window on the analysis grid (analysisGrid). */
  readonly length: number;
  private readonly filter: BiquadCascade;
  private readonly resampler: RationalResampler | null;
  private readonly ring: Float64Array;
  private readonly input = new Float64Array(BLOCK);
  private readonly block: Float64Array; // band-passed, analysis rate
  private readonly resampled: Float64Array;
  private readonly inputWindow: number; // samples per window at the lead's own rate
  private written = 0; // samples pushed so far, lead rate
  private ringWritten = 0; // samples written to the ring so far, analysis rate
  private lastInvalid = -1; // index of the most recent sample of a gap too long to bridge (lead rate)
  private held = 0; // last finite sample, mV
  private nanRun = 0; // length of the current run of non-finite samples
  /** Samples after a gap during which the filter is still ringing from it (lead rate). */
  private readonly settle: number;
  private readonly maxBridge: number; // samples, lead rate

  constructor(
    sampleRate: number, // Hz of the lead
    windowSeconds: number, // s
    grid: AnalysisGrid | null = analysisGrid(sampleRate),
  ) {
    this.settle = Math.round(sampleRate); // 1 s: the 1 Hz high-pass decays by then
    this.maxBridge = Math.round(MAX_BRIDGE_SECONDS * sampleRate);
    const rate = grid?.analysisHz ?? sampleRate;
    this.filter = new BiquadCascade(analysisSections(rate));
    this.inputWindow = Math.round(windowSeconds * sampleRate);
    this.length = Math.round(windowSeconds * rate);
    this.ring = new Float64Array(this.length);
    this.resampler = grid ? new RationalResampler({ fromHz: grid.designHz, toHz: grid.analysisHz }) : null;
    this.resampled = new Float64Array(this.resampler ? this.resampler.maxOutputLength(BLOCK) : 0);
    this.block = new Float64Array(Math.max(BLOCK, this.resampled.length));
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
      this.written += n;
      // Resampled first, then filtered on the analysis grid: one filter response at every rate.
      const m = this.resampler ? this.resampler.process(this.input, this.resampled, n) : n;
      this.filter.process(this.resampler ? this.resampled : this.input, this.block, m);
      this.toRing(this.block, m);
    }
  }

  private toRing(x: Float64Array, n: number): void {
    const ring = this.ring;
    const len = this.length;
    for (let i = 0; i < n; i++) ring[this.ringWritten++ % len] = x[i];
  }

  /** True when the ring is full and the last window, with the settling second before it, holds no long gap. */
  get valid(): boolean {
    return this.ringWritten >= this.length && this.lastInvalid < this.written - this.inputWindow - this.settle;
  }

  /** Copies the window, oldest sample first, into out[0..length). */
  copyTo(out: Float64Array): void {
    // Index loops, not subarray views: this runs twice a second per lead and views are objects.
    const n = this.length;
    const head = this.ringWritten % n;
    for (let i = head; i < n; i++) out[i - head] = this.ring[i];
    for (let i = 0; i < head; i++) out[n - head + i] = this.ring[i];
  }
}
