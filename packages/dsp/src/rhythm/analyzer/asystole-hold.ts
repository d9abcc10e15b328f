import type { PauseDetector } from '../episodes/pause.js';

/**
 * Keeps an ASYSTOLE alarm open until a detection the size of a QRS ends it. During a long gap the
 * QRS detector's thresholds sink until whatever is left passes: P waves that go on in ventricular
 * standstill, baseline wander. The raw-beat pause rule (fast pipeline) closed the alarm on the first
 * such detection, so the box gave the all-clear while the heart was still stopped. Over a
 * written 30.4-s asystole (bench rhythm --parts asystole), 18 of the 21 urgent alarms closed
 * before its end with nstdb's wander at 12 dB, and all 21 with 0.2-mV P waves going on; over every
 * condition, the closing detection came 3.1-24.7 s after the last beat (median 8.6 s).
 *
 * A detection that would end a gap of ASYSTOLE length is held here instead of ending it, and so
 * is every one after it, until the classifier has judged them (slow pipeline, `judged`): one too
 * small on every lead to be a QRS (classify/artefact.ts tooSmallForQrs) is dropped and the gap goes
 * on; the first one that is not releases the rest, in order, and ends the gap where it stands.
 * The alarm then closes a classifier delay (about 2 s) later than it did. Shorter gaps are left
 * alone: a PAUSE under 4 s ends with the next detection, as before.
 */
export class AsystoleHold {
  private readonly held: Float64Array; // samples of the held detections, a ring
  private head = 0;
  private count = 0;

  constructor(
    private readonly pause: PauseDetector,
    capacity: number, // detections that can wait for their judgement
  ) {
    this.held = new Float64Array(capacity);
  }

  /** A detection of the fast pipeline (increasing samples). */
  raw(sample: number): void {
    if (this.count === 0 && !this.pause.endsAsystole(sample)) {
      this.pause.beat(sample);
      return;
    }
    if (this.count === this.held.length) throw new Error('AsystoleHold: held detection queue overflow (labels far behind the beats?)');
    if (this.count === 0) this.pause.advance(sample); // the gap is ASYSTOLE up to here, whatever is judged later
    this.held[(this.head + this.count) % this.held.length] = sample;
    this.count++;
  }

  /**
   * The classifier's judgement of a detection (slow pipeline, in order): `qrsSized` false when it is
   * too small on every lead to be a QRS. Returns true when the detection was held and is dropped: no
   * beat, the gap goes on.
   */
  judged(sample: number, qrsSized: boolean): boolean {
    if (this.count === 0 || sample < this.held[this.head]) return false; // not held: it came before the gap
    if (sample === this.held[this.head] && !qrsSized) {
      this.head = (this.head + 1) % this.held.length;
      this.count--;
      return true;
    }
    // a QRS (or a held detection that was never labelled): the gap ends, the rest follow as beats
    while (this.count > 0) {
      this.pause.beat(this.held[this.head]);
      this.head = (this.head + 1) % this.held.length;
      this.count--;
    }
    return false;
  }

  /** Samples from..to could not show beats: the gap ends at `from`, and what was held is dropped. */
  unusable(from: number, to: number): void {
    this.count = 0;
    this.pause.unusable(from, to);
  }
}
