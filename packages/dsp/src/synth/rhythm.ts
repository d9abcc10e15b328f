/**
 * Beat trains for the synthetic ECG: the rhythms a simulator must be able to play so the gateway's
 * alarms can be shown and tested without a patient.
 */
export const SYNTHETIC_RHYTHMS = ['normal', 'af', 'pvc', 'pause'] as const;
export type SyntheticRhythm = (typeof SYNTHETIC_RHYTHMS)[number];

export interface RhythmPlan {
  /** R-peak times, s. */
  beatTimes: Float64Array;
  /** Indices of ventricular beats. */
  ventricular: Set<number>;
  /** Atrial fibrillation: no P waves, fibrillatory waves instead. */
  fibrillation: boolean;
  /** Length after which the plan repeats seamlessly, s: the last beat plus one mean RR. */
  duration: number;
}

/**
 * About `seconds` of a rhythm at a mean `heartRate` (bpm):
 * - normal: sinus with ±3 % RR jitter;
 * - af: irregularly irregular RR, uniform in 0.6..1.4 of the mean (no two alike), without P waves;
 * - pvc: a ventricular premature beat every 4 to 7 beats, at 65 % of the RR, with a full
 *   compensatory pause (the next sinus beat comes two RR after the one before the PVC);
 * - pause: sinus with a 3.5 s sinus arrest about every 20 s (an urgent pause for the gateway).
 */
export function planRhythm(rhythm: SyntheticRhythm, heartRate: number, seconds: number, seed = 1): RhythmPlan {
  if (!(heartRate >= 20 && heartRate <= 300)) throw new RangeError(`heart rate ${heartRate} bpm is outside 20..300`);
  const rr = 60 / heartRate;
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const times: number[] = [];
  const ventricular = new Set<number>();
  let t = 0.4;
  let untilPvc = 4 + Math.floor(random() * 4);
  let untilPause = 20;
  while (t < seconds) {
    times.push(t);
    if (rhythm === 'af') {
      t += rr * (0.6 + 0.8 * random());
    } else if (rhythm === 'pvc' && --untilPvc === 0) {
      ventricular.add(times.length);
      times.push(t + 0.65 * rr);
      t += 2 * rr;
      untilPvc = 4 + Math.floor(random() * 4);
    } else if (rhythm === 'pause' && t >= untilPause) {
      t += 3.5;
      untilPause = t + 20;
    } else {
      t += rr * (1 + 0.03 * (2 * random() - 1));
    }
  }
  const last = times[times.length - 1] ?? 0;
  return { beatTimes: Float64Array.from(times), ventricular, fibrillation: rhythm === 'af', duration: last + rr };
}
