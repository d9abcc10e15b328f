import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../filters/testing.js';
import { WindowCosen } from './window-cosen.js';

const SIZE = 35; // intervals, the detector's default window

function cosenOf(w: WindowCosen, minValid = 3): number {
  w.measure(minValid);
  return w.cosen;
}

/** COSEn after each push of `rrs` (s), from the first full window on. */
function cosens(rrs: readonly number[]): number[] {
  const w = new WindowCosen(SIZE);
  const out: number[] = [];
  rrs.forEach((rr, i) => {
    w.push(rr);
    if (i >= SIZE - 1) out.push(cosenOf(w));
  });
  return out;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Independent RR, uniform within ±spread of the mean (AF-like). */
const independent = (n: number, mean: number, spread: number, seed: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: n }, () => mean * (1 + spread * (2 * r() - 1)));
};

/** Each RR a fixed function of the one before (logistic map, 0.4-0.9 s): as spread out, but ordered. */
const ordered = (n: number, seed: number): number[] => {
  let x = 0.1 + 0.8 * rng(seed)();
  return Array.from({ length: n }, () => {
    x = 3.99 * x * (1 - x);
    return 0.4 + 0.5 * x;
  });
};

const shuffled = (xs: readonly number[], seed: number): number[] => {
  const r = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('WindowCosen', () => {
  const bar = 4; // nats, the bar fitted on afdb (AfDetectorOptions.cosenThreshold)

  it('puts independent (AF-like) RR above the fitted bar and near-regular sinus below it', () => {
    expect(Math.min(...cosens(independent(300, 0.65, 0.35, 1)))).toBeGreaterThan(bar);
    expect(Math.max(...cosens(independent(300, 0.85, 0.02, 2)))).toBeLessThan(bar);
  });

  it('does not depend on the heart rate: AF at 160 and at 50 bpm both pass', () => {
    expect(median(cosens(independent(300, 0.375, 0.3, 3)))).toBeGreaterThan(bar);
    expect(median(cosens(independent(300, 1.2, 0.3, 4)))).toBeGreaterThan(bar);
  });

  it('judges the order of the intervals: the same values in an ordered sequence score lower than shuffled', () => {
    const rrs = ordered(400, 5);
    const inOrder = median(cosens(rrs));
    const mixed = median(cosens(shuffled(rrs, 6)));
    expect(inOrder).toBeLessThan(bar);
    expect(mixed).toBeGreaterThan(bar);
    expect(mixed - inOrder).toBeGreaterThan(0.8);
  });

  it('is NaN with too few intervals, skips missing ones (NaN), and starts afresh after reset()', () => {
    const w = new WindowCosen(SIZE);
    w.push(0.8);
    w.push(Number.NaN);
    expect(cosenOf(w, 3)).toBeNaN();
    const rrs = independent(SIZE, 0.7, 0.3, 7);
    for (const rr of rrs) w.push(rr);
    const full = cosenOf(w);
    w.reset();
    for (const rr of rrs) w.push(rr);
    expect(cosenOf(w)).toBe(full);
    expect(Number.isFinite(full)).toBe(true);
  });
});
