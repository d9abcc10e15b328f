import { describe, expect, it } from 'vitest';
import { ORGANISED_MIN_CORR, ORGANISED_MIN_PERIOD_S, organisedSlow } from './organised-slow.js';
import { emptyFeatures, type WindowFeatures } from './window-features.js';

const lead = (periodS: number, periodCorr: number): WindowFeatures => ({ ...emptyFeatures(), periodS, periodCorr });

describe('organisedSlow', () => {
  it('is true only when every analysable lead repeats its complex slower than flutter', () => {
    const slow = lead(0.42, 0.9);
    expect(organisedSlow([slow, slow], [true, true])).toBe(true);
    expect(organisedSlow([slow, lead(0.2, 0.9)], [true, true])).toBe(false); // one lead at 300/min
    expect(organisedSlow([slow, lead(0.42, 0.5)], [true, true])).toBe(false); // one lead not repeating
    expect(organisedSlow([slow, lead(0.2, 0.9)], [true, false])).toBe(true); // the other lead is not analysable
  });

  it('is false at the bounds just missed and when no lead is analysable', () => {
    expect(organisedSlow([lead(ORGANISED_MIN_PERIOD_S - 0.02, 0.95)], [true])).toBe(false);
    expect(organisedSlow([lead(0.6, ORGANISED_MIN_CORR - 0.01)], [true])).toBe(false);
    expect(organisedSlow([lead(0, 0)], [true])).toBe(false); // no clear period
    expect(organisedSlow([lead(0.6, 0.95)], [false])).toBe(false);
  });
});
