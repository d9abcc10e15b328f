/**
 * Merges the beats found independently on two leads into one beat stream.
 *
 * Why independent detection and a merge rather than one detector on summed energy: electrode
 * motion, a loose electrode or a flat lead usually spoil one lead at a time. A beat seen on both
 * leads is certain; a beat seen on one lead only is kept when that lead is currently the cleaner
 * one (its beats stand further out of its noise), or when the other lead has gone silent while
 * this one keeps beating (lead off, saturation). Noise on the worse lead is thus dropped without
 * losing the beats that only the better lead shows.
 *
 * Decisions depend only on the beats and the per-beat qualities the deciders attach, never on
 * when `settle` is called, so the merged output is identical whatever the chunking.
 */
export class LeadMerger {
  /** Extra report delay added by the merge, samples. */
  readonly delay: number;
  private readonly pair: number; // samples: two leads' beats closer than this are one beat
  private readonly refractory: number;
  private readonly onBeat: (sample: number) => void;
  private readonly queue: Float64Array[]; // per lead: [r0, q0, r1, q1, ...] ring
  private readonly head = [0, 0];
  private readonly count = [0, 0];
  private readonly lastR = [-Infinity, -Infinity];
  private readonly lastQ = [0, 0];
  private lastOut = -Infinity;
  private readonly out = new Float64Array(RING); // decided beats waiting for their report time
  private outHead = 0;
  private outCount = 0;
  private readonly rr = new Float64Array(8);
  private rrPos = 0;
  private rrSum = 0;

  constructor(sampleRate: number /* Hz */, onBeat: (sample: number) => void) {
    this.pair = Math.round(0.15 * sampleRate);
    this.refractory = Math.round(0.2 * sampleRate);
    this.delay = this.pair;
    this.onBeat = onBeat;
    this.queue = [new Float64Array(2 * RING), new Float64Array(2 * RING)];
    this.rr.fill(sampleRate);
    this.rrSum = 8 * sampleRate;
  }

  /** A beat found on one lead (in time order per lead), with that lead's quality then. */
  add(lead: 0 | 1, sample: number, quality: number): void {
    if (this.count[lead] === RING) this.decideHead(lead); // cannot happen at human heart rates
    const p = (this.head[lead] + this.count[lead]) % RING;
    this.queue[lead][2 * p] = sample;
    this.queue[lead][2 * p + 1] = quality;
    this.count[lead]++;
  }

  /**
   * Decide every beat at or before `limit` and report those whose R peak is at or before it
   * (the caller guarantees both leads are complete up to `limit + pair`).
   */
  settle(limit: number): void {
    for (;;) {
      const a = this.earliest();
      if (a < 0 || this.peekR(a) > limit) break;
      this.decideHead(a);
    }
    // A pair decided now may carry the later lead's R peak: it waits for its own time.
    while (this.outCount > 0 && this.out[this.outHead] <= limit) {
      const r = this.out[this.outHead];
      this.outHead = (this.outHead + 1) % RING;
      this.outCount--;
      this.onBeat(r);
    }
  }

  /** End of the record: decide and report everything left. */
  flush(): void {
    this.settle(Infinity);
  }

  private earliest(): number {
    const has0 = this.count[0] > 0;
    const has1 = this.count[1] > 0;
    if (!has0 && !has1) return -1;
    if (!has1) return 0;
    if (!has0) return 1;
    return this.peekR(0) <= this.peekR(1) ? 0 : 1;
  }

  private peekR(lead: number): number {
    return this.queue[lead][2 * this.head[lead]];
  }

  private pop(lead: number): void {
    const h = this.head[lead];
    this.lastR[lead] = this.queue[lead][2 * h];
    this.lastQ[lead] = this.queue[lead][2 * h + 1];
    this.head[lead] = (h + 1) % RING;
    this.count[lead]--;
  }

  private decideHead(a: number): void {
    const b = 1 - a;
    const ra = this.peekR(a);
    const qa = this.queue[a][2 * this.head[a] + 1];
    if (this.count[b] > 0 && this.peekR(b) - ra <= this.pair) {
      const rb = this.peekR(b);
      this.pop(a);
      this.pop(b);
      this.emit(a === 0 ? ra : rb);
      return;
    }
    const otherSilent = ra - this.lastR[b] > 1.5 * (this.rrSum / 8);
    this.pop(a);
    // The first lead is the monitoring lead the device was set up for: while it is clean, its
    // beats stand alone and the second lead only fills in where the first went silent. Once it
    // is noisy, a beat seen on one lead only is kept if that lead is the cleaner of the two.
    const firstClean = (a === 0 ? qa : this.lastQ[0]) >= CLEAN;
    const keep = a === 0 ? firstClean || qa >= this.lastQ[b] : otherSilent || (!firstClean && qa > this.lastQ[b]);
    if (keep) this.emit(ra);
  }

  private emit(r: number): void {
    if (r - this.lastOut < this.refractory) return;
    if (this.lastOut > -Infinity) {
      const rr = r - this.lastOut;
      this.rrSum += rr - this.rr[this.rrPos];
      this.rr[this.rrPos] = rr;
      this.rrPos = (this.rrPos + 1) & 7;
    }
    this.lastOut = r;
    this.out[(this.outHead + this.outCount) % RING] = r;
    this.outCount++;
  }
}

const RING = 64;
/**
 * A lead is clean while its beats' energy stands at least this many times above its noise
 * peaks (T waves, P waves and artefact that did not pass as beats).
 */
const CLEAN = 10;
