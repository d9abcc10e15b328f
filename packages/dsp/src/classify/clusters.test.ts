import { describe, expect, it } from 'vitest';
import { ESTABLISHED_WEIGHT, MAX_DOMINANT_GROWTH, MorphologyClusters } from './clusters.js';

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

describe('MorphologyClusters.corrInitial', () => {
  it('compares the start of the QRS with the dominant template: same start, other end scores high; another start low', () => {
    // no alignment search, so that the comparison is at the position the test chooses
    const k = new MorphologyClusters(1, SPAN, 0, Infinity, 6);
    const qrs = beatWindow(3);
    expect(k.corrInitial).toBeNaN();
    for (let i = 0; i < 5; i++) k.assign(qrs, 1, true);
    // the normal upstroke, then a slow terminal part (as right-bundle-branch aberrancy adds)
    const aberrant = new Float64Array(SPAN);
    for (let i = 0; i < SPAN; i++) aberrant[i] = i <= SPAN / 2 ? qrs[i] : 1 - 0.5 * Math.min(1, (i - SPAN / 2) / 10);
    k.assign(aberrant, 1, false);
    expect(k.corrInitial).toBeGreaterThan(0.9);
    expect(k.corr[k.dominant]).toBeLessThan(0.9); // the whole complex differs
    k.assign(beatWindow(3, -1), 1, false); // inverted: activation starts the other way
    expect(k.corrInitial).toBeLessThan(0);
  });
});

describe('MorphologyClusters.dominant', () => {
  /**
   * 60 normal beats (a Gaussian of width `normalSigma`), then `n` on-time beats of another one
   * (`newSigma`, default a broad hump) `scale` times their size.
   */
  function takeover(scale: number, n: number, normalSigma = 3, newSigma = 8): { k: MorphologyClusters; normal: number } {
    const k = new MorphologyClusters(1, WIDTH, MARGIN);
    for (let i = 0; i < 60; i++) k.assign(beatWindow(normalSigma), 1, true);
    const normal = k.dominant;
    const hump = beatWindow(newSigma).map((v) => scale * v);
    for (let i = 0; i < n; i++) k.assign(hump, 1, true);
    return { k, normal };
  }

  it('a larger new shape that keeps coming on time becomes the reference of normal', () => {
    const { k, normal } = takeover(2, 200);
    expect(k.dominant).not.toBe(normal);
  });

  it(`one more than ${MAX_DOMINANT_GROWTH} times the size does not while the normal class is established (electrode motion), but does once it has faded`, () => {
    const scale = 2 * MAX_DOMINANT_GROWTH;
    const held = takeover(scale, 200);
    expect(held.k.weight[held.normal]).toBeGreaterThanOrEqual(ESTABLISHED_WEIGHT);
    expect(held.k.dominant).toBe(held.normal);
    const faded = takeover(scale, 1500); // minutes of it: a gain or electrode change for good
    expect(faded.k.weight[faded.normal]).toBeLessThan(ESTABLISHED_WEIGHT);
    expect(faded.k.dominant).not.toBe(faded.normal);
  });

  it(`one more than ${MAX_DOMINANT_GROWTH} times the size and as much steeper takes over at once: a QRS, not motion`, () => {
    // small broad deflections taken for beats (between rare escape beats), then the sharp QRS comes back
    const scale = 2 * MAX_DOMINANT_GROWTH;
    const back = takeover(scale, 200, 6, 2);
    expect(back.k.weight[back.normal]).toBeGreaterThanOrEqual(ESTABLISHED_WEIGHT);
    expect(back.k.dominant).not.toBe(back.normal);
    const blunt = takeover(scale, 200, 6, 8); // larger and blunter than those: held, as motion
    expect(blunt.k.dominant).toBe(blunt.normal);
  });
});
