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
 * A detection that would end a gap already urgent (a PAUSE over 3 s, or ASYSTOLE) is held here
 * instead of ending it, and so is every one after it, until the classifier has judged them (slow
 * pipeline, `judged`): one too small on every lead to be a QRS (classify/artefact.ts
 * tooSmallForQrs) is dropped and the gap goes on; the first one that is not releases the rest, in
 * order, and ends the gap where it stands. The alarm then closes a classifier delay (about 2 s)
 * later than it did. While a detection waits, the pause rule's clock stops at it (`advance`), so
 * a real 3.7-s pause stays a PAUSE. Shorter gaps are left alone: a warning PAUSE ends with the next
 * detection, as before.
 *
 * Held from 4 s only, tall P waves (0.3 mV) ended urgent PAUSEs before they turned ASYSTOLE on 4
 * of the 22 records of bench rhythm --parts asystole (115, 201, 207 now held to the end), and a
 * detection in cudb cu35's agonal rhythm ended urgent gaps the reference's beats show went on for
 * 8-17 s. Without the clock stopping, mitdb 201's real 3.7- and 3.8-s pauses read ASYSTOLE.
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
    if (this.count === 0 && !this.pause.endsUrgentPause(sample)) {
      this.pause.beat(sample);
      return;
    }
    if (this.count === this.held.length) throw new Error('AsystoleHold: held detection queue overflow (labels far behind the beats?)');
    if (this.count === 0) this.pause.advance(sample); // the gap is this long, whatever is judged later
    this.held[(this.head + this.count) % this.held.length] = sample;
    this.count++;
  }

  /**
   * Every detection up to `horizon` (sample) has been raw()'d: the pause rule's clock moves there,
   * but no further than the first detection still waiting for its judgement. A real 3.7-s pause
   * ends at its closing QRS: were the clock to run on while that QRS waits (about 2 s), the gap
   * would pass 4 s and read ASYSTOLE.
   */
  advance(horizon: number): void {
    const first = this.held[this.head];
    this.pause.advance(this.count > 0 && first < horizon ? first : horizon);
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
