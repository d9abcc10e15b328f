import { describe, expect, it } from 'vitest';
import { markOffsets, markStats } from './marks.js';

describe('QRS mark offsets', () => {
  const fs = 1000; // Hz: samples are ms
  const reference = [
    { sample: 1000, symbol: 'N' },
    { sample: 2000, symbol: 'N' },
    { sample: 2600, symbol: 'V' },
    { sample: 3600, symbol: 'N' },
    { sample: 4600, symbol: 'L' },
    { sample: 5600, symbol: 'N' },
    { sample: 6600, symbol: 'N' },
  ];

  it('measures each matched beat against its reference mark, and steps only between consecutive matched normal beats', () => {
    // 5600 is missed (its nearest detection is 200 ms away): it breaks the chain
    const detected = [1030, 2000, 2650, 3630, 4600, 5800, 6630];
    const o = markOffsets(reference, detected, fs);
    expect(o.normal).toEqual([30, 0, 30, 0, 30]);
    expect(o.ventricular).toEqual([50]);
    // 1000 -> 2000: -30; 2000 -> V: none; V -> 3600: none; 3600 -> 4600 (L counts as normal): -30; -> 5600 missed; 5600 -> 6600: none
    expect(o.steps).toEqual([-30, -30]);
  });

  it('reads a steady mark as steady whatever its offset, and one that jumps between lobes as unsteady', () => {
    const steady = markStats(markOffsets(reference, reference.map((r) => r.sample + 33), fs));
    expect(steady.stepRmsMs).toBe(0);
    expect(steady.normalOffsetMs.median).toBe(33);
    const jumping = markStats(markOffsets(reference, reference.map((r, i) => r.sample + (i % 2) * 30), fs));
    expect(jumping.stepRmsMs).toBe(30);
    expect(jumping.stepsOverPercent).toBe(100);
  });
});
