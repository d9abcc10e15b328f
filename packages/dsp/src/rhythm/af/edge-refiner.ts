/** What one interval says on its own, for EdgeRefiner. */
export const INTERVAL_REGULAR = 0;
export const INTERVAL_IRREGULAR = 1;
/** Dropped (ectopic, impossible): votes neither way. */
export const INTERVAL_UNKNOWN = 2;

/**
 * Intervals between the change point of the per-interval kinds and the last AF interval at an
 * offset. An interval's irregularity compares it with the one before it, so the first sinus
 * interval after AF, measured against the last AF interval (often the long pause that ends AF),
 * still reads irregular: the kinds turn regular one interval after the rhythm did.
 */
const OFFSET_LAG = 1;

/**
 * Places an AF episode's start and end at the change point of the intervals around them.
 *
 * The per-interval decision comes from centred medians over `windowBeats` intervals with
 * hysteresis: the median crosses the on bar only once well over half the window is AF, so decided
 * episodes start late (on the shared afdb, from the reference beats: a median of 3.1 s after the
 * reference onset, 12 min of AF missed within 30 s of a boundary over 157 episodes). AF starts
 * and stops from one interval to the next, so the boundary is where the intervals before it are
 * mostly of one kind and those after it of the other.
 *
 * Each interval of the current stream segment is kept as regular, irregular or unknown (see the
 * INTERVAL_ kinds). An onset moves to the k within `radius` intervals of the decided one that
 * minimises the irregular intervals among the `span` before k plus the regular ones among the
 * `span` from k; an offset likewise, with the kinds swapped. Ties keep the k nearest to the
 * decided boundary. Both are called only once an episode has opened or closed, minOnBeats or
 * minOffBeats intervals after its edge, so every interval the search reads is decided already and
 * the move costs no delay. Nothing is allocated per interval.
 */
export class EdgeRefiner {
  private readonly kind: Uint8Array; // ring, per interval: an INTERVAL_ kind
  private readonly starts: Float64Array; // ring: sample of each interval's first beat
  private readonly ends: Float64Array; // ring: sample of each interval's last beat
  private count = 0; // intervals recorded in this segment

  constructor(
    readonly radius: number, // intervals an edge may move
    readonly span: number, // intervals judged on each side of a candidate edge
    capacity: number, // intervals kept: the edge still to be placed, plus radius + span around it
  ) {
    this.kind = new Uint8Array(capacity);
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
  }

  /** Interval `index` of the segment (0, 1, ... in order), its kind, and its first and last beat. */
  record(index: number, kind: number, start: number, end: number): void {
    const slot = index % this.kind.length;
    this.kind[slot] = kind;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.count = index + 1;
  }

  /** Start sample of the episode whose first AF interval was decided to be interval `first`. */
  onset(first: number): number {
    return this.starts[this.changePoint(first, INTERVAL_IRREGULAR) % this.kind.length];
  }

  /** End sample of the episode whose last AF interval was decided to be interval `last`. */
  offset(last: number): number {
    const firstRegular = this.changePoint(last + 1 + OFFSET_LAG, INTERVAL_REGULAR);
    return this.ends[Math.max(this.oldest(), firstRegular - 1 - OFFSET_LAG) % this.kind.length];
  }

  /** A new stream segment: nothing before it is looked at. */
  reset(): void {
    this.count = 0;
  }

  private oldest(): number {
    return Math.max(0, this.count - this.kind.length);
  }

  /**
   * The k near `decided` where the intervals turn `after` (from the other kind): the fewest of
   * kind `after` in [k - span, k) plus of the other kind in [k, k + span).
   */
  private changePoint(decided: number, after: number): number {
    const ring = this.kind.length;
    const oldest = this.oldest();
    const before = after === INTERVAL_IRREGULAR ? INTERVAL_REGULAR : INTERVAL_IRREGULAR;
    const lo = Math.max(oldest, decided - this.radius);
    const hi = Math.min(this.count - 1, decided + this.radius);
    let best = Math.max(oldest, Math.min(decided, this.count - 1));
    let bestCost = Infinity;
    for (let k = lo; k <= hi; k++) {
      let cost = 0;
      for (let i = Math.max(oldest, k - this.span); i < k; i++) if (this.kind[i % ring] === after) cost++;
      const stop = Math.min(this.count, k + this.span);
      for (let i = k; i < stop; i++) if (this.kind[i % ring] === before) cost++;
      if (cost < bestCost || (cost === bestCost && Math.abs(k - decided) < Math.abs(best - decided))) {
        bestCost = cost;
        best = k;
      }
    }
    return best;
  }
}
