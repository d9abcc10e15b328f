import type { BeatLabel } from '../types.js';

/**
 * Of the last HEART_WINDOW detections, how many must be shaped like a QRS complex (and not set
 * aside as artefact) to show the heart on a stream: most of them, over a few seconds of rhythm.
 * Muscle noise turns like a QRS now and then: 21 of the 2102 detections in nstdb's ma record did
 * (the classifier alone), at most 4 of any 8 in a row (the analyzer). At 6 of 8 a noisy heart
 * took longer to show (vfdb 424: 25 s).
 */
export const HEART_SEEN_BEATS = 5;
export const HEART_WINDOW = 8;

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
 * The heart shows itself when most recent detections (HEART_SEEN_BEATS of HEART_WINDOW) are
 * shaped like a QRS complex: the window turns fewer than 4 times (a QRS turns 2-3 times, most of
 * ma's bursts 5-17), or the complex recurs under the noise (its class has weight 3), or the beat was
 * labelled N, S or V. The beat labels alone are not enough: a sick heart's complexes need not form
 * a class. cudb cu35 opens in an agonal rhythm whose first 30 s of detections are all Q and whose
 * real pauses of 4-6 s, the first at 16 s, must be urgent; by the shape of its complexes its heart
 * shows 11 s into the stream. The turns alone are not enough either: vfdb 424's wide notched sinus
 * complexes turn 5-8 times. Counting runs instead (5 in a row) left its heart unseen for 60 s;
 * most of the last eight, 9 s. On the shared mitdb, vfdb and cudb records the heart shows a median
 * 8-9 s into the stream, at most 15 s: the first beats wait for the classifier's delay (3.5-4.5 s).
 * A shockable rhythm on the waveform shows the heart too: VF is a heart, its detections are
 * fibrillation waves, and the asystole after a shock must stay urgent.
 */
export class HeartSeen {
  private recent = 0; // the last HEART_WINDOW detections, a bit each: 1 showed the heart
  private seen = false;

  constructor(private readonly watchers: readonly HeartWatcher[]) {
    for (const w of watchers) w.awaitHeart();
  }

  /**
   * A detection of the slow pipeline, with its label; `artefact`: set aside as not a beat
   * (classify/artefact.ts); `noiseShaped`: it turns like noise and its shape has not recurred
   * (classify/decide.ts looksLikeNoise).
   */
  beat(label: BeatLabel, artefact: boolean, noiseShaped: boolean): void {
    if (this.seen) return;
    const shows = !artefact && !(label === 'Q' && noiseShaped);
    this.recent = ((this.recent << 1) | (shows ? 1 : 0)) & ((1 << HEART_WINDOW) - 1);
    if (shows && popCount(this.recent) >= HEART_SEEN_BEATS) this.show();
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

function popCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}
