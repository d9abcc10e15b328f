import { describe, expect, it } from 'vitest';
import { BiquadCascade } from './biquad.js';
import {
  butterworthBandpass,
  butterworthBandstop,
  butterworthHighpass,
  butterworthLowpass,
} from './butterworth.js';
import { DspParameterError } from './errors.js';
import { frequencyResponse } from './response.js';
import { applyFilter } from './stream.js';
import { rms, sine } from './testing.js';

const RATES = [250, 360, 500];
const ORDERS = [1, 2, 3, 4, 5, 8];
const HALF_POWER_DB = -10 * Math.log10(2); // -3.0103 dB
/** Relative tolerance on |H|² against the analog Butterworth formula mapped by prewarping. */
const REL = 1e-9;

const omega = (f: number, fs: number): number => Math.tan((Math.PI * f) / fs); // ∝ prewarped Ω
const gain2 = (sections: Float64Array, f: number, fs: number): number =>
  frequencyResponse(sections, f, fs).magnitude ** 2;

function expectRelative(got: number, want: number, rel: number, abs = 1e-15): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + abs);
}

describe('Butterworth design', () => {
  it('lowpass and highpass follow 1/(1+(Ω/Ωc)^±2N) and are -3.0103 dB at the cutoff', () => {
    for (const fs of RATES) {
      for (const N of ORDERS) {
        const fc = fs / 12;
        const lp = butterworthLowpass(N, fc, fs), hp = butterworthHighpass(N, fc, fs);
        expect(lp.length).toBe(5 * Math.ceil(N / 2));
        expect(frequencyResponse(lp, fc, fs).magnitudeDb).toBeCloseTo(HALF_POWER_DB, 9);
        expect(frequencyResponse(hp, fc, fs).magnitudeDb).toBeCloseTo(HALF_POWER_DB, 9);
        for (const f of [0.3 * fc, 0.9 * fc, 1.5 * fc, 3 * fc]) {
          const r = omega(f, fs) / omega(fc, fs);
          expectRelative(gain2(lp, f, fs), 1 / (1 + r ** (2 * N)), REL);
          expectRelative(gain2(hp, f, fs), 1 / (1 + r ** (-2 * N)), REL);
        }
        expectRelative(frequencyResponse(lp, 0, fs).magnitude, 1, 1e-12);
        expect(frequencyResponse(lp, fs / 2, fs).magnitude).toBeLessThan(1e-12);
        expect(frequencyResponse(hp, 0, fs).magnitude).toBeLessThan(1e-12);
        expectRelative(frequencyResponse(hp, fs / 2, fs).magnitude, 1, 1e-12);
      }
    }
  });

  it('bandpass and bandstop follow the analog band transform and are -3.0103 dB at both edges', () => {
    for (const fs of RATES) {
      for (const N of ORDERS) {
        const [lo, hi] = [5, 15];
        const bp = butterworthBandpass(N, lo, hi, fs), bs = butterworthBandstop(N, lo, hi, fs);
        expect(bp.length).toBe(5 * N);
        const w1 = omega(lo, fs), w2 = omega(hi, fs);
        for (const edge of [lo, hi]) {
          expect(frequencyResponse(bp, edge, fs).magnitudeDb).toBeCloseTo(HALF_POWER_DB, 9);
          expect(frequencyResponse(bs, edge, fs).magnitudeDb).toBeCloseTo(HALF_POWER_DB, 9);
        }
        for (const f of [1, 4, 8, 10, 20, 60]) {
          const w = omega(f, fs);
          const lpEquivalent = (w * w - w1 * w2) / (w * (w2 - w1));
          expectRelative(gain2(bp, f, fs), 1 / (1 + lpEquivalent ** (2 * N)), REL);
          expectRelative(gain2(bs, f, fs), 1 / (1 + lpEquivalent ** (-2 * N)), REL);
        }
        const centre = (fs / Math.PI) * Math.atan(Math.sqrt(w1 * w2));
        expectRelative(frequencyResponse(bp, centre, fs).magnitude, 1, 1e-12);
        expect(frequencyResponse(bp, 0, fs).magnitude).toBeLessThan(1e-12);
        expect(frequencyResponse(bs, centre, fs).magnitude).toBeLessThan(1e-9);
        expectRelative(frequencyResponse(bs, 0, fs).magnitude, 1, 1e-12);
      }
    }
  });

  it('impulse responses match scipy.signal.butter + sosfilt (|err| <= 1e-12)', () => {
    // python: signal.sosfilt(signal.butter(N, Wn, btype, fs=fs, output='sos'), unit impulse)
    const cases: [Float64Array, number[]][] = [
      [butterworthLowpass(3, 15, 360), [0.0017549304462081802, 0.00961320017702403, 0.0254284800108501, 0.04577260696070021, 0.06612616134492001, 0.08352928736214996, 0.09628087067269256, 0.10365909309709075, 0.10566872122628831, 0.10281918208436948, 0.09593587188609481, 0.0860054831084092]],
      [butterworthBandpass(2, 5, 15, 360), [0.006765413257112544, 0.02510852185961745, 0.04441115030644559, 0.056207067696108046, 0.061055430811424796, 0.059794301529112005, 0.05345350127045264, 0.04317173944684518, 0.03012144542383558, 0.01544380844636667, 0.00019562817828896323, -0.014691259219596742]],
      [butterworthHighpass(4, 0.5, 250), [0.9837151741297566, -0.03230265264414767, -0.03177122859607878, -0.031244940368208966, -0.030723763022500888, -0.030207671620921413, -0.02969664122544575, -0.029190646898063898, -0.028689663700789937, -0.02819366669567469, -0.027702630944822216, -0.02721653151041066]],
      [butterworthBandstop(3, 45, 55, 500), [0.8818381985744145, -0.1795403635512811, -0.05074449311779866, 0.08027047995203884, 0.1653562181121753, 0.1794309735246926, 0.12692967269960154, 0.03629460326201446, -0.053905463559123824, -0.1108450122163832, -0.11894627894437247, -0.08317667352986956]],
    ];
    for (const [sections, want] of cases) {
      const x = new Float64Array(want.length);
      x[0] = 1;
      const got = applyFilter(new BiquadCascade(sections), x);
      for (let n = 0; n < want.length; n++) expect(Math.abs(got[n] - want[n])).toBeLessThanOrEqual(1e-12);
    }
  });

  it('the running filter reproduces the designed gain on a sine and the step settles to the DC gain', () => {
    const fs = 360;
    const sections = butterworthBandpass(2, 5, 15, fs);
    for (const f of [3, 10, 25]) {
      const y = applyFilter(new BiquadCascade(sections), sine(20 * fs, f, fs));
      const measured = rms(y, 10 * fs) * Math.SQRT2; // after the transient, whole periods
      expectRelative(measured, frequencyResponse(sections, f, fs).magnitude, 1e-4);
    }
    const step = new Float64Array(10 * fs).fill(1);
    const lp = applyFilter(new BiquadCascade(butterworthLowpass(5, 15, fs)), step);
    for (let n = 2 * fs; n < step.length; n++) expect(Math.abs(lp[n] - 1)).toBeLessThan(1e-9);
    const hp = applyFilter(new BiquadCascade(butterworthHighpass(3, 1, fs)), step);
    for (let n = 8 * fs; n < step.length; n++) expect(Math.abs(hp[n])).toBeLessThan(1e-4);
  });

  it('rejects impossible designs with typed errors naming the parameter', () => {
    expect(() => butterworthLowpass(0, 10, 250)).toThrow(DspParameterError);
    expect(() => butterworthLowpass(2.5, 10, 250)).toThrow(/order/);
    expect(() => butterworthLowpass(2, 125, 250)).toThrow(/cutoffHz/);
    expect(() => butterworthHighpass(2, 10, -1)).toThrow(/sampleRateHz/);
    expect(() => butterworthBandpass(2, 15, 5, 250)).toThrow(/lowHz/);
    expect(() => butterworthBandstop(2, 5, 200, 250)).toThrow(/highHz/);
  });
});
