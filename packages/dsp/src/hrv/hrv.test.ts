import { describe, expect, it } from 'vitest';
import type { BeatLabel } from '../rhythm/types.js';
import { HrvAnalyzer, hrvOfRecord } from './analyzer.js';
import { HrvSpectrum } from './spectrum.js';
import { timeDomain } from './time-domain.js';
import type { HrvWindow } from './types.js';

const FS = 250; // Hz

/** Beat samples whose NN interval (ms) follows `nnAt(t)` at each beat time t (s). */
function beatsFrom(nnAt: (t: number) => number, seconds: number, fs = FS): number[] {
  const out: number[] = [];
  for (let t = 0.5; t < seconds; t += nnAt(t) / 1000) out.push(Math.round(t * fs));
  return out;
}

describe('timeDomain', () => {
  it('matches hand-computed values', () => {
    // NN 800 810 790 850 800: mean 810; SDNN sqrt(2200/4); diffs 10 -20 60 -50: RMSSD sqrt(6600/4); one |d| > 50 of 4.
    const td = timeDomain([800, 810, 790, 850, 800], [0, 1, 1, 1, 1], 5);
    expect(td.meanNnMs).toBeCloseTo(810, 10);
    expect(td.sdnnMs).toBeCloseTo(Math.sqrt(550), 10);
    expect(td.rmssdMs).toBeCloseTo(Math.sqrt(1650), 10);
    expect(td.pnn50).toBeCloseTo(25, 10);
    expect(td.hrMeanBpm).toBeCloseTo(60000 / 810, 10);
  });
  it('takes successive differences only between adjacent NN intervals', () => {
    // The 850 follows an excluded interval: only 800->810 and 850->800 are differences.
    const td = timeDomain([800, 810, 850, 800], [0, 1, 0, 1], 4);
    expect(td.rmssdMs).toBeCloseTo(Math.sqrt((100 + 2500) / 2), 10);
    expect(td.pnn50).toBe(0);
  });
});

describe('HrvSpectrum', () => {
  it('puts a 0.1 Hz modulation in LF and a 0.25 Hz one in HF, with the power of each sine (±10 %)', () => {
    // NN = 800 + 40 sin(2π·0.1 t) + 20 sin(2π·0.25 t): LF 40²/2 = 800 ms², HF 20²/2 = 200 ms², LF/HF 4.
    const nnAt = (t: number) => 800 + 40 * Math.sin(2 * Math.PI * 0.1 * t) + 20 * Math.sin(2 * Math.PI * 0.25 * t);
    const times: number[] = [], nn: number[] = [];
    for (let t = 0.5; t < 300; ) {
      const v = nnAt(t);
      t += v / 1000;
      times.push(t);
      nn.push(v);
    }
    const sp = new HrvSpectrum(300, 1000).compute(Float64Array.from(times), Float64Array.from(nn), nn.length);
    expect(sp).not.toBeNull();
    expect(sp!.lfMs2 / 800).toBeGreaterThan(0.9);
    expect(sp!.lfMs2 / 800).toBeLessThan(1.1);
    expect(sp!.hfMs2 / 200).toBeGreaterThan(0.9);
    expect(sp!.hfMs2 / 200).toBeLessThan(1.1);
  });
  it('finds no power in a constant series and refuses one shorter than a Welch segment', () => {
    const times = Float64Array.from({ length: 400 }, (_, i) => 0.75 * (i + 1));
    const sp = new HrvSpectrum(300, 1000).compute(times, new Float64Array(400).fill(750), 400);
    expect(sp!.lfMs2).toBeLessThan(1e-9);
    expect(sp!.hfMs2).toBeLessThan(1e-9);
    expect(new HrvSpectrum(300, 1000).compute(times.slice(0, 60), new Float64Array(60).fill(750), 60)).toBeNull();
  });
});

