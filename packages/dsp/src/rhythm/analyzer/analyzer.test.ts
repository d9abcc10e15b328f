import { describe, expect, it } from 'vitest';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/synthetic-ecg.js';
import type { Episode } from '../types.js';
import { syntheticVf } from '../vf/testing.js';
import { RhythmAnalyzer } from './analyzer.js';
import { analyzeBeats, analyzeRecord, type AnalysisResult } from './batch.js';

const FS = 250;

/** Seeded uniform noise, mV. */
function addNoise(x: Float64Array, rms: number, seed = 7): Float64Array {
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] += rms * Math.sqrt(3) * (2 * (s / 2 ** 32) - 1);
  }
  return x;
}

function ecg(beatTimes: number[], duration: number, ventricular?: Set<number>): Float64Array {
  return addNoise(synthesizeEcg({ sampleRate: FS, beatTimes, duration, ventricular }).signal, 0.01);
}

const types = (r: AnalysisResult) => r.episodes.map((e) => `${e.type}:${e.severity}`);

/** Analyses in random chunk sizes (seeded). */
function analyzeRandomChunks(signal: Float64Array, seed: number): AnalysisResult {
  const beats: AnalysisResult['beats'] = [];
  const episodes: Episode[] = [];
  const seconds: AnalysisResult['seconds'] = [];
  const an = new RhythmAnalyzer({ sampleRate: FS }, {
    onBeat: (sample, label) => beats.push({ sample, label }),
    onEpisode: (ep, ev) => ev === 'close' && episodes.push({ ...ep }),
    onSecond: () => seconds.push('good'),
  });
  let s = seed;
  for (let at = 0; at < signal.length; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const len = 1 + (s % 700);
    an.push(signal.subarray(at, Math.min(signal.length, at + len)));
    at += len;
  }
  return { beats, episodes, seconds, summary: an.flush() };
}

