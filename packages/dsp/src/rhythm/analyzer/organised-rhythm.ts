import type { ShockDecision } from '../vf/shockable-detector.js';

/**
 * Periods (s) an organised ventricular rhythm can have: 100/min (the VT rate limit) to 300/min.
 * Shorter repetition is flutter or fibrillation, which the shockable detector judges itself.
 */
const MIN_PERIOD_S = 0.2;
const MAX_PERIOD_S = 0.6;
/**
 * Autocorrelation at the period from which the signal counts as repeating: a clean sinus rhythm
 * reaches > 0.6 (vf/periodicity.test.ts); a synthetic VT under muscle noise at 0 dB still reads
 * 0.5-0.95 in its cleaner lead, while nstdb's electrode-motion noise repeats, when it does, at
 * about 1 s (its own period, slower than any VT).
 */
const MIN_PERIOD_CORR = 0.5;

/**
 * The period of an organised fast rhythm in the window the shockable detector has just analysed
 * (s), from the analysable lead that repeats most clearly; 0 when no lead repeats faster than
 * 100/min. The cleaner lead decides, as a cardiologist reads the lead where the complexes show.
 */
export function organisedFastPeriod(d: Readonly<ShockDecision>): number {
  let best = 0;
  let bestCorr = MIN_PERIOD_CORR;
  for (let l = 0; l < d.features.length; l++) {
    if (!d.analysable[l]) continue;
    const f = d.features[l];
    if (f.periodS >= MIN_PERIOD_S && f.periodS <= MAX_PERIOD_S && f.periodCorr >= bestCorr) {
      best = f.periodS;
      bestCorr = f.periodCorr;
    }
  }
  return best;
}
