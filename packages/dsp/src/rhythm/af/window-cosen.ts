import { sortFinite } from './window-median.js';

/**
 * Tolerance r (s) within which two RR intervals count as a match, and template length m = 1:
 * the values Lake & Moorman (2011) chose for COSEn on RR series (r = 30 ms, m = 1), taken as
 * they are (not fitted here).
 */
export const COSEN_TOLERANCE_S = 0.03;

/**
 * Added to both match counts so a window without any matched pair (the most irregular) gives
 * a large finite entropy instead of infinity, and an almost empty one is not mistaken for AF.
 */
const COUNT_PRIOR = 0.5;

/**
 * Coefficient of sample entropy (COSEn, Lake & Moorman 2011) of the last `size` RR intervals:
 * SampEn(m = 1, r = 30 ms) − ln(2r) − ln(median RR), in nats.
 *
 * Sample entropy is −ln of how often two intervals that match within r are followed by
 * intervals that match too. AF's intervals are close to independent, so a match rarely
 * continues (high entropy); sinus rhythm, and runs of atrial ectopy that come in clusters of
 * similar short and long intervals, repeat themselves (low entropy). −ln(2r) turns the count
 * into a density estimate, and −ln(median RR) removes the heart rate, so the same bar serves
 * at 50 and 150 bpm. The |ΔRR| and novelty measures look at one or two intervals at a time;
 * this one looks at how intervals follow one another over the whole window.
 *
 * NaN marks a missing interval: it matches nothing. Ring and scratch are allocated once;
 * `measure()` is O(size²) (about 600 comparisons for 35 intervals).
 */
export class WindowCosen {
  readonly size: number;
  private readonly ring: Float64Array;
  private readonly ordered: Float64Array; // the ring oldest first, scratch for measure()
  private readonly sorted: Float64Array; // scratch for the median RR
  private pushed = 0;
  /** Set by `measure()`, nats (a field, and `push` small, for the reasons given at WindowMedian). */
  cosen = NaN;

  constructor(size: number) {
    this.size = size;
    this.ring = new Float64Array(size).fill(NaN);
    this.ordered = new Float64Array(size);
    this.sorted = new Float64Array(size);
  }

  /** Next RR interval, s (NaN when unknown). */
  push(rr: number): void {
    this.ring[this.pushed++ % this.size] = rr;
  }

  /** Sets `cosen` to the COSEn of the window; NaN when it holds fewer than `minValid` intervals. */
  measure(minValid: number): void {
    this.cosen = Number.NaN;
    const sorted = this.sorted;
    const valid = sortFinite(this.ring, sorted);
    if (valid < minValid || valid === 0) return;
    const mid = valid >> 1;
    const medianRr = valid & 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    if (!(medianRr > 0)) return;
    const n = Math.min(this.pushed, this.size);
    const x = this.ordered;
    const first = this.pushed < this.size ? 0 : this.pushed % this.size;
    for (let i = 0; i < n; i++) x[i] = this.ring[(first + i) % this.size];
    const r = COSEN_TOLERANCE_S;
    let b = 0; // pairs of intervals (i, j), both before the last, that match
    let a = 0; // of those, pairs whose next intervals match too
    for (let lag = 1; lag < n - 1; lag++) {
      for (let i = 0; i + lag < n - 1; i++) {
        if (Math.abs(x[i] - x[i + lag]) <= r) {
          b++;
          if (Math.abs(x[i + 1] - x[i + 1 + lag]) <= r) a++;
        }
      }
    }
    const sampEn = -Math.log((a + COUNT_PRIOR) / (b + COUNT_PRIOR));
    this.cosen = sampEn - Math.log(2 * r) - Math.log(medianRr);
  }

  reset(): void {
    this.ring.fill(NaN);
    this.pushed = 0;
    this.cosen = Number.NaN;
  }
}
