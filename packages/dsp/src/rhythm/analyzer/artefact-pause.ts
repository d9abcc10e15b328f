import { PauseDetector } from '../episodes/pause.js';
import type { Episode, EpisodeSink } from '../types.js';

/**
 * A pause hidden by artefact: electrode-motion noise is large, low-frequency and QRS-like in
 * band, so inside a real pause the QRS detector "finds" beats in it and the raw-beat pause rule
 * (fast pipeline) sees no gap. Those detections do not look like any morphology this heart has
 * shown (see MorphologyClusters.corrEstablished); real beats, even through noise, do.
 *
 * Noise on one lead only does the same: the multi-lead detector takes its humps for beats while
 * the other lead shows a flat line. This is a second gap clock over labelled beats in which the
 * caller marks each beat as counting or not (classify/artefact.ts: a new shape, either unlike
 * every established class and smooth, or absent from one lead; never in a poor second or a
 * ventricular rhythm, see core.ts). It
 * reports only gaps that exist because a beat was set aside: a gap without one is the same gap
 * the raw-beat rule has already flagged. A judgement by shape says less than a gap both leads
 * show plainly (the set-aside beats might have been real beats of a new shape): such a gap is a
 * warning. Where every detection set aside was one a clean lead did not show, the gap is as
 * plain as a raw one on that lead: urgent. Never ASYSTOLE: that is left to gaps no detection
 * interrupts for its first 4 s (the raw-beat rule, kept open after that by asystole-hold.ts).
 */
export class ArtefactPause {
  private readonly inner: PauseDetector;
  private setAside = 0; // beats set aside since the current gap began
  private unsure = 0; // of those, set aside on the weaker evidence
  private out: Episode | null = null; // output copy of the open PAUSE, when forwarded
  private plain: Readonly<Episode> | null = null; // the open PAUSE, when it is the raw-beat rule's gap

  constructor(
    sampleRate: number, // Hz
    minGapS: number, // s: the gap that is flagged (the urgent pause threshold: a judgement needs a clear gap)
    private readonly sink: EpisodeSink,
  ) {
    const rules = { warningS: minGapS, urgentS: minGapS, asystoleS: Number.POSITIVE_INFINITY }; // never ASYSTOLE (below)
    this.inner = new PauseDetector(sampleRate, rules, (ep, event) => this.relay(ep, event));
  }

  /**
   * A labelled beat (increasing samples); `counts` false: judged artefact, not a beat; `sure`:
   * on evidence strong enough for an urgent flag (a clean lead shows nothing there).
   */
  beat(sample: number, counts: boolean, sure = false): void {
    if (!counts) {
      this.setAside++;
      if (!sure) this.unsure++;
      return;
    }
    this.inner.beat(sample);
    this.setAside = 0;
    this.unsure = 0;
  }

  /** Every labelled beat up to `horizon` (sample) has been delivered. */
  advance(horizon: number): void {
    this.inner.advance(horizon);
  }

  /** See PauseDetector.awaitHeart: a counted beat alone no longer proves the heart was seen. */
  awaitHeart(): void {
    this.inner.awaitHeart();
  }

  heartSeen(): void {
    this.inner.heartSeen();
  }

  /** Samples from..to could not show beats (lead off): not part of any gap. */
  unusable(from: number, to: number): void {
    this.inner.unusable(from, to);
    this.setAside = 0;
    this.unsure = 0;
  }

  finish(end: number): void {
    this.inner.finish(end);
  }

  private relay(ep: Readonly<Episode>, event: 'open' | 'close'): void {
    if (ep.type !== 'PAUSE') return;
    if (event === 'close') {
      if (ep === this.plain) this.plain = null;
      if (!this.out) return;
      this.out.end = ep.end;
      const done = this.out;
      this.out = null;
      this.sink(done, 'close');
      return;
    }
    if (this.out || ep === this.plain) return; // an escalation (its severity was set at opening), or not ours
    if (this.setAside === 0) {
      this.plain = ep; // the raw-beat rule sees this same gap
      return;
    }
    // the inner rule opens a gap before the heart has been seen as a warning (pause.ts): kept so
    this.out = { ...ep, severity: this.unsure === 0 && ep.severity === 'urgent' ? 'urgent' : 'warning' };
    this.sink(this.out, 'open');
  }
}
