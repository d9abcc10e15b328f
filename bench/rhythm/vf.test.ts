import { describe, expect, it } from 'vitest';
import type { Annotation } from '@clinic-edge/wfdb';
import { referenceSegments } from './vf.js';
import { fitModel, TERMS, type WindowRows } from './vf/fit.js';

const ann = (sample: number, symbol: string, extra: Partial<Annotation> = {}): Annotation =>
  ({ sample, code: 0, mnemonic: symbol, symbol, subtype: 0, chan: 0, num: 0, aux: undefined, ...extra }) as unknown as Annotation;

describe('referenceSegments', () => {
  it('reads vfdb rhythm labels, with (NOISE marked as noise', () => {
    const segs = referenceSegments(
      [ann(0, '+', { aux: '(N' }), ann(100, '+', { aux: '(VFL' }), ann(200, '+', { aux: '(NOISE' }), ann(250, '+', { aux: '(VT' })],
      400,
    );
    expect(segs.map((s) => [s.start, s.end, s.cls, s.noise])).toEqual([
      [0, 100, 'NSR', false],
      [100, 200, 'VF', false],
      [200, 250, 'OTHER', true],
      [250, 400, 'VT', false],
    ]);
  });

  it('reads cudb brackets (open to the end when unclosed) and ~ signal quality by subtype', () => {
    const segs = referenceSegments(
      [ann(10, '~', { subtype: -1 }), ann(20, '~', { subtype: 0 }), ann(50, '+', { aux: '(VF' }), ann(50, '['), ann(90, ']'), ann(120, '[')],
      200,
    );
    expect(segs.map((s) => [s.start, s.end, s.cls, s.noise])).toEqual([
      [0, 10, 'OTHER', false],
      [10, 20, 'OTHER', true],
      [20, 50, 'OTHER', false],
      [50, 91, 'VF', false],
      [91, 120, 'OTHER', false],
      [120, 200, 'VF', false],
    ]);
  });
});

describe('fitModel', () => {
  /** Rows of two records: shockable windows with low leakage, others with high, plus noise. */
  function rows(): WindowRows {
    const n = 400;
    const p = TERMS.length;
    const x = new Float64Array(n * p);
    const y = new Uint8Array(n);
    let state = 99;
    const rand = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      x[i * p] = 1; // bias
      x[i * p + 1] = (y[i] ? 0.4 : 0.8) + 0.3 * (rand() - 0.5); // leak
      for (let k = 2; k < 8; k++) x[i * p + k] = rand(); // uninformative
    }
    return { x, y, w: new Float64Array(n).fill(1), record: Array.from({ length: n }, (_, i) => (i < n / 2 ? 'db/a' : 'db/b')), count: n };
  }

  it('learns that leakage separates the classes, and a left-out record changes the fit', () => {
    const data = rows();
    const all = fitModel(data);
    expect(all.leak).toBeLessThan(-5);
    const z = (leak: number): number => all.bias + all.leak * leak;
    expect(z(0.4)).toBeGreaterThan(0);
    expect(z(0.8)).toBeLessThan(0);
    const withoutA = fitModel(data, 'db/a', all);
    expect(withoutA.leak).toBeLessThan(-5);
    expect(withoutA).not.toEqual(all);
    expect(fitModel(data, 'db/none', all)).toEqual(all); // excluding nothing: same fit from the same start
  });
});
