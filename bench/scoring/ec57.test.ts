import { describe, expect, it } from 'vitest';
import { grossOf, matchWindowSamples, scoreEc57, vfIntervals, type ScoredAnnotation } from './ec57.js';

const beats = (...samples: number[]): ScoredAnnotation[] => samples.map((sample) => ({ sample, symbol: 'N' }));
const fs360 = { sampleRate: 360 }; // 150 ms = 54 samples exactly

describe('matchWindowSamples', () => {
  it('is 150 ms rounded to whole samples', () => {
    expect(matchWindowSamples(360)).toBe(54);
    expect(matchWindowSamples(1000)).toBe(150);
    expect(matchWindowSamples(128)).toBe(19); // 19.2
    expect(matchWindowSamples(250)).toBe(38); // 37.5 rounds up, as strtim does
  });
});

describe('scoreEc57 matching', () => {
  it('counts a perfect detector as Se = +P = F1 = 100 %', () => {
    const r = scoreEc57(beats(100, 400, 700), [100, 400, 700], fs360);
    expect(r).toMatchObject({ tp: 3, fn: 0, fp: 0, se: 100, ppv: 100, f1: 100 });
  });

  it('matches at exactly 150 ms either side, not one sample further', () => {
    const ref = beats(1000, 2000, 3000, 4000);
    const r = scoreEc57(ref, [1000 + 54, 2000 - 54, 3000 + 55, 4000 - 55], fs360);
    expect(r).toMatchObject({ tp: 2, fn: 2, fp: 2 });
    expect(r.falseNegatives).toEqual([3000, 4000]);
    expect(r.falsePositives).toEqual([3055, 3945]);
  });

  it('uses the rate: at 1000 Hz the edge is 150 samples', () => {
    const r = scoreEc57(beats(1000, 2000), [1150, 2151], { sampleRate: 1000 });
    expect(r).toMatchObject({ tp: 1, fn: 1, fp: 1 });
  });

  it('pairs one detection near two reference beats with one of them only', () => {
    // 1040 is within 54 samples of both 1000 and 1060, closer to 1060.
    const r = scoreEc57(beats(1000, 1060), [1040], fs360);
    expect(r).toMatchObject({ tp: 1, fn: 1, fp: 0 });
    expect(r.falseNegatives).toEqual([1000]);
  });

  it('pairs two detections near one reference beat with the nearer one; the other is FP', () => {
    const r = scoreEc57(beats(1000), [970, 1005], fs360);
    expect(r).toMatchObject({ tp: 1, fn: 0, fp: 1 });
    expect(r.falsePositives).toEqual([970]);
  });

  it('pairs early when the later reference beat has a better partner anyway (bxb rule)', () => {
    // 1050 is 50 from both 1000 and 1100, but 1100 has 1140 at 40: both pair.
    const r = scoreEc57(beats(1000, 1100), [1050, 1140], fs360);
    expect(r).toMatchObject({ tp: 2, fn: 0, fp: 0 });
  });

  it('scores only beat labels as reference beats', () => {
    const ref: ScoredAnnotation[] = [
      { sample: 100, symbol: 'N' },
      { sample: 200, symbol: '~' },
      { sample: 300, symbol: '+', aux: '(N' },
      { sample: 400, symbol: '|' },
      { sample: 500, symbol: 'x' },
      { sample: 600, symbol: 'V' },
      { sample: 700, symbol: '/' },
      { sample: 800, symbol: 'Q' },
    ];
    const r = scoreEc57(ref, [100, 600, 700, 800], fs360);
    expect(r).toMatchObject({ tp: 4, fn: 0, fp: 0 });
  });

  it('accepts unsorted detections and does not modify its inputs', () => {
    const ref = beats(700, 100, 400);
    const dets = new Int32Array([700, 100, 400]);
    const r = scoreEc57(ref, dets, fs360);
    expect(r.tp).toBe(3);
    expect(Array.from(dets)).toEqual([700, 100, 400]);
    expect(ref.map((a) => a.sample)).toEqual([700, 100, 400]);
  });

  it('reports undefined rates as null rather than NaN', () => {
    const r = scoreEc57([], [], fs360);
    expect(r).toMatchObject({ tp: 0, fn: 0, fp: 0, se: null, ppv: null, f1: null });
    const onlyFp = scoreEc57([], [5], fs360);
    expect(onlyFp).toMatchObject({ fp: 1, se: null, ppv: 0, f1: 0 });
  });

  it('starts at fromSample when asked (EC57 proper starts at 5 min)', () => {
    const r = scoreEc57(beats(100, 200, 5000, 6000), [150, 5000, 6000], { sampleRate: 360, fromSample: 1000 });
    expect(r).toMatchObject({ tp: 2, fn: 0, fp: 0 });
  });
});

describe('scoreEc57 ventricular flutter/fibrillation', () => {
  it('leaves out beats and detections between [ and ]', () => {
    const ref: ScoredAnnotation[] = [
      ...beats(100, 1000),
      { sample: 1500, symbol: '[' },
      ...beats(1700, 1900), // labelled inside VF: not scored
      { sample: 2500, symbol: ']' },
      ...beats(3000),
    ];
    const r = scoreEc57(ref, [100, 1000, 1600, 1800, 2200, 2500, 3000, 3500], fs360);
    expect(r).toMatchObject({ tp: 3, fn: 0, fp: 1 });
    expect(r.falsePositives).toEqual([3500]);
  });

  it('leaves out a (VFL or (VF rhythm episode up to the next rhythm change', () => {
    const ref: ScoredAnnotation[] = [
      ...beats(100),
      { sample: 1000, symbol: '+', aux: '(VFL' },
      ...beats(1200),
      { sample: 2000, symbol: '+', aux: '(N' },
      ...beats(2200),
      { sample: 3000, symbol: '+', aux: '(VF\0' }, // aux strings may carry a NUL pad
    ];
    const r = scoreEc57(ref, [100, 1100, 1500, 2200, 3500, 9000], fs360);
    expect(r).toMatchObject({ tp: 2, fn: 0, fp: 0 });
  });

  it('still counts a detection in VF that matches a beat just outside it', () => {
    const ref: ScoredAnnotation[] = [...beats(990), { sample: 1000, symbol: '[' }, { sample: 2000, symbol: ']' }];
    const r = scoreEc57(ref, [1010], fs360);
    expect(r).toMatchObject({ tp: 1, fn: 0, fp: 0 });
  });

  it('treats an unterminated episode as lasting to the end', () => {
    expect(vfIntervals([{ sample: 50, symbol: '[' }])).toEqual([{ start: 50, end: Number.POSITIVE_INFINITY }]);
    const r = scoreEc57([...beats(10), { sample: 50, symbol: '[' }, ...beats(100)], [10, 100, 400], fs360);
    expect(r).toMatchObject({ tp: 1, fn: 0, fp: 0 });
  });
});

describe('grossOf', () => {
  it('sums counts and derives rates from the sums, not by averaging', () => {
    const g = grossOf([
      { tp: 90, fn: 10, fp: 0 },
      { tp: 10, fn: 0, fp: 10 },
    ]);
    expect(g).toMatchObject({ tp: 100, fn: 10, fp: 10 });
    expect(g.se).toBeCloseTo((100 * 100) / 110, 12);
    expect(g.ppv).toBeCloseTo((100 * 100) / 110, 12);
    expect(g.f1).toBeCloseTo((100 * 200) / 220, 12);
  });
});
