import { describe, expect, it } from 'vitest';
import type { Annotation } from '@clinic-edge/wfdb';
import { referenceSegments } from './vf.js';
import { INPUT_COUNT, modelTerms, WEIGHT_COUNT, type ShockableModel } from '@clinic-edge/dsp';
import { FIT, fitModel, type WindowRows } from './vf/fit.js';

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
  /** Rows of two records: shockable windows with low leakage (input 0), others with high, plus noise. */
  function rows(): WindowRows {
    const n = 400;
    const x = new Float64Array(n * INPUT_COUNT);
    const y = new Uint8Array(n);
    let state = 99;
    const rand = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      x[i * INPUT_COUNT] = (y[i] ? 0.4 : 0.8) + 0.3 * (rand() - 0.5); // leak
      for (let k = 1; k < INPUT_COUNT; k++) x[i * INPUT_COUNT + k] = rand(); // uninformative
    }
    return { x, y, w: new Float64Array(n).fill(1), record: Array.from({ length: n }, (_, i) => (i < n / 2 ? 'db/a' : 'db/b')), count: n };
  }

  /** The fitted model's probability for raw inputs whose leakage is `leak` and the rest 0.5. */
  function probability(model: ShockableModel, leak: number): number {
    const z = new Float64Array(INPUT_COUNT).map((_, k) => ((k === 0 ? leak : 0.5) - model.mean[k]) / model.scale[k]);
    const t = modelTerms(z, new Float64Array(WEIGHT_COUNT));
    return 1 / (1 + Math.exp(-t.reduce((s, v, k) => s + v * model.weights[k], 0)));
  }

  it('learns that leakage separates the classes, and a left-out record changes the fit', () => {
    const data = rows();
    const all = fitModel(data);
    expect(all.weights).toHaveLength(WEIGHT_COUNT);
    expect(all.weights[1]).toBeLessThan(-1); // the standardised leakage's own weight
    expect(probability(all, 0.4)).toBeGreaterThan(0.8);
    expect(probability(all, 0.8)).toBeLessThan(0.2);
    const withoutA = fitModel(data, 'db/a', all);
    expect(withoutA.weights[1]).toBeLessThan(-1);
    expect(withoutA).not.toEqual(all);
    expect(fitModel(data, 'db/none', all)).toEqual(fitModel(data, undefined, all)); // excluding nothing: same fit from the same start
  });

  it('with pairwise terms standardises the inputs and fits the products too; linear leaves them raw and the products 0', () => {
    const data = rows();
    const linear = fitModel(data);
    expect(linear.mean.every((m) => m === 0) && linear.scale.every((v) => v === 1)).toBe(true);
    expect(linear.weights.slice(1 + INPUT_COUNT).every((w) => w === 0)).toBe(true);
    const saved = FIT.pairwise;
    FIT.pairwise = true;
    try {
      const pairwise = fitModel(data);
      expect(pairwise.mean[0]).toBeCloseTo(0.6, 1); // half the rows at 0.4, half at 0.8
      expect(pairwise.scale[0]).toBeGreaterThan(0.1);
      expect(pairwise.weights.slice(1 + INPUT_COUNT).some((w) => w !== 0)).toBe(true);
      // ridge 100 on 400 rows shrinks hard: the classes still fall on either side of even odds
      expect(probability(pairwise, 0.4)).toBeGreaterThan(0.5);
      expect(probability(pairwise, 0.8)).toBeLessThan(0.5);
    } finally {
      FIT.pairwise = saved;
    }
  });
});
