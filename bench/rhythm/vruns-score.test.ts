import { describe, expect, it } from 'vitest';
import { matchByOverlap, overlapSamples, runClass, runsOf, seAndPpv } from './vruns-score.js';
import { rhythmIntervals } from './vruns.js';

describe('ventricular run scoring', () => {
  it('finds maximal runs of two or more V and classes them as EC57 does', () => {
    const labels = 'NVVNVVVNNVVVVVVVN V'.replace(/ /g, 'N');
    const beats = [...labels].map((label, i) => ({ sample: 100 * i, label }));
    const runs = runsOf(beats, (b) => b.sample, (b) => b.label === 'V');
    expect(runs.map((r) => [r.start, r.end, r.beats])).toEqual([
      [100, 200, 2],
      [400, 600, 3],
      [900, 1500, 7],
    ]);
    expect(runs.map((r) => runClass(r.beats))).toEqual(['couplet', 'short', 'long']);
    expect(runClass(1)).toBeNull();
  });

  it('matches by overlap within the slack; a detection inside any reference run is true', () => {
    const reference = [{ start: 1000, end: 1200 }, { start: 5000, end: 5300 }];
    const detected = [{ start: 1250, end: 1400 }, { start: 9000, end: 9100 }];
    const truth = [...reference, { start: 8950, end: 9200 }];
    expect(matchByOverlap(reference, detected, truth, 54)).toEqual({ tp: 1, fn: 1, detected: 2, detectedTrue: 2 });
    expect(matchByOverlap(reference, detected, reference, 54)).toEqual({ tp: 1, fn: 1, detected: 2, detectedTrue: 1 });
    expect(matchByOverlap(reference, detected, truth, 10).tp).toBe(0); // 50 samples apart: outside 10
    expect(seAndPpv({ tp: 1, fn: 1, detected: 2, detectedTrue: 1 })).toEqual({ se: 50, ppv: 50 });
    expect(seAndPpv({ tp: 0, fn: 0, detected: 0, detectedTrue: 0 })).toEqual({ se: null, ppv: null });
  });

  it('reads a rhythm stretch from its label to the next rhythm change or the end', () => {
    const ann = [
      { sample: 0, symbol: '+', aux: '(N' },
      { sample: 500, symbol: '+', aux: '(B\0' },
      { sample: 900, symbol: 'V' },
      { sample: 1200, symbol: '+', aux: '(N' },
      { sample: 3000, symbol: '+', aux: '(B' },
    ];
    expect(rhythmIntervals(ann, '(B', 4000)).toEqual([{ start: 500, end: 1200 }, { start: 3000, end: 4000 }]);
    expect(overlapSamples([{ start: 500, end: 1200 }], [{ start: 1000, end: 2000 }])).toBe(200);
  });
});
