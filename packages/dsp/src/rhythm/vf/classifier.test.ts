import { describe, expect, it } from 'vitest';
import { DspParameterError } from '../../filters/errors.js';
import { checkModel, INPUT_COUNT, MODEL, modelTerms, shockableProbability, WEIGHT_COUNT } from './classifier.js';
import { emptyFeatures } from './window-features.js';

describe('shockable window model', () => {
  it('expands the inputs into bias, inputs, then every product i <= j in row order', () => {
    const z = new Float64Array(INPUT_COUNT).map((_, i) => i + 2);
    const t = modelTerms(z, new Float64Array(WEIGHT_COUNT));
    expect(t[0]).toBe(1);
    expect(Array.from(t.subarray(1, 1 + INPUT_COUNT))).toEqual(Array.from(z));
    expect(t[1 + INPUT_COUNT]).toBe(4); // z0 * z0
    expect(t[2 + INPUT_COUNT]).toBe(6); // z0 * z1
    expect(t[WEIGHT_COUNT - 1]).toBe(z[INPUT_COUNT - 1] ** 2);
  });

  it('gives the bias alone at the training means, and refuses a model of the wrong shape', () => {
    const model = { mean: new Array(INPUT_COUNT).fill(0.3), scale: new Array(INPUT_COUNT).fill(2), weights: new Array(WEIGHT_COUNT).fill(0).map((_, k) => (k === 0 ? 1.5 : 7)) };
    // raw inputs equal to the means: every standardised input and product is 0
    const f = { ...emptyFeatures(), leak: 0.3, tcsc: 0.3, peakFraction: 0.3, highFraction: 0.3, dominantHz: Math.exp(0.3), phaseFill: 0.3, lz: 0.3, periodS: Math.exp(0.3), flatFraction: 0.3 };
    expect(shockableProbability(f, model)).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 12);
    expect(() => checkModel(MODEL)).not.toThrow();
    expect(() => checkModel({ ...model, weights: model.weights.slice(1) })).toThrow(DspParameterError);
    expect(() => checkModel({ ...model, mean: model.mean.slice(1) })).toThrow(DspParameterError);
  });
});
