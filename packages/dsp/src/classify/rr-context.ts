import { smallMedian } from '../stats/small-median.js';

/** RR intervals remembered for the local rhythm. Eight covers four cycles of bigeminy. */
const HISTORY = 8;
/** Weight of each new normal-to-normal interval in the running mean (about the last 8). */
const NN_RATE = 1 / 8;
/**
 * Successive NN differences remembered for the rhythm's own irregularity: 20 (about 15-20 s),
 * long enough that a few ectopic beats do not decide it, short enough to follow AF coming and going.
 */
const NN_DIFFS = 20;
/** Differences needed before the rhythm is judged: in AF runs of three normal-looking beats are rare. */
const MIN_NN_DIFFS = 5;

/**
 * The local rhythm around a beat, in samples: the median of the last eight RR intervals (robust
 * to the ectopic beats among them, and, in bigeminy, halfway between the short and the long
 * interval), a running mean of intervals between beats labelled normal, and how irregular those
 * normal beats are: the median relative difference of successive NN intervals (three normal
 * beats in a row), so ectopic beats and their pauses do not count. Sinus rhythm, even with
 * frequent premature beats, keeps it at a few per cent; atrial fibrillation at 10-30 %.
 */
export class RrContext {
  private readonly ring = new Float64Array(HISTORY);
  private readonly sorted = new Float64Array(HISTORY);
  private count = 0;
  private next = 0;
  /** Running mean of normal-to-normal RR intervals, samples; 0 until the first one. */
  nnMean = 0;
  private readonly diffs = new Float64Array(NN_DIFFS);
  private readonly diffsSorted = new Float64Array(NN_DIFFS);
  private diffCount = 0;
  private diffNext = 0;
  private lastNn = 0; // the previous interval, when it was NN (0 otherwise)

  /** Median of the remembered intervals, samples; 0 before any. */
  median(): number {
    const n = Math.min(this.count, HISTORY);
    return n === 0 ? 0 : smallMedian(this.ring, n, this.sorted);
  }

  add(rr: number): void {
    this.ring[this.next] = rr;
    this.next = (this.next + 1) % HISTORY;
    this.count++;
  }

  /** An interval that ended a normal beat preceded by a normal beat. */
  addNormal(rr: number): void {
    // two stores, not one of a conditional: V8 would box the mean to merge it with the argument
    if (this.nnMean > 0) this.nnMean += NN_RATE * (rr - this.nnMean);
    else this.nnMean = rr;
    if (this.lastNn > 0) {
      this.diffs[this.diffNext] = Math.abs(rr - this.lastNn) / (0.5 * (rr + this.lastNn));
      this.diffNext = (this.diffNext + 1) % NN_DIFFS;
      if (this.diffCount < NN_DIFFS) this.diffCount++;
    }
    this.lastNn = rr;
  }

  /** An interval that was not NN: the next NN interval has no neighbour to compare with. */
  addOther(): void {
    this.lastNn = 0;
  }

  /**
   * Median relative difference of successive NN intervals (0..2), over the last NN_DIFFS; 0 until
   * MIN_NN_DIFFS are known (too little to call the rhythm irregular).
   */
  nnIrregularity(): number {
    const n = this.diffCount;
    return n < MIN_NN_DIFFS ? 0 : smallMedian(this.diffs, n, this.diffsSorted);
  }

  /** Forget the rhythm (after a gap in the signal). */
  reset(): void {
    this.count = 0;
    this.next = 0;
    this.nnMean = 0;
    this.diffCount = this.diffNext = this.lastNn = 0;
  }
}