describe('RhythmAnalyzer on synthetic ECG', () => {
  // 60 s: steady 70 bpm, a 3.5 s pause at 20 s, a couplet and a 4-beat VT run
  const times = [...steadyBeatTimes(70, 20)];
  const last = times[times.length - 1];
  const after = [...steadyBeatTimes(70, 40)].map((t) => t + last + 3.5 - 0.4);
  const all = [...times, ...after].filter((t) => t < 59.5);
  const ventricular = new Set<number>([times.length + 10, times.length + 11]);
  const runStart = times.length + 20;
  for (let i = 0; i < 4; i++) ventricular.add(runStart + i);
  // the run beats come fast (150 bpm)
  for (let i = 0; i < 4; i++) all[runStart + i] = all[runStart - 1] + 0.4 * (i + 1);
  for (let i = runStart + 4; i < all.length; i++) all[i] = all[i - 1] + 60 / 70;
  const beatTimes = all.filter((t) => t < 59.5);
  const signal = ecg(beatTimes, 60, ventricular);

  it('finds every beat, the pause (urgent) and the runs, and no asystole', () => {
    const r = analyzeRecord([signal], { sampleRate: FS });
    expect(r.beats.length).toBeGreaterThanOrEqual(beatTimes.length - 1);
    expect(r.beats.length).toBeLessThanOrEqual(beatTimes.length);
    const pause = r.episodes.find((e) => e.type === 'PAUSE');
    expect(pause).toBeDefined();
    expect(pause!.severity).toBe('urgent');
    expect(Math.abs(pause!.start / FS - last)).toBeLessThan(0.1);
    expect(types(r)).not.toContain('ASYSTOLE:urgent');
    expect(r.beats.filter((b) => b.label === 'V').length).toBeGreaterThanOrEqual(5);
    expect(r.summary.heartRate.meanBpm).toBeGreaterThan(60);
  });

  it('gives identical beats, episodes and summary whatever the chunk sizes', () => {
    const whole = analyzeRecord([signal], { sampleRate: FS });
    for (const seed of [1, 2, 3]) expect(analyzeRandomChunks(signal, seed)).toEqual({ ...whole, seconds: whole.seconds.map(() => 'good') });
    expect(analyzeRecord([signal], { sampleRate: FS }, 1)).toEqual(whole);
  });

  it('gives identical results whatever the chunk sizes with two leads (cross-lead agreement, P waves)', () => {
    // second lead: smaller, with artefact bumps of its own, so the cross-lead evidence is exercised
    const lead1 = signal.map((v, i) => 0.6 * v + (i % 1931 < 20 ? 0.8 * Math.sin((Math.PI * (i % 1931)) / 20) : 0));
    const whole = analyzeRecord([signal, lead1], { sampleRate: FS });
    expect(analyzeRecord([signal, lead1], { sampleRate: FS }, 997)).toEqual(whole);
    expect(analyzeRecord([signal, lead1], { sampleRate: FS }, 1)).toEqual(whole);
  });

  it('gives identical results pushed by ranges of the caller block (the gateway pushes each serial read)', () => {
    const lead1 = signal.map((v) => 0.7 * v);
    const whole = analyzeRecord([signal, lead1], { sampleRate: FS });
    const beats: AnalysisResult['beats'] = [];
    const episodes: Episode[] = [];
    const an = new RhythmAnalyzer({ sampleRate: FS, leads: 2 }, {
      onBeat: (sample, label) => beats.push({ sample, label }),
      onEpisode: (ep, ev) => ev === 'close' && episodes.push({ ...ep }),
    });
    // Ranges of 1..13 samples, never a whole array, so every stage must honour the offset.
    for (let at = 0, k = 0; at < signal.length; k++) {
      const len = Math.min(1 + ((k * 7) % 13), signal.length - at);
      an.push(signal, lead1, at, len);
      at += len;
    }
    const summary = an.flush();
    expect(beats).toEqual(whole.beats);
    expect(episodes).toEqual(whole.episodes);
    expect(summary).toEqual(whole.summary);
  });

  it('refuses a range outside the block, naming it', () => {
    const an = new RhythmAnalyzer({ sampleRate: FS }, { onBeat: () => {} });
    expect(() => an.push(new Float64Array(10), undefined, 8, 5)).toThrow(/samples \[8, 13\) are not inside the 10 given/);
    expect(() => an.push(new Float64Array(10), undefined, -1, 2)).toThrow(RangeError);
  });

  it('reports electrodes off as LEADOFF, never ASYSTOLE or PAUSE', () => {
    const x = ecg([...steadyBeatTimes(70, 40)], 40);
    x.fill(0, 15 * FS, 27 * FS); // 12 s flat line
    const r = analyzeRecord([x], { sampleRate: FS });
    expect(types(r)).toContain('LEADOFF:warning');
    expect(types(r).filter((t) => /ASYSTOLE|PAUSE|BRADY/.test(t))).toEqual([]);
    const off = r.episodes.find((e) => e.type === 'LEADOFF')!;
    expect(off.start / FS).toBeGreaterThanOrEqual(14);
    expect(off.end! / FS).toBeLessThanOrEqual(29);
  });

  it('raises ASYSTOLE when the signal stays readable but no beat comes', () => {
    const x = ecg([...steadyBeatTimes(70, 15)], 40); // beats stop at 15 s, low noise continues
    const r = analyzeRecord([x], { sampleRate: FS });
    expect(types(r)).toContain('ASYSTOLE:urgent');
    expect(types(r)).not.toContain('PAUSE:urgent'); // the same gap: one alarm, renamed when it reached 4 s
  });

  it('keeps ASYSTOLE open while only P waves go on (ventricular standstill), and reports them as no beats', () => {
    // a minute of beats first, so that the P waves do not become the normal class within the 30 s
    const beatTimes = [...steadyBeatTimes(70, 60)];
    const x = ecg(beatTimes, 90);
    // 0.2-mV P waves (sigma 20 ms) go on at the sinus rate, 160 ms before where each QRS would have been
    const rr = 60 / 70;
    for (let t = beatTimes[beatTimes.length - 1] + rr - 0.16; t < 90; t += rr) {
      for (let i = Math.round((t - 0.1) * FS); i < Math.min(x.length, Math.round((t + 0.1) * FS)); i++) x[i] += 0.2 * Math.exp(-0.5 * ((i / FS - t) / 0.02) ** 2);
    }
    const r = analyzeRecord([x], { sampleRate: FS });
    const gaps = r.episodes.filter((e) => e.type === 'ASYSTOLE' || e.type === 'PAUSE');
    expect(gaps.map((e) => `${e.type}:${e.severity}`)).toEqual(['ASYSTOLE:urgent']);
    expect(gaps[0].end as number).toBeGreaterThanOrEqual(89 * FS); // to the end: no all-clear on a P wave
    expect(r.beats.filter((b) => b.sample > 65 * FS && b.label !== 'Q')).toEqual([]);
    const chunked = analyzeRandomChunks(x, 11);
    expect(chunked.episodes).toEqual(r.episodes);
    expect(chunked.beats).toEqual(r.beats);
  });
});

