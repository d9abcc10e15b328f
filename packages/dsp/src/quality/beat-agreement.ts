/**
 * bSQI (Li, Mark, Clifford, Physiol. Meas. 29:15-32, 2008): the agreement of two different
 * QRS detectors over a window, as F1 = 2·matched / (beats of A + beats of B), a beat matching
 * when the other detector has one within 150 ms. Two detectors built on different features
 * agree on clean ECG and disagree on noise, which each mistakes for beats in its own way.
 */

/** Beat sample indices of one detector, oldest dropped first. Fixed capacity, no allocation. */
export class BeatRing {
  private readonly beats: Float64Array;
  private start = 0;
  private count = 0;

  constructor(capacity: number) {
    this.beats = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** i-th beat, oldest first. */
  at(i: number): number {
    return this.beats[(this.start + i) % this.beats.length];
  }

  /** Appends a beat (samples must not decrease); the oldest is dropped when full. */
  push(sample: number): void {
    const cap = this.beats.length;
    if (this.count === cap) {
      this.start = (this.start + 1) % cap;
      this.count--;
    }
    this.beats[(this.start + this.count) % cap] = sample;
    this.count++;
  }

  /** Whether a beat lies in [from, to) (searched from the newest). */
  hasBeatIn(from: number, to: number): boolean {
    for (let i = this.count - 1; i >= 0; i--) {
      const b = this.at(i);
      if (b < from) return false;
      if (b < to) return true;
    }
    return false;
  }

  /** Drops beats before `sample`. */
  dropBefore(sample: number): void {
    while (this.count > 0 && this.beats[this.start] < sample) {
      this.start = (this.start + 1) % this.beats.length;
      this.count--;
    }
  }
}

/** Beats of `a` in [from, to) that have a beat of `b` within `tolerance` samples. */
function matched(a: BeatRing, b: BeatRing, from: number, to: number, tolerance: number): { inWindow: number; matched: number } {
  let inWindow = 0, hits = 0, j = 0;
  for (let i = 0; i < a.size; i++) {
    const s = a.at(i);
    if (s < from || s >= to) continue;
    inWindow++;
    while (j < b.size && b.at(j) < s - tolerance) j++;
    if (j < b.size && b.at(j) <= s + tolerance) hits++;
  }
  return { inWindow, matched: hits };
}

/**
 * F1 agreement of the beats of `a` and `b` inside [from, to), 0..1; null when neither has a
 * beat there (asystole or a flat line: agreement says nothing). A beat near an edge may find
 * its partner just outside the window; that is why partners are looked for without the bound.
 */
export function beatAgreement(a: BeatRing, b: BeatRing, from: number, to: number, tolerance: number): number | null {
  const ma = matched(a, b, from, to, tolerance);
  const mb = matched(b, a, from, to, tolerance);
  const total = ma.inWindow + mb.inWindow;
  return total === 0 ? null : (ma.matched + mb.matched) / total;
}
