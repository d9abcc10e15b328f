import { describe, expect, it } from 'vitest';
import { randomChunks, rms, seededRandom } from '../filters/testing.js';
import { RationalResampler } from './rationalResampler.js';
import { resample } from './resample.js';

const FROM = 360;
const TARGETS = [128, 250, 500];

const tone = (n: number, f: number, fs: number, phase = 0.3): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs + phase));

/** Gain of the resampled tone against the ideal one at the new rate (time-aligned), over [from, to). */
function toneGain(y: Float64Array, f: number, fs: number, from: number, to: number): { gain: number; maxError: number } {
  let dot = 0, norm = 0, maxError = 0;
  for (let m = from; m < to; m++) {
    const ideal = Math.sin((2 * Math.PI * f * m) / fs + 0.3);
    dot += y[m] * ideal;
    norm += ideal * ideal;
    maxError = Math.max(maxError, Math.abs(y[m] - ideal));
  }
  return { gain: dot / norm, maxError };
}

describe('resample (batch) and RationalResampler (streaming)', () => {
  it('keeps a sine’s frequency, amplitude and timing: |error| <= 2e-4 of amplitude over the passband', () => {
    for (const to of TARGETS) {
      const edge = 0.8 * (Math.min(FROM, to) / 2);
      for (const f of [0.5, 1, 5, 10, 25, 40, edge]) {
        const y = resample(tone(20 * FROM, f, FROM), FROM, to);
        const { gain, maxError } = toneGain(y, f, to, 2 * to, y.length - 2 * to);
        expect(maxError).toBeLessThan(2e-4);
        expect(Math.abs(gain - 1)).toBeLessThan(1e-4); // passband ripple within ±0.001 dB
      }
    }
  });

  it('attenuates everything above the new Nyquist by at least 75 dB (80 dB design)', () => {
    for (const [to, freqs] of [[128, [64.5, 70, 100, 150, 179]], [250, [125.5, 150, 179]]] as const) {
      for (const f of freqs) {
        const y = resample(tone(20 * FROM, f, FROM), FROM, to);
        expect(20 * Math.log10(rms(y, 2 * to, y.length - 2 * to) / Math.SQRT1_2)).toBeLessThan(-75);
      }
    }
  });

  it('returns ⌈n·to/from⌉ samples for any length, and the stream gives the same count after flush', () => {
    const random = seededRandom(31);
    for (const to of TARGETS) {
      for (const n of [0, 1, 2, 17, 44, 45, 46, 359, 360, 361, 1000 + Math.floor(random() * 5000)]) {
        const x = Float64Array.from({ length: n }, () => random());
        expect(resample(x, FROM, to).length).toBe(Math.ceil((n * to) / FROM));
        const r = new RationalResampler({ fromHz: FROM, toHz: to });
        const out = new Float64Array(r.maxOutputLength(n));
        const written = r.process(x, out);
        expect(written + r.flush(out.subarray(written))).toBe(out.length);
      }
    }
  });

  it('gives bit-identical output whatever the chunking, Float32 input included', () => {
    const random = seededRandom(32);
    const x = Float64Array.from({ length: 7 * FROM }, (_, i) => Math.sin(i / 9) + random() - 0.5);
    for (const to of TARGETS) {
      const whole = resample(x, FROM, to);
      for (const seed of [33, 34]) {
        const r = new RationalResampler({ fromHz: FROM, toHz: to });
        const out = new Float64Array(whole.length);
        let at = 0, written = 0;
        for (const n of randomChunks(x.length, 211, seed)) {
          const expected = r.outputLengthFor(n);
          const made = r.process(x.subarray(at, at + n), out.subarray(written));
          expect(made).toBe(expected);
          at += n;
          written += made;
        }
        written += r.flush(out.subarray(written));
        expect(written).toBe(whole.length);
        expect(out).toEqual(whole);
      }
      const x32 = Float32Array.from(x);
      expect(resample(x32, FROM, to)).toEqual(resample(Float64Array.from(x32), FROM, to));
    }
  });

  it('emits output m once input ⌊(m·down + G)/up⌋ has arrived: latency G/(up·fromHz) seconds', () => {
    for (const to of TARGETS) {
      const r = new RationalResampler({ fromHz: FROM, toHz: to });
      const G = (r.taps - 1) / 2;
      expect(r.latencySeconds).toBeCloseTo(G / (r.up * FROM), 12);
      expect(r.latencySeconds).toBeLessThan(0.25);
      const out = new Float64Array(r.maxOutputLength(3 * FROM));
      let total = 0;
      for (let n = 1; n <= 3 * FROM; n++) {
        total += r.process(new Float64Array(1), out.subarray(total));
        expect(total).toBe(Math.max(0, Math.ceil((n * r.up - G) / r.down)));
      }
    }
  });

  it('passes DC exactly, edges included (first and last samples are held)', () => {
    for (const to of TARGETS) {
      const y = resample(new Float64Array(1000).fill(1000), FROM, to);
      for (const v of y) expect(Math.abs(v - 1000)).toBeLessThan(1e-9);
    }
  });

  it('marks outputs whose window touched a NaN as NaN, and is not poisoned afterwards', () => {
    for (const to of TARGETS) {
      const x = tone(4 * FROM, 7, FROM);
      const bad = Float64Array.from(x);
      bad[500] = NaN;
      const zeroed = Float64Array.from(x);
      zeroed[500] = 0;
      const y = resample(bad, FROM, to), ref = resample(zeroed, FROM, to);
      const K = new RationalResampler({ fromHz: FROM, toHz: to }).tapsPerPhase;
      const nan = [...y.keys()].filter((m) => Number.isNaN(y[m]));
      // The NaN run covers the outputs at times within the filter span around input 500.
      expect(nan.length).toBe(nan[nan.length - 1] - nan[0] + 1);
      expect(Math.abs(nan.length - (K * to) / FROM)).toBeLessThanOrEqual(1);
      expect((nan[0] + nan.length / 2) * (FROM / to)).toBeCloseTo(500, -1);
      for (let m = 0; m < y.length; m++) if (!Number.isNaN(y[m])) expect(y[m]).toBe(ref[m]);
      expect(resample(Float64Array.of(NaN, 1, 2), FROM, to).some(Number.isNaN)).toBe(true);
    }
  });

  it('rejects misuse with clear errors', () => {
    const r = new RationalResampler({ fromHz: 360, toHz: 128 });
    expect(() => r.process(new Float64Array(100), new Float64Array(1))).toThrow(/output holds/);
    const x = new Float64Array(10);
    expect(() => r.process(x, x)).toThrow(/not be the input/);
    r.flush(new Float64Array(10));
    expect(() => r.process(x, new Float64Array(10))).toThrow(/reset/);
    expect(() => new RationalResampler({ fromHz: 360, toHz: 128, stopbandDb: 5 })).toThrow(/stopbandDb/);
    expect(() => new RationalResampler({ fromHz: 360, toHz: 128, passbandFraction: 1 })).toThrow(/passbandFraction/);
  });
});
