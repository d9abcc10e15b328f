import { describe, expect, it } from 'vitest';
import { DspParameterError } from './errors.js';
import { createMainsNotch, mainsNotchesBelowNyquist, mainsNotchSections } from './notch.js';
import { frequencyResponse } from './response.js';
import { applyFilter } from './stream.js';
import { randomChunks, rms, runChunked, sine } from './testing.js';

const RATES = [250, 360, 500];

/** Bisection for |H| = 1/√2 between a passband frequency and the notch, Hz. */
function halfPowerPoint(sections: Float64Array, fs: number, pass: number, notch: number): number {
  let a = pass, b = notch;
  for (let i = 0; i < 200; i++) {
    const m = (a + b) / 2;
    if (frequencyResponse(sections, m, fs).magnitude > Math.SQRT1_2) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

describe('mains notch', () => {
  it('is deeper than -40 dB at f0 and within 0.1 dB of unity from 5 to 30 Hz, at 250/360/500 Hz', () => {
    for (const fs of RATES) {
      for (const mainsHz of [50, 60]) {
        const sections = mainsNotchSections({ mainsHz, sampleRateHz: fs });
        expect(frequencyResponse(sections, mainsHz, fs).magnitudeDb).toBeLessThan(-40);
        for (let f = 5; f <= 30; f += 0.5) {
          expect(Math.abs(frequencyResponse(sections, f, fs).magnitudeDb)).toBeLessThan(0.1);
        }
        expect(frequencyResponse(sections, 0, fs).magnitude).toBeCloseTo(1, 12);
        // The -3 dB points are exactly f0/Q = f0/30 Hz apart.
        const lower = halfPowerPoint(sections, fs, mainsHz - 5, mainsHz);
        const upper = halfPowerPoint(sections, fs, mainsHz + 5, mainsHz);
        expect(Math.abs(upper - lower - mainsHz / 30)).toBeLessThan(1e-9);
      }
    }
  });

  it('removes a running 50 Hz hum by more than 40 dB while passing a 10 Hz sine within 0.1 dB', () => {
    const fs = 360;
    const hum = sine(10 * fs, 50, fs, 0.5);
    const y = applyFilter(createMainsNotch({ mainsHz: 50, sampleRateHz: fs }), hum);
    expect(20 * Math.log10(rms(y, 5 * fs) / rms(hum, 5 * fs))).toBeLessThan(-40);
    const ecgBand = sine(10 * fs, 10, fs);
    const z = applyFilter(createMainsNotch({ mainsHz: 50, sampleRateHz: fs }), ecgBand);
    expect(Math.abs(20 * Math.log10(rms(z, 5 * fs) / rms(ecgBand, 5 * fs)))).toBeLessThan(0.1);
  });

  it('adds harmonic notches below 0.95 × Nyquist, each with its own centre', () => {
    const fs = 500;
    const sections = mainsNotchSections({ mainsHz: 50, sampleRateHz: fs, harmonics: 10 });
    expect(sections.length / 5).toBe(4); // 50, 100, 150, 200 Hz; 250 Hz is Nyquist
    for (const f of [50, 100, 150, 200]) expect(frequencyResponse(sections, f, fs).magnitudeDb).toBeLessThan(-40);
    expect(Math.abs(frequencyResponse(sections, 20, fs).magnitudeDb)).toBeLessThan(0.1);
    expect(mainsNotchSections({ mainsHz: 60, sampleRateHz: 250, harmonics: 3 }).length / 5).toBe(1);
  });

  it('is chunk-invariant and rejects a mains frequency near or above Nyquist', () => {
    const fs = 250;
    const x = sine(3000, 50, fs, 1);
    const whole = applyFilter(createMainsNotch({ mainsHz: 50, sampleRateHz: fs, harmonics: 2 }), x);
    expect(runChunked(createMainsNotch({ mainsHz: 50, sampleRateHz: fs, harmonics: 2 }), x, randomChunks(3000, 50, 1))).toEqual(whole);
    expect(() => mainsNotchSections({ mainsHz: 60, sampleRateHz: 120 })).toThrow(DspParameterError);
    expect(() => mainsNotchSections({ mainsHz: 50, sampleRateHz: 250, quality: 0 })).toThrow(/quality/);
  });
});

describe('mainsNotchesBelowNyquist', () => {
  it('keeps the lines under 0.95 × Nyquist, one section each, equal to mainsNotchSections', () => {
    expect(mainsNotchesBelowNyquist([50, 60], 250)).toEqual(Float64Array.from([...mainsNotchSections({ mainsHz: 50, sampleRateHz: 250 }), ...mainsNotchSections({ mainsHz: 60, sampleRateHz: 250 })]));
    expect(mainsNotchesBelowNyquist([50, 60], 125)).toEqual(mainsNotchSections({ mainsHz: 50, sampleRateHz: 125 })); // 60 Hz ≥ 59.4
    expect(mainsNotchesBelowNyquist([50, 60], 100)).toHaveLength(0); // 50 Hz ≥ 47.5
  });
});
