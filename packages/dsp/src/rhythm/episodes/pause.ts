import type { EpisodeSink } from '../types.js';
import type { PauseRules } from './config.js';
import { EpisodeSlot } from './slot.js';

/**
 * PAUSE and ASYSTOLE from beat times and the sample clock. A gap is judged while it is still going
 * on: `advance(horizon)` says every beat up to `horizon` has been delivered, so once
 * horizon - lastBeat passes 2 s the pause opens (warning), at 3 s it turns urgent and at 4 s it
 * becomes ASYSTOLE (the same episode renamed, urgent), all before the next beat (if any) comes.
 * One gap is one alarm that gets worse: a PAUSE and an ASYSTOLE opened side by side for the same
 * gap were two urgent alarms a second apart (cudb: 15 such pairs, 6 more within 5 s). The beat that
 * ends the gap closes it. A gap that ends between two `advance` calls is still flagged, when its
 * closing beat arrives.
 *
 * Stretches where the signal could not show beats (lead off, unusable noise) are not gaps: the
 * caller reports them with `unusable(from, to)`, which closes any open gap at `from` and restarts
 * the gap clock at `to`. That is what keeps lead-off from ever reading as asystole.
 *
 * Until the box has seen the heart, a gap is a warning at most, PAUSE or ASYSTOLE. A device
 * streams from the moment it is switched on, before the electrodes are on the patient or while
 * fingers are still finding a handheld's electrodes. A line with no QRS then is far more often an
 * electrode than a cardiac arrest, and the doctor connecting the patient is there to tell. An
 * arrest after the heart has been seen is the change nobody may be watching for, and stays
 * urgent. VF is judged on the waveform (ShockableDetector), not here: a patient connected in VF is
 * flagged as before. (cinc2017's noisy handheld strip A04735 shows 0.02-0.2 mV and no QRS from its
 * first second; it raised an urgent PAUSE, then ASYSTOLE, from 0 s. bench rhythm --parts
 * strip-alarms.) By default the stream's first beat shows the heart, which suits beat times given
 * as such (reference annotations). On the signal a detection is not yet a heartbeat: the analyzer
 * calls `awaitHeart()`, then `heartSeen()` once most recent detections are shaped like QRS complexes
 * or a shockable waveform shows the heart (analyzer/heart-seen.ts).
 */
export class PauseDetector {
  private readonly gap: EpisodeSlot; // PAUSE, renamed ASYSTOLE once the gap is long enough
  private readonly warning: number; // samples
  private readonly urgent: number; // samples
  private readonly asystoleGap: number; // samples
  /** Where the current gap started: the last beat, or the end of the last unusable stretch. */
  private origin: number;
  private seen = false; // the heart has shown itself since the stream started
  private beatsShowHeart = true; // a beat alone is proof (awaitHeart turns this off)

  constructor(sampleRate: number /* Hz */, rules: PauseRules, sink: EpisodeSink, startSample = 0) {
    this.gap = new EpisodeSlot('PAUSE', sink);
    this.warning = Math.round(rules.warningS * sampleRate);
    this.urgent = Math.round(rules.urgentS * sampleRate);
    this.asystoleGap = Math.round(rules.asystoleS * sampleRate);
    this.origin = startSample;
  }

  beat(sample: number): void {
    this.judge(sample - this.origin);
    this.gap.close(sample);
    this.origin = sample;
    if (this.beatsShowHeart) this.seen = true;
  }

  /** From now on only `heartSeen()` proves the heart was seen, not a beat (call before the first). */
  awaitHeart(): void {
    this.beatsShowHeart = false;
  }

  /** The heart has shown itself: gaps from here on are judged at their full severity. */
  heartSeen(): void {
    this.seen = true;
  }

  /** Would a beat at `sample` end a gap already long enough for an urgent PAUSE? */
  endsUrgentPause(sample: number): boolean {
    return sample - this.origin > this.urgent;
  }

  /** Every beat up to `horizon` (sample) has been delivered. */
  advance(horizon: number): void {
    this.judge(horizon - this.origin);
  }

  /** Samples from..to (inclusive) could not show beats: not part of any gap. */
  unusable(from: number, to: number): void {
    this.gap.close(from - 1);
    this.origin = Math.max(this.origin, to);
  }

  /** End of the stream at sample `end`: an open gap ends there. */
  finish(end: number): void {
    this.gap.close(end);
  }

  /** Opens, escalates or renames the current gap's episode for a gap of `gap` samples so far. */
  private judge(gap: number): void {
    if (gap <= this.warning) return;
    const severity = gap > this.urgent && this.seen ? 'urgent' : 'warning';
    if (!this.gap.isOpen) this.gap.open(this.origin, severity);
    else this.gap.escalate(severity);
    if (gap >= this.asystoleGap) this.gap.rename('ASYSTOLE', severity);
  }
}
