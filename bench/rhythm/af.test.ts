import { describe, expect, it } from 'vitest';
import { grossAf, rhythmTruth, scoreAf } from './af.js';

describe('AF time scoring', () => {
  const ann = [
    { sample: 0, aux: '(N' },
    { sample: 1000, aux: '(AFIB' },
    { sample: 3000, aux: '(AFL' },
    { sample: 4000, aux: '(AFIB\0' },
  ];

  it('reads AF spans from rhythm labels up to the next change or the record end', () => {
    expect(rhythmTruth(ann, 5000)).toEqual({ af: [{ start: 1000, end: 3000 }, { start: 4000, end: 5000 }], scored: { start: 0, end: 5000 } });
  });

  it('scores duration Se/Sp and episode Se/+P by overlap', () => {
    const { af, scored } = rhythmTruth(ann, 5000);
    const s = scoreAf(af, [{ start: 1500, end: 3500 }, { start: 100, end: 200 }], scored, 100);
    expect(s.tpSeconds).toBe(15); // 1500..3000
    expect(s.fpSeconds).toBe(6); // 3000..3500 and 100..200
    expect(s.se).toBe(50); // 1500 of 3000 AF samples
    expect(s.sp).toBe(70); // 2000 non-AF samples, 600 flagged
    expect([s.episodes, s.episodesFound, s.detections, s.detectionsTrue]).toEqual([2, 1, 2, 1]);
    const g = grossAf([s, s]);
    expect([g.se, g.sp, g.episodes]).toEqual([50, 70, 4]);
  });

  it('leaves Se undefined without AF and Sp undefined with AF only', () => {
    expect(scoreAf([], [], { start: 0, end: 100 }, 100).se).toBeNull();
    expect(scoreAf([{ start: 0, end: 100 }], [], { start: 0, end: 100 }, 100).sp).toBeNull();
  });
});

// the strip classifier's tests live beside it: packages/dsp/src/rhythm/strip/classify.test.ts
