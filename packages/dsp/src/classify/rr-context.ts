/** RR intervals remembered for the local rhythm. Eight covers four cycles of bigeminy. */
const HISTORY = 8;
/** Weight of each new normal-to-normal interval in the running mean (about the last 8). */
const NN_RATE = 1 / 8;

/**
 * The local rhythm around a beat, in samples: the median of the last eight RR intervals (robust
 * to the ectopic beats among them, and, in bigeminy, halfway between the short and the long
 * interval) and a running mean of intervals between beats labelled normal.
 */
export class RrContext {
  private readonly ring = new Float64Array(HISTORY);
  private readonly sorted = new Float64Array(HISTORY);
  private count = 0;
  private next = 0;
  /** Running mean of normal-to-normal RR intervals, samples; 0 until the first one. */
  nnMean = 0;

  /** Median of the remembered intervals, samples; 0 before any. */
  median(): number {
    const n = Math.min(this.count, HISTORY);
    if (n === 0) return 0;
    const s = this.sorted;
    for (let i = 0; i < n; i++) {
      // insertion sort of at most eight values: no allocation, cheap per beat
      const v = this.ring[i];
      let j = i - 1;
      while (j >= 0 && s[j] > v) {
        s[j + 1] = s[j];
        j--;
      }
      s[j + 1] = v;
    }
    return n % 2 === 1 ? s[(n - 1) >> 1] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  add(rr: number): void {
    this.ring[this.next] = rr;
    this.next = (this.next + 1) % HISTORY;
    this.count++;
  }

  /** An interval that ended a normal beat preceded by a normal beat. */
  addNormal(rr: number): void {
    this.nnMean = this.nnMean > 0 ? this.nnMean + NN_RATE * (rr - this.nnMean) : rr;
  }

  /** Forget the rhythm (after a gap in the signal). */
  reset(): void {
    this.count = 0;
    this.next = 0;
    this.nnMean = 0;
  }
}
