import { describe, expect, it } from 'vitest';
import { hrvOfRecord } from '../../hrv/analyzer.js';
import { alternatingNotch } from '../../hrv/testing.js';
import { detectQrs } from '../../qrs/detector.js';
import { analyzeRecord } from './batch.js';

const FS = 360; // Hz

describe('RhythmAnalyzer HRV beat times', () => {
  // 6.5 min at a perfectly steady 75/min: every true successive difference is 0
  const { signal } = alternatingNotch(FS, 490);

  it('takes HRV\'s intervals from each complex\'s energy centre, not from the mark that jumps between its lobes', () => {
    const r = analyzeRecord([signal], { sampleRate: FS });
    const window = r.summary.hrv[0];
    expect(window.reason).toBeNull();
    expect(window.counts.beats.N).toBeGreaterThan(360);
    // the same HRV code on the detector's marks: the lobe jumps read as a large RMSSD
    const marks = detectQrs([signal], FS);
    const onMarks = hrvOfRecord(marks, { sampleRate: FS })[0];
    expect(onMarks.rmssdMs).toBeGreaterThan(100);
    expect(window.rmssdMs).toBeLessThan((onMarks.rmssdMs ?? 0) / 2);
    expect(Math.abs((window.meanNnMs ?? 0) - 800)).toBeLessThan(1);
    // the beat list keeps the marks
    expect(r.beats.map((b) => b.sample)).toEqual(Array.from(marks));
  });

  it('reports the last window when the stream ends exactly where it does, and drops a partial one', () => {
    const exact = alternatingNotch(FS, 374).signal.subarray(0, 300 * FS); // 5 min to the sample
    expect(analyzeRecord([exact], { sampleRate: FS }).summary.hrv.map((w) => w.end)).toEqual([300 * FS]);
    const short = exact.subarray(0, 300 * FS - 1);
    expect(analyzeRecord([short], { sampleRate: FS }).summary.hrv).toEqual([]);
  });

  it('gives the same HRV whatever the chunking', () => {
    const whole = analyzeRecord([signal], { sampleRate: FS }).summary.hrv;
    expect(analyzeRecord([signal], { sampleRate: FS }, 7).summary.hrv).toEqual(whole);
  });
});
