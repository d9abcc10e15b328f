import { describe, expect, it } from 'vitest';
import { DspParameterError } from '../filters/errors.js';
import { mapSampleIndex, rationalRatio } from './ratio.js';

describe('rationalRatio and mapSampleIndex', () => {
  it('reduces rate pairs to lowest terms', () => {
    expect(rationalRatio(360, 128)).toEqual({ up: 16, down: 45 });
    expect(rationalRatio(360, 250)).toEqual({ up: 25, down: 36 });
    expect(rationalRatio(360, 500)).toEqual({ up: 25, down: 18 });
    expect(rationalRatio(250, 250)).toEqual({ up: 1, down: 1 });
    expect(rationalRatio(256.5, 128.25)).toEqual({ up: 1, down: 2 });
  });

  it('rejects rates that are not positive, not whole millihertz, or too far from a small ratio', () => {
    expect(() => rationalRatio(0, 250)).toThrow(DspParameterError);
    expect(() => rationalRatio(360, NaN)).toThrow(/toHz/);
    expect(() => rationalRatio(360.0001, 250)).toThrow(/millihertz/);
    expect(() => rationalRatio(360, 251.001)).toThrow(/<= 1000/);
  });

  it('maps indices through time with the same origin, rounding to the nearest sample', () => {
    expect(mapSampleIndex(0, 360, 128)).toBe(0);
    expect(mapSampleIndex(45, 360, 128)).toBe(16);
    expect(mapSampleIndex(650000, 360, 128)).toBe(231111); // 231111.1
    expect(mapSampleIndex(18, 360, 500)).toBe(25);
    expect(mapSampleIndex(1, 360, 500)).toBe(1); // 1.39
    expect(mapSampleIndex(2, 360, 250)).toBe(1); // 1.39
    expect(mapSampleIndex(mapSampleIndex(123456, 360, 500), 500, 360)).toBe(123456);
  });
});
