import { describe, expect, it } from 'vitest';
import { BiquadCascade } from './biquad.js';
import { DspParameterError } from './errors.js';
import { frequencyResponse } from './response.js';
import { applyFilter } from './stream.js';
import { randomChunks, runChunked, seededRandom } from './testing.js';

/** Two deliberately different, stable sections. */
const A = [0.2, 0.3, 0.1, -0.5, 0.2];
const B = [1.0, -1.2, 0.4, 0.3, 0.6];

/** Direct-form-I difference equation, one section at a time, straight from the definition. */
function directForm(sections: number[], x: Float64Array): Float64Array {
  let signal = Float64Array.from(x);
  for (let o = 0; o < sections.length; o += 5) {
    const [b0, b1, b2, a1, a2] = sections.slice(o, o + 5);
    const y = new Float64Array(signal.length);
    for (let n = 0; n < signal.length; n++) {
      const xm1 = n >= 1 ? signal[n - 1] : 0, xm2 = n >= 2 ? signal[n - 2] : 0;
      const ym1 = n >= 1 ? y[n - 1] : 0, ym2 = n >= 2 ? y[n - 2] : 0;
      y[n] = b0 * signal[n] + b1 * xm1 + b2 * xm2 - a1 * ym1 - a2 * ym2;
    }
    signal = y;
  }
  return signal;
}

function impulse(n: number): Float64Array {
  const x = new Float64Array(n);
  x[0] = 1;
  return x;
}

describe('BiquadCascade', () => {
  it('impulse and random-input responses match the difference equation (|err| <= 1e-12)', () => {
    const random = seededRandom(1);
    const noise = Float64Array.from({ length: 500 }, () => random() * 2 - 1);
    for (const sections of [A, [...A, ...B], [...A, ...B, ...A], [...B, ...A, ...B, ...A]]) {
      for (const x of [impulse(200), noise]) {
        const got = applyFilter(new BiquadCascade(sections), x);
        const want = directForm(sections, x);
        for (let n = 0; n < x.length; n++) expect(Math.abs(got[n] - want[n])).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('each section uses its own coefficients: the cascade of A then B is not B then B', () => {
    const x = impulse(64);
    const cascade = applyFilter(new BiquadCascade([...A, ...B]), x);
    const separate = applyFilter(new BiquadCascade(B), applyFilter(new BiquadCascade(A), x));
    const lastEverywhere = directForm([...B, ...B], x);
    for (let n = 0; n < x.length; n++) expect(cascade[n]).toBeCloseTo(separate[n], 13);
    expect(Math.abs(cascade[1] - lastEverywhere[1])).toBeGreaterThan(0.1);
    // And the response is the product of the sections' responses.
    for (const f of [0, 10, 37, 90]) {
      const h = frequencyResponse([...A, ...B], f, 250);
      const ha = frequencyResponse(A, f, 250), hb = frequencyResponse(B, f, 250);
      expect(h.magnitude).toBeCloseTo(ha.magnitude * hb.magnitude, 12);
    }
  });

  it('gives bit-identical output for any chunking, in place, from Float32 input too', () => {
    const random = seededRandom(2);
    const x = Float64Array.from({ length: 5000 }, () => random() - 0.5);
    const whole = applyFilter(new BiquadCascade([...A, ...B, ...A]), x);
    for (const seed of [3, 4, 5]) {
      const chunks = randomChunks(x.length, 97, seed);
      expect(runChunked(new BiquadCascade([...A, ...B, ...A]), x, chunks)).toEqual(whole);
      expect(runChunked(new BiquadCascade([...A, ...B, ...A]), x, chunks, true)).toEqual(whole);
    }
    const x32 = Float32Array.from(x);
    expect(applyFilter(new BiquadCascade(A), x32)).toEqual(applyFilter(new BiquadCascade(A), Float64Array.from(x32)));
  });

  it('treats NaN and Infinity as 0 so the state is not poisoned; reset() forgets the past', () => {
    const x = Float64Array.from({ length: 300 }, (_, n) => Math.sin(n / 7));
    const bad = Float64Array.from(x);
    bad[10] = NaN;
    bad[20] = Infinity;
    const zeroed = Float64Array.from(x);
    zeroed[10] = 0;
    zeroed[20] = 0;
    const filter = new BiquadCascade([...A, ...B]);
    expect(applyFilter(filter, bad)).toEqual(applyFilter(new BiquadCascade([...A, ...B]), zeroed));
    filter.reset();
    expect(applyFilter(filter, x)).toEqual(applyFilter(new BiquadCascade([...A, ...B]), x));
  });

  it('rejects malformed coefficient arrays and bad lengths with typed errors', () => {
    expect(() => new BiquadCascade([1, 2, 3])).toThrow(DspParameterError);
    expect(() => new BiquadCascade([])).toThrow(/multiple of 5/);
    expect(() => new BiquadCascade([1, 0, 0, NaN, 0])).toThrow(/finite/);
    try {
      new BiquadCascade([1]);
    } catch (e) {
      expect((e as DspParameterError).code).toBe('E_DSP_PARAM');
    }
    expect(() => new BiquadCascade(A).process(new Float64Array(4), new Float64Array(3))).toThrow(RangeError);
  });
});