describe('HrvAnalyzer', () => {
  it('gives SDNN = RMSSD = 0 for a constant RR, windows ending at multiples of 5 min', () => {
    const beats = beatsFrom(() => 800, 900);
    const w = hrvOfRecord(beats, { sampleRate: FS });
    expect(w.map((x) => [x.start, x.end])).toEqual([[0, 300 * FS], [300 * FS, 600 * FS]]); // the third is partial
    for (const x of w) {
      expect(x.reason).toBeNull();
      expect(x.meanNnMs).toBeCloseTo(800, 6);
      expect(x.sdnnMs).toBeCloseTo(0, 6);
      expect(x.rmssdMs).toBeCloseTo(0, 6);
      expect(x.pnn50).toBe(0);
      expect(x.hrMeanBpm).toBeCloseTo(75, 6);
    }
  });

  it('measures LF/HF of modulated beat times near 4', () => {
    const beats = beatsFrom((t) => 800 + 40 * Math.sin(2 * Math.PI * 0.1 * t) + 20 * Math.sin(2 * Math.PI * 0.25 * t), 601, 1000);
    const [w] = hrvOfRecord(beats, { sampleRate: 1000 });
    expect(w.lfHf).toBeGreaterThan(3.6);
    expect(w.lfHf).toBeLessThan(4.4);
  });

  it('excludes ectopic beats and their intervals, counting them, and keeps the rest', () => {
    const beats = beatsFrom(() => 1000, 300);
    const labels: BeatLabel[] = beats.map((_, i) => (i % 50 === 25 ? 'V' : i === 100 ? 'S' : i === 200 ? 'Q' : 'N'));
    const [w] = hrvOfRecord(beats, { sampleRate: FS, labels, endSample: 300 * FS });
    expect(w.counts.beats).toEqual({ N: beats.length - 8, S: 1, V: 6, Q: 1 });
    expect(w.counts.excludedLabel).toBe(16); // two intervals per non-N beat
    expect(w.counts.nn).toBe(w.counts.intervals - 16);
    expect(w.sdnnMs).toBeCloseTo(0, 6);
  });

  it('drops intervals out of 0.3-2.0 s and jumps over 20 % (an undetected beat, a false one)', () => {
    const beats = beatsFrom(() => 800, 301);
    const edited = beats.filter((_, i) => i !== 120); // missed beat: one 1.6 s interval (jump)
    edited.splice(200, 0, edited[199] + Math.round(0.25 * FS)); // false beat: 0.25 s (range) then 0.55 s (jump)
    const [w] = hrvOfRecord(edited, { sampleRate: FS });
    expect(w.counts.excludedRange).toBe(1);
    // 1.6 s after 0.8, 0.8 after 1.6, 0.55 after the 0.25 s one, 0.8 after 0.55
    expect(w.counts.excludedJump).toBe(4);
    expect(w.sdnnMs).toBeCloseTo(0, 6);
  });

  it('returns null figures with the reason when too few NN intervals remain or too many are excluded', () => {
    const sparse = hrvOfRecord(beatsFrom(() => 1900, 301), { sampleRate: FS }); // 157 NN intervals
    expect(hrvOfRecord(beatsFrom(() => 1900, 301), { sampleRate: FS, minNn: 200 })[0].reason).toBe('too-few-nn');
    expect(sparse[0].reason).toBeNull();
    const beats = beatsFrom(() => 800, 301);
    const labels: BeatLabel[] = beats.map((_, i) => (i % 4 === 0 ? 'V' : 'N')); // bigeminy-like: half the intervals
    const [w] = hrvOfRecord(beats, { sampleRate: FS, labels });
    expect(w.reason).toBe('too-much-excluded');
    expect([w.sdnnMs, w.rmssdMs, w.lfMs2, w.lfHf]).toEqual([null, null, null, null]);
    expect(w.counts.excludedLabel).toBeGreaterThan(0);
  });

  it('closes windows by clock when beats stop, and reports an empty one as too few NN', () => {
    const out: HrvWindow[] = [];
    const a = new HrvAnalyzer({ sampleRate: FS }, (w) => out.push(w));
    for (const b of beatsFrom(() => 800, 200)) a.push(b);
    a.advanceTo(600 * FS);
    expect(out.map((w) => w.reason)).toEqual([null, 'too-few-nn']);
    expect(out[1].counts.intervals).toBe(0);
  });

  it('rejects beats out of order', () => {
    const a = new HrvAnalyzer({ sampleRate: FS }, () => {});
    a.push(1000);
    expect(() => a.push(900)).toThrow(/sample/);
  });
});
