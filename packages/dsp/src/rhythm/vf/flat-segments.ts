/**
 * How much of a window is isoelectric. Every organised rhythm, however wide its complexes, returns
 * to baseline between them (the PR and TP segments); ventricular fibrillation and flutter never
 * rest: the ventricles are always depolarising somewhere. Counting short flat stretches separates
 * wide, smooth sinus complexes (vfdb 418) from slow, organised VF better than amplitude-threshold
 * counts (TCSC), which such complexes fill. The segment length and the 10 % were chosen on the
 * shared records by leave-one-record-out; 60-120 ms and 10-15 % gave nearly the same figures.
 */

/** Length of one segment, s: a TP segment at 150/min still holds one (~0.1 s). */
export const FLAT_SEGMENT_SECONDS = 0.08;
/** A segment is flat when its range is below this fraction of the window's amplitude. */
export const FLAT_FRACTION_OF_RANGE = 0.1;
/** Percentiles, %, that give the window's amplitude (robust to one spike or a clipped sample). */
const RANGE_LOW_PCT = 1;
const RANGE_HIGH_PCT = 99;

export class FlatSegments {
  private readonly segment: number; // samples
  private readonly sorted: Float64Array;

  constructor(
    sampleRate: number, // Hz
    readonly length: number, // samples per window
  ) {
    this.segment = Math.max(2, Math.round(FLAT_SEGMENT_SECONDS * sampleRate));
    this.sorted = new Float64Array(length);
  }

  /** Fraction, 0..1, of the window's consecutive FLAT_SEGMENT_SECONDS segments that are flat; 0 for a flat window. */
  fraction(x: Float64Array): number {
    const n = this.length;
    for (let i = 0; i < n; i++) this.sorted[i] = x[i];
    this.sorted.sort();
    const range = percentile(this.sorted, RANGE_HIGH_PCT) - percentile(this.sorted, RANGE_LOW_PCT);
    if (!(range > 0)) return 0;
    const limit = FLAT_FRACTION_OF_RANGE * range;
    const count = Math.floor(n / this.segment);
    let flat = 0;
    for (let s = 0; s < count; s++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = s * this.segment; i < (s + 1) * this.segment; i++) {
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
      }
      if (hi - lo < limit) flat++;
    }
    return count > 0 ? flat / count : 0;
  }
}

/** Linearly interpolated percentile `pct` of ascending `sorted`. */
function percentile(sorted: Float64Array, pct: number): number {
  const at = ((sorted.length - 1) * pct) / 100;
  const i = Math.floor(at);
  const j = Math.min(sorted.length - 1, i + 1);
  return sorted[i] + (at - i) * (sorted[j] - sorted[i]);
}