describe('RhythmAnalyzer over minutes of ventricular standstill', () => {
  /** 20 s of beats at 70/min, then 0.2-mV P waves alone at the same rate until `pWavesUntil` s, then beats again until `end` s. */
  function standstill(pWavesUntil: number, end: number): { x: Float64Array; lastBeat: number; back: number } {
    const rr = 60 / 70;
    const before = [...steadyBeatTimes(70, 20)];
    const lastBeat = before[before.length - 1];
    const back = pWavesUntil + 0.16;
    const after: number[] = [];
    for (let t = back; t < end - 0.5; t += rr) after.push(t);
    const x = ecg([...before, ...after], end);
    for (let t = lastBeat + rr - 0.16; t < pWavesUntil; t += rr) {
      for (let i = Math.round((t - 0.1) * FS); i < Math.min(x.length, Math.round((t + 0.1) * FS)); i++) x[i] += 0.2 * Math.exp(-0.5 * ((i / FS - t) / 0.02) ** 2);
    }
    return { x, lastBeat, back };
  }

  it('keeps ASYSTOLE up after the P waves outnumber the old beats, and ends it at the first QRS', () => {
    // 23 beats, then 140 P waves: measured against their own class, which by then is the normal
    // one, the P waves would read QRS-sized and end the alarm within the first minute
    const { x, lastBeat, back } = standstill(140, 160);
    const r = analyzeRecord([x], { sampleRate: FS });
    const gaps = r.episodes.filter((e) => e.type === 'ASYSTOLE' || e.type === 'PAUSE');
    expect(gaps.map((e) => `${e.type}:${e.severity}`)).toEqual(['ASYSTOLE:urgent']);
    expect(Math.abs((gaps[0].start as number) / FS - lastBeat)).toBeLessThan(0.1);
    expect(Math.abs((gaps[0].end as number) / FS - back)).toBeLessThan(0.1); // the first QRS ends it, not a P wave
    expect(r.beats.filter((b) => b.sample > (lastBeat + 1) * FS && b.sample < (back - 0.5) * FS && b.label !== 'Q')).toEqual([]);
    expect(r.beats.filter((b) => b.sample > (back + 10) * FS && b.label === 'N').length).toBeGreaterThan(5); // the beats that came back count
    const chunked = analyzeRandomChunks(x, 5);
    expect(chunked.episodes).toEqual(r.episodes);
    expect(chunked.beats).toEqual(r.beats);
  });
});

describe('RhythmAnalyzer with the first lead off', () => {
  /** Two leads of the same beats, the second scaled by `secondScale`; the first flat from `offAt` s. */
  function twoLeads(beatTimes: number[], duration: number, secondScale: number, offAt: number): Float64Array[] {
    const first = ecg(beatTimes, duration);
    const second = addNoise(synthesizeEcg({ sampleRate: FS, beatTimes, duration, amplitude: 1.2 * secondScale }).signal, 0.01, 11);
    first.fill(0, offAt * FS);
    return [first, second];
  }
  const urgent = (r: AnalysisResult) => types(r).filter((t) => t.endsWith(':urgent'));
  const gaps = (r: AnalysisResult) => types(r).filter((t) => /ASYSTOLE|PAUSE|BRADY/.test(t));

  it('goes on with the second lead where that one showed the beats', () => {
    const r = analyzeRecord(twoLeads([...steadyBeatTimes(70, 120)], 120, 0.6, 60), { sampleRate: FS });
    expect(gaps(r)).toEqual([]);
    expect(types(r)).not.toContain('LEADOFF:warning');
    expect(r.beats.filter((b) => b.sample > 65 * FS).length).toBeGreaterThan(60);
  });

  it('reports LEADOFF, and no pause or asystole, where the second lead never showed the beats (QRS under the detection floor)', () => {
    const r = analyzeRecord(twoLeads([...steadyBeatTimes(70, 120)], 120, 0.05, 60), { sampleRate: FS });
    expect(gaps(r)).toEqual([]);
    expect(urgent(r)).toEqual([]);
    const off = r.episodes.find((e) => e.type === 'LEADOFF');
    expect(off).toBeDefined();
    expect(off!.start / FS).toBeLessThan(62);
    expect(r.beats.filter((b) => b.sample > 62 * FS)).toEqual([]);
  });

  it('raises an urgent ASYSTOLE when the beats stop on both leads on, though the second never showed them', () => {
    // the second lead's QRS under the detection floor (mitdb 101's V1): its silence is its usual state,
    // and the first lead shows nothing at all in the gap, so the gap is plain
    const beatTimes = [...steadyBeatTimes(70, 60)];
    const first = ecg(beatTimes, 90);
    const second = addNoise(synthesizeEcg({ sampleRate: FS, beatTimes, duration: 90, amplitude: 1.2 * 0.05 }).signal, 0.01, 11);
    const r = analyzeRecord([first, second], { sampleRate: FS });
    expect(urgent(r)).toContain('ASYSTOLE:urgent');
    // (gaps under motion beside such a lead stay warnings: tests/rhythm-noise-em.test.ts, mitdb 101)
  });

  it('still raises ASYSTOLE when the beats stop on a second lead that showed them', () => {
    const r = analyzeRecord(twoLeads([...steadyBeatTimes(70, 60)], 90, 0.6, 30), { sampleRate: FS });
    expect(types(r)).toContain('ASYSTOLE:urgent');
  });
});

