import type { QualityClass } from '../../quality/types.js';

/** Quality of one second over all leads, as a small integer (the best lead counts). */
export const Q = {
  Good: 0,
  Acceptable: 1,
  Poor: 2,
  /** Every lead off (flat, railed, missing): nothing can be seen. */
  LeadOff: 3,
} as const;
export type Q = (typeof Q)[keyof typeof Q];

export const QUALITY_NAMES: readonly QualityClass[] = ['good', 'acceptable', 'poor', 'unusable'];

export function qualityCode(cls: QualityClass, leadOff: boolean): Q {
  if (leadOff || cls === 'unusable') return Q.LeadOff;
  return cls === 'good' ? Q.Good : cls === 'acceptable' ? Q.Acceptable : Q.Poor;
}

/** How much an episode seen in a second of this quality is worth (its confidence), 0..1. */
export const QUALITY_SCORE: readonly number[] = [1, 0.8, 0.35, 0];

/**
 * Combines the per-lead records of each second: the best lead decides, because the QRS detector
 * and classifier fall back on the cleaner lead. Seconds complete once every lead has reported;
 * a ring keeps the few seconds in flight (quality lags the signal by its fixed delay).
 */
export class SecondQuality {
  private readonly best: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly off: Uint8Array; // bit per lead: off in the second
  private readonly empty: Uint8Array; // bit per lead: on, but no QRS-band activity at all in the second
  /** Seconds 0..complete-1 are known. */
  complete = 0;

  constructor(
    private readonly leads: number,
    capacity = 256,
  ) {
    this.best = new Uint8Array(capacity);
    this.seen = new Uint8Array(capacity);
    this.off = new Uint8Array(capacity);
    this.empty = new Uint8Array(capacity);
  }

  /**
   * The quality of one lead (`lead`, 0-based) in one second, and whether that lead, on, showed no
   * QRS-band activity at all in it (`empty`); seconds complete once every lead has reported.
   */
  add(second: number, code: Q, lead = 0, empty = false): void {
    const cap = this.best.length;
    if (second < this.complete || second >= this.complete + cap) throw new RangeError(`SecondQuality: second ${second} out of the window`);
    const i = second % cap;
    if (this.seen[i] === 0 || code < this.best[i]) this.best[i] = code;
    if (this.seen[i] === 0) this.off[i] = this.empty[i] = 0;
    if (code === Q.LeadOff) this.off[i] |= 1 << lead;
    if (empty) this.empty[i] |= 1 << lead;
    this.seen[i]++;
    while (this.seen[this.complete % cap] >= this.leads) {
      this.seen[this.complete % cap] = 0;
      this.complete++;
    }
  }

  /** Quality of a completed second still in the ring. */
  of(second: number): Q {
    return this.best[second % this.best.length] as Q;
  }

  /** The leads off in a completed second still in the ring, a bit per lead (bit 0: the first lead). */
  offLeads(second: number): number {
    return this.off[second % this.off.length];
  }

  /** The leads on but empty (no QRS-band activity) in a completed second still in the ring, a bit per lead. */
  emptyLeads(second: number): number {
    return this.empty[second % this.empty.length];
  }
}
