import type { EpisodeSink } from '../types.js';
import type { PauseRules } from './config.js';
import { EpisodeSlot } from './slot.js';

/**
 * PAUSE and ASYSTOLE from beat times and the sample clock. A gap is judged while it is still going
 * on: `advance(horizon)` says every beat up to `horizon` has been delivered, so once
 * horizon - lastBeat passes 2 s the pause opens (warning), at 3 s it turns urgent and at 4 s
 * ASYSTOLE opens too, all before the next beat (if any) comes. The beat that ends the gap closes
 * them. A gap that ends between two `advance` calls is still flagged, when its closing beat arrives.
 *
 * Stretches where the signal could not show beats (lead off, unusable noise) are not gaps: the
 * caller reports them with `unusable(from, to)`, which closes any open gap at `from` and restarts
 * the gap clock at `to`. That is what keeps lead-off from ever reading as asystole.
 */
export class PauseDetector {
  private readonly pause: EpisodeSlot;
  private readonly asystole: EpisodeSlot;
  private readonly warning: number; // samples
  private readonly urgent: number; // samples
  private readonly asystoleGap: number; // samples
  /** Where the current gap started: the last beat, or the end of the last unusable stretch. */
  private origin: number;

  constructor(sampleRate: number /* Hz */, rules: PauseRules, sink: EpisodeSink, startSample = 0) {
    this.pause = new EpisodeSlot('PAUSE', sink);
    this.asystole = new EpisodeSlot('ASYSTOLE', sink);
    this.warning = Math.round(rules.warningS * sampleRate);
    this.urgent = Math.round(rules.urgentS * sampleRate);
    this.asystoleGap = Math.round(rules.asystoleS * sampleRate);
    this.origin = startSample;
  }

  beat(sample: number): void {
    const gap = sample - this.origin;
    if (gap > this.warning && !this.pause.isOpen) this.pause.open(this.origin, gap > this.urgent ? 'urgent' : 'warning');
    if (gap > this.urgent) this.pause.escalate('urgent');
    if (gap >= this.asystoleGap && !this.asystole.isOpen) this.asystole.open(this.origin, 'urgent');
    this.pause.close(sample);
    this.asystole.close(sample);
    this.origin = sample;
  }

  /** Every beat up to `horizon` (sample) has been delivered. */
  advance(horizon: number): void {
    const gap = horizon - this.origin;
    if (gap <= this.warning) return;
    if (!this.pause.isOpen) this.pause.open(this.origin, gap > this.urgent ? 'urgent' : 'warning');
    else if (gap > this.urgent) this.pause.escalate('urgent');
    if (gap >= this.asystoleGap && !this.asystole.isOpen) this.asystole.open(this.origin, 'urgent');
  }

  /** Samples from..to (inclusive) could not show beats: not part of any gap. */
  unusable(from: number, to: number): void {
    this.pause.close(from - 1);
    this.asystole.close(from - 1);
    this.origin = Math.max(this.origin, to);
  }

  /** End of the stream at sample `end`: an open gap ends there. */
  finish(end: number): void {
    this.pause.close(end);
    this.asystole.close(end);
  }
}
