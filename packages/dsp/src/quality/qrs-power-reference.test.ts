import { describe, expect, it } from 'vitest';
import { QrsPowerReference, REFERENCE_MIN_SECONDS, REFERENCE_SECONDS } from './qrs-power-reference.js';

describe('QrsPowerReference', () => {
  it('gives nothing until it has seen enough seconds of beats, then their median', () => {
    const ref = new QrsPowerReference();
    for (let i = 1; i < REFERENCE_MIN_SECONDS; i++) {
      ref.observe(0.02 * i);
      expect(ref.value).toBe(0);
    }
    ref.observe(0.1);
    expect(ref.value).toBeCloseTo(0.06, 12); // median of 0.02, 0.04, 0.06, 0.08, 0.1
  });

  it('is not moved by a few seconds of noise, and follows a lasting change of the QRS', () => {
    const ref = new QrsPowerReference();
    for (let i = 0; i < REFERENCE_SECONDS; i++) ref.observe(0.03);
    for (let i = 0; i < 5; i++) ref.observe(2); // motion both detectors took for beats
    expect(ref.value).toBe(0.03);
    for (let i = 0; i < REFERENCE_SECONDS; i++) ref.observe(0.01); // the electrode re-placed: a smaller QRS
    expect(ref.value).toBe(0.01);
  });
});
