import { describe, expect, it } from 'vitest';
import { ESTABLISHED_WEIGHT, MorphologyClusters } from './clusters.js';

const WIDTH = 40; // samples per lead in a template
const MARGIN = 4; // samples of alignment search
const SPAN = WIDTH + 2 * MARGIN;

/** A one-lead beat window: a Gaussian of width `sigma` (samples) and sign `sign` centred in it, plus a slope. */
function beatWindow(sigma: number, sign = 1, slope = 0): Float64Array {
  const w = new Float64Array(SPAN);
  for (let i = 0; i < SPAN; i++) w[i] = sign * Math.exp(-0.5 * ((i - SPAN / 2) / sigma) ** 2) + slope * i;
  return w;
}

describe('MorphologyClusters.corrEstablished', () => {
  it('is unknown (NaN) until a class has recurred, then tells a beat of that shape from a different one', () => {
    const k = new MorphologyClusters(1, WIDTH, MARGIN);
    const qrs = beatWindow(3);
    k.assign(qrs, 1, true);
    expect(k.corrEstablished).toBeNaN(); // one member: nothing established yet
    for (let i = 1; i < ESTABLISHED_WEIGHT + 1; i++) k.assign(qrs, 1, true);
    k.assign(beatWindow(3, 1, 0.002), 1, true); // the same beat on a slight baseline tilt
    expect(k.corrEstablished).toBeGreaterThan(0.9);
    k.assign(beatWindow(12, -1, 0.01), 1, true); // a broad inverted hump on a slope: not this heart's QRS
    expect(k.corrEstablished).toBeLessThan(0.5);
  });
});