describe('RhythmAnalyzer in ventricular fibrillation', () => {
  // 150 s of sinus rhythm at 70/min, 30 s of VF, 150 s of sinus rhythm again: one whole 5-min HRV window holds the VF
  const before = [...steadyBeatTimes(70, 150)];
  const after = [...steadyBeatTimes(70, 150)].map((t) => t + 180);
  const signal = ecg([...before, ...after], 330);
  signal.set(syntheticVf(30, FS), 150 * FS);
  const r = analyzeRecord([signal], { sampleRate: FS });
  const vf = r.episodes.filter((e) => e.type === 'VFIB');

  it('labels the detections under the VFIB flag Q (fibrillation waves) and counts them apart', () => {
    expect(vf.length).toBe(1);
    const under = r.beats.filter((b) => b.sample >= vf[0].start && b.sample <= vf[0].end!);
    expect(under.length).toBeGreaterThan(30); // the QRS detector does fire on 4-7 Hz fibrillation
    expect(under.filter((b) => b.label !== 'Q').length).toBeLessThanOrEqual(1); // a second's edge at most
    expect(r.summary.fibrillationWaves).toBe(r.beats.filter((b) => b.label === 'Q' && b.sample >= vf[0].start - FS && b.sample <= vf[0].end! + FS).length);
    expect(r.summary.beats + r.summary.fibrillationWaves).toBe(r.beats.length);
  });

  it('keeps fibrillation waves out of the heart rate, the burden, AF and HRV', () => {
    const s = r.summary;
    expect(s.burden.beats).toBe(s.beats);
    expect(s.burden.counts.N).toBeGreaterThanOrEqual(before.length + after.length - 8); // the sinus beats, some lost to the VF's edges
    expect(s.burden.counts.V + s.burden.counts.Q).toBeLessThanOrEqual(4);
    expect(s.heartRate.maxBpm!).toBeLessThan(90); // the waves' "rate" is 250-400/min
    expect(s.heartRate.meanBpm!).toBeGreaterThan(65);
    expect(s.heartRate.meanBpm!).toBeLessThan(75);
    expect(r.episodes.filter((e) => e.type === 'AFIB')).toEqual([]);
    expect(s.burden.afSeconds).toBe(0);
    const w = s.hrv[0];
    expect(w.end).toBe(300 * FS);
    expect(w.counts.beats.Q).toBeGreaterThanOrEqual(s.fibrillationWaves); // every wave is in the window, none an NN interval
    expect(w.counts.nn).toBeGreaterThan(0.9 * (300 - 30) * (70 / 60) - 10);
    expect(60000 / w.meanNnMs!).toBeGreaterThan(68);
    expect(60000 / w.meanNnMs!).toBeLessThan(72);
    expect(w.sdnnMs!).toBeLessThan(60);
  });

  it('gives the same beats, labels and summary whatever the chunk sizes', () => {
    expect(analyzeRecord([signal], { sampleRate: FS }, 333)).toEqual(r);
    expect(analyzeRandomChunks(signal, 5)).toEqual({ ...r, seconds: r.seconds.map(() => 'good') });
  });
});

