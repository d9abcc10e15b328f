/**
 * The last few closed spans of one kind of episode (samples, inclusive), and how much of a recent
 * stretch of time they cover. Fixed-size typed storage: a span is recorded when an episode
 * closes, never per beat; the oldest is dropped when the ring is full.
 */
export class RecentSpans {
  private readonly first: Float64Array;
  private readonly last: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity: number) {
    this.first = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
  }

  add(first: number, last: number): void {
    this.first[this.next] = first;
    this.last[this.next] = last;
    this.next = (this.next + 1) % this.first.length;
    if (this.count < this.first.length) this.count++;
  }

  /** Samples of [from, to] the recorded spans cover (they never overlap: one episode at a time). */
  coveredSince(from: number, to: number): number {
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      const a = Math.max(from, this.first[i]);
      const b = Math.min(to, this.last[i]);
      if (b > a) total += b - a;
    }
    return total;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}
