import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../filters/testing.js';
import { RrIrregularity, type RrReference } from './rr-irregularity.js';

const settings = { sampleRate: 1, minRr: 0.2, maxRr: 3, ectopicFraction: 0.15, noveltyBeats: 24 };

/** Runs RR intervals (s) through the stage; returns the released irregularities (NaN = dropped). */
function released(rrs: readonly number[], reference?: RrReference): number[] {
  const stage = new RrIrregularity(reference ? { ...settings, reference } : settings);
  const out: number[] = [];
  for (const rr of rrs) if (stage.push(rr, 'N')) out.push(stage.outIrregularity);
  if (stage.flush()) out.push(stage.outIrregularity);
  return out;
}

const dropped = (xs: readonly number[]): number => xs.filter((x) => x !== x).length;

describe('RrIrregularity ectopic filter reference', () => {
  const afRr = (n: number, seed: number): number[] => {
    const r = rng(seed);
    return Array.from({ length: n }, () => 0.65 * (1 + 0.35 * (2 * r() - 1)));
  };

  it('keeps the running mean unless asked for the median, so the strip measure is unchanged', () => {
    const rrs = afRr(400, 3);
    expect(released(rrs)).toEqual(released(rrs, 'mean'));
  });

  it('with the median reference drops fewer ordinary AF intervals as premature', () => {
    for (const seed of [1, 2, 3]) {
      const rrs = afRr(600, seed);
      const mean = dropped(released(rrs, 'mean'));
      const median = dropped(released(rrs, 'median'));
      expect(median).toBeLessThan(mean);
    }
  });

  it('still drops a premature beat and the pause after it in sinus rhythm, with either reference', () => {
    const rrs = Array.from({ length: 60 }, (_, i) => (i === 40 ? 0.55 : i === 41 ? 1.25 : 0.9));
    for (const ref of ['mean', 'median'] as const) {
      const out = released(rrs, ref);
      expect(out[40]).toBeNaN(); // premature interval
      expect(out[41]).toBeNaN(); // its compensatory pause
      expect(dropped(out.slice(2))).toBe(2);
    }
  });
});
