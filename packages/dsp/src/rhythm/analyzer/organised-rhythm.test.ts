import { describe, expect, it } from 'vitest';
import { emptyFeatures } from '../vf/window-features.js';
import type { ShockDecision } from '../vf/shockable-detector.js';
import { organisedFastPeriod } from './organised-rhythm.js';

function decision(leads: { periodS: number; periodCorr: number; analysable?: boolean }[]): ShockDecision {
  return {
    sample: 0,
    kind: 'none',
    probability: 0,
    features: leads.map((l) => ({ ...emptyFeatures(), periodS: l.periodS, periodCorr: l.periodCorr })),
    analysable: leads.map((l) => l.analysable ?? true),
    endsSecond: true,
    heldAtWarning: false,
  };
}

describe('organisedFastPeriod', () => {
  it('takes the period of the lead that repeats most clearly, faster than 100/min', () => {
    expect(organisedFastPeriod(decision([{ periodS: 0.33, periodCorr: 0.55 }, { periodS: 0.34, periodCorr: 0.95 }]))).toBe(0.34);
  });

  it('sees nothing in a slow period (sinus rhythm, electrode motion at ~1 s), a weak one, or an unanalysable lead', () => {
    expect(organisedFastPeriod(decision([{ periodS: 0.83, periodCorr: 0.9 }, { periodS: 1.05, periodCorr: 0.88 }]))).toBe(0);
    expect(organisedFastPeriod(decision([{ periodS: 0.33, periodCorr: 0.3 }]))).toBe(0);
    expect(organisedFastPeriod(decision([{ periodS: 0.33, periodCorr: 0.9, analysable: false }]))).toBe(0);
  });
});
