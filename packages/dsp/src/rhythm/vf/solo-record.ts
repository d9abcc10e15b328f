/**
 * How far each lead can be trusted to call a shockable rhythm on its own. With two leads the
 * detector judges their mean probability, so a lead whose own complexes look fibrillatory (mitdb
 * 203's V1: multiform, noisy) is outvoted by the other. When the other electrode comes off, that
 * lead is all there is, and it raised an urgent VFIB 21 times in 25 min of 203's ordinary rhythm.
 *
 * So, while both leads are read, each lead's record is kept: the whole seconds in which it alone
 * reached the urgent tier although the two together saw no shockable rhythm at all. A lead
 * whose share of such seconds is over MAX_SOLO_FALSE_SHARE has failed, alone, the specificity the
 * AHA asks of a shockable-rhythm detector on sinus rhythm (> 99 %); judged alone it may still
 * raise a warning, not an urgent flag. Over the shared records: 203's V1 8.2 % of 1801 seconds;
 * every other lead of mitdb (22 two-lead records) and vfdb (11) at most 0.6 %.
 *
 * A lead that was off for REPLACED_AFTER_S and comes back is a new electrode placement (a nurse
 * re-sticks a loose electrode, often the very one that cried wolf): its record starts again, and
 * it is trusted alone until it has earned distrust anew. The other lead's record is kept.
 */

/** Share of two-lead seconds above which a lead is not trusted alone (AHA NSR specificity, 99 %). */
export const MAX_SOLO_FALSE_SHARE = 0.01;
/** Two-lead seconds before any lead is judged: two minutes. */
export const MIN_SOLO_SECONDS = 120;
/** Least number of false seconds to judge a lead on: a few early ones prove nothing. */
export const MIN_SOLO_FALSE = 5;
/** Whole seconds a lead must be unreadable before its return counts as a new placement. */
export const REPLACED_AFTER_S = 10;

export class LeadSoloRecord {
  private readonly seconds: Float64Array; // per lead: whole seconds with both leads analysable, since its placement
  private readonly falseSeconds: Float64Array; // per lead
  private readonly absentSeconds: Float64Array; // per lead: unreadable whole seconds in a row

  constructor(leads: number) {
    this.seconds = new Float64Array(leads);
    this.falseSeconds = new Float64Array(leads);
    this.absentSeconds = new Float64Array(leads);
  }

  /**
   * One whole second read on both leads: each lead's own probability, whether the pair saw a
   * shockable rhythm, and the urgent tier.
   */
  observe(perLead: Float64Array, pairShockable: boolean, urgentThreshold: number): void {
    for (let l = 0; l < this.seconds.length; l++) {
      this.present(l);
      this.seconds[l]++;
      if (!pairShockable && perLead[l] >= urgentThreshold) this.falseSeconds[l]++;
    }
  }

  /**
   * One whole second in which lead `l` could not be read (off, flat or gone), or could: a lead
   * back after REPLACED_AFTER_S unreadable seconds starts a new record.
   */
  readable(l: number, yes: boolean): void {
    if (yes) this.present(l);
    else this.absentSeconds[l]++;
  }

  /** True when lead `l` has shown, alone, too many urgent-tier seconds the pair did not back. */
  unreliable(l: number): boolean {
    const f = this.falseSeconds[l];
    const n = this.seconds[l];
    return n >= MIN_SOLO_SECONDS && f >= MIN_SOLO_FALSE && f > MAX_SOLO_FALSE_SHARE * n;
  }

  private present(l: number): void {
    if (this.absentSeconds[l] >= REPLACED_AFTER_S) this.seconds[l] = this.falseSeconds[l] = 0;
    this.absentSeconds[l] = 0;
  }
}
