import type { BeatLabel } from '../types.js';

/**
 * Consecutive detections shaped like a QRS complex, not set aside as artefact, that show the
 * heart on a stream: a few seconds of a rhythm. In a run, because muscle noise turns like a QRS
 * now and then: 21 of the 2111 detections in nstdb's ma record did, at most 3 in a row.
 */
export const HEART_SEEN_BEATS = 5;

/** What needs to know the heart was seen: the pause rules (episodes/pause.ts, artefact-pause.ts). */
export interface HeartWatcher {
  awaitHeart(): void;
  heartSeen(): void;
}

/**
 * Decides when a signal stream has shown its heart, for the pause rules: until then a gap is a
 * warning at most (episodes/pause.ts says why). Any detection used to count. With electrodes on
 * but no ECG to show, the QRS detector fires on muscle bursts, and the quiet line after one read
 * as an urgent asystole: nstdb's ma record (muscle noise alone) raised 5 urgent PAUSE or ASYSTOLE
 * flags in 30 min that way (bench rhythm --parts noise-only).
 *
 * The heart shows itself in HEART_SEEN_BEATS detections in a row shaped like a QRS complex: its window turns fewer than
 * 4 times (classify/decide.ts turnsLikeNoise; a QRS turns 2-3 times, ma's bursts 5-17), or it
 * was labelled N, S or V, which takes a class of the same shape seen at least three times (a
 * complex under the noise that repeats). The beat labels alone are not enough: a sick heart's
 * complexes need not form a class. cudb cu35 opens in an agonal rhythm whose first 30 s of
 * detections are all Q and whose real pauses of 4-6 s must be urgent; its heart shows by the
 * shape of its complexes 6.5 s in.
 * A shockable rhythm on the waveform shows the heart too: VF is a heart, its detections are
 * fibrillation waves, and the asystole after a shock must stay urgent.
 */
export class HeartSeen {
  private beats = 0; // detections in a row that showed the heart
  private seen = false;

  constructor(private readonly watchers: readonly HeartWatcher[]) {
    for (const w of watchers) w.awaitHeart();
  }

  /**
   * A detection of the slow pipeline, with its label; `artefact`: set aside as not a beat
   * (classify/artefact.ts); `noiseShaped`: it turns like noise.
   */
  beat(label: BeatLabel, artefact: boolean, noiseShaped: boolean): void {
    if (this.seen) return;
    if (artefact || (label === 'Q' && noiseShaped)) this.beats = 0;
    else if (++this.beats >= HEART_SEEN_BEATS) this.show();
  }

  /** The shockable detector raised a flag on the waveform. */
  shockable(): void {
    if (!this.seen) this.show();
  }

  private show(): void {
    this.seen = true;
    for (const w of this.watchers) w.heartSeen();
  }
}