describe('RhythmAnalyzer pauses in real time', () => {
  it('raises a pause at 2 s and escalates it at 3 s while it is still going on (sample clock, not the next beat)', () => {
    const before = [...steadyBeatTimes(70, 20)];
    const last = before[before.length - 1];
    const beatTimes = [...before, ...[...steadyBeatTimes(70, 15)].map((t) => t + last + 8 - 0.4)]; // an 8-s pause
    const x = ecg(beatTimes, 40);
    const seen: { severity: string; start: number; pushed: number }[] = [];
    let pushed = 0;
    const an = new RhythmAnalyzer({ sampleRate: FS }, {
      onEpisode: (ep, ev) => ev === 'open' && ep.type === 'PAUSE' && seen.push({ severity: ep.severity, start: ep.start, pushed }),
    });
    const step = FS / 10;
    for (let at = 0; at < x.length; at += step) {
      pushed = Math.min(x.length, at + step);
      an.push(x.subarray(at, pushed));
    }
    an.flush();
    // fixed delays: to the end of the second the threshold falls in (< 1 s), then the detector's
    // report delay or the quality's, whichever is longer, rounded up to whole seconds (ticks)
    const latency = 1 + Math.ceil(Math.max(an.rawDelay, an.qualityDelay) / FS) + 0.01;
    const lastS = last;
    expect(seen.map((e) => e.severity)).toEqual(['warning', 'urgent']);
    expect(Math.abs(seen[0].start / FS - lastS)).toBeLessThan(0.05);
    expect(seen[0].pushed / FS).toBeLessThanOrEqual(lastS + 2 + latency);
    expect(seen[1].pushed / FS).toBeLessThanOrEqual(lastS + 3 + latency);
    expect(seen[1].pushed / FS).toBeLessThan(lastS + 8); // before the next beat has even been pushed
  });
});

describe('RhythmAnalyzer beats mode', () => {
  it('runs the RR rules on given beats and labels; pushing beats in pieces changes nothing', () => {
    const samples: number[] = [];
    const labels: ('N' | 'V')[] = [];
    for (let i = 0; i < 60; i++) {
      samples.push(100 + i * 200 + (i > 30 ? 1000 : 0)); // 250 Hz, 75 bpm, a 4.8 s gap after beat 30
      labels.push(i >= 10 && i < 20 && i % 2 === 1 ? 'V' : 'N');
    }
    const whole = analyzeBeats(samples, labels, 14000, { sampleRate: FS });
    expect(types(whole)).toEqual(expect.arrayContaining(['BIGEMINY:warning', 'ASYSTOLE:urgent']));
    expect(types(whole)).not.toContain('PAUSE:urgent'); // the 4.8 s gap is one episode, PAUSE until 4 s, then ASYSTOLE
    const parts: Episode[] = [];
    const an = RhythmAnalyzer.forBeats({ sampleRate: FS }, { onEpisode: (ep, ev) => ev === 'close' && parts.push({ ...ep }) });
    for (let i = 0; i < samples.length; i += 7) an.pushBeats(samples.slice(i, i + 7), labels.slice(i, i + 7));
    an.flush(14000);
    expect(parts).toEqual(whole.episodes);
  });

  it('takes a silence between beats, or up to the end, longer than its 256-s queues (one ASYSTOLE each)', () => {
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) samples.push(100 + i * 200); // 48 s at 75 bpm
    for (let i = 0; i < 60; i++) samples.push(100 + 59 * 200 + 300 * FS + i * 200); // again, after 300 s without a beat
    const last = samples[samples.length - 1];
    const r = analyzeBeats(samples, undefined, last + 400 * FS, { sampleRate: FS }); // and 400 s more to the end
    const asystoles = r.episodes.filter((e) => e.type === 'ASYSTOLE');
    expect(asystoles).toHaveLength(2);
    expect(asystoles[0].start).toBeLessThan(samples[59] + 4 * FS);
    expect(asystoles[0].end).toBeGreaterThan(samples[60] - 2 * FS);
    expect(asystoles[1].start).toBeLessThan(last + 4 * FS);
    expect(r.summary.durationS).toBeCloseTo((last + 400 * FS) / FS, 0);
  });
});
