import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../filters/testing.js';
import { beatsFromRr } from './testing.js';
import { DspParameterError } from '../../filters/errors.js';
import { detectQrs } from '../../qrs/index.js';
import { synthesizeEcg } from '../../synth/index.js';
import type { BeatLabel, Episode } from '../types.js';
import { atrialScores } from './atrial-activity.js';
import { AfDetector, detectAf } from './detector.js';
import { AfInputError } from './errors.js';

const FS = 250; // Hz


const beatsOf = (rrs: readonly number[]): number[] => beatsFromRr(rrs, FS);

const sinus = (n: number, rr: number, seed: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: n }, () => rr * (1 + 0.02 * (r() - 0.5)));
};
/** AF: independent RR, uniform within ±spread of the mean (CV = spread / sqrt(3)). */
const af = (n: number, mean: number, spread: number, seed: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: n }, () => mean * (1 + spread * (2 * r() - 1)));
};

const afTime = (eps: readonly Episode[]): number => eps.reduce((t, e) => t + ((e.end ?? e.start) - e.start), 0);

describe('AfDetector on synthetic RR series', () => {
  it('flags AF (irregularly irregular RR) as one AFIB warning episode covering it', () => {
    const beats = beatsOf(af(600, 0.65, 0.35, 1));
    const eps = detectAf(beats, { sampleRate: FS });
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ type: 'AFIB', severity: 'warning' });
    // a stream that starts in AF needs about 20 beats of history (novelty, medians) first
    expect(eps[0].start).toBeLessThanOrEqual(beats[25]);
    expect(eps[0].end).toBe(beats[beats.length - 1]);
    expect(eps[0].confidence).toBeGreaterThan(0.5);
  });

  it('normalises by the mean RR: AF at 45 and at 160 bpm is flagged, with a modest spread', () => {
    for (const mean of [1.33, 0.375]) {
      const beats = beatsOf(af(400, mean, 0.25, 2));
      expect(afTime(detectAf(beats, { sampleRate: FS })) / (beats[beats.length - 1] - beats[25])).toBeGreaterThan(0.98);
    }
  });

  it('lowers its thresholds at fast ventricular rates only (fastThresholdFactor)', () => {
    const covered = (beats: number[], opts: object = {}): number =>
      afTime(detectAf(beats, { sampleRate: FS, ...opts })) / (beats[beats.length - 1] - beats[0]);
    // AF regularised by a fast ventricular response: ±13% at 158 bpm
    const fast = beatsOf(af(600, 0.38, 0.13, 50));
    expect(covered(fast)).toBeGreaterThan(0.9);
    expect(covered(fast, { fastThresholdFactor: 1 })).toBe(0);
    // the same irregularity at 55 bpm keeps the full threshold, and sinus tachycardia stays regular
    expect(covered(beatsOf(af(600, 1.1, 0.13, 50)))).toBeLessThan(0.2);
    expect(detectAf(beatsOf(sinus(600, 0.38, 51)), { sampleRate: FS })).toEqual([]);
  });

  it('puts the onset and offset of AF between sinus stretches at the change, give or take a beat or two', () => {
    const onsets: number[] = [];
    const offsets: number[] = [];
    const decidedOnsets: number[] = [];
    for (let seed = 3; seed < 33; seed += 3) {
      const rrs = [...sinus(200, 0.85, seed), ...af(300, 0.6, 0.35, seed + 1), ...sinus(200, 0.85, seed + 2)];
      const beats = beatsOf(rrs);
      const eps = detectAf(beats, { sampleRate: FS });
      expect(eps).toHaveLength(1);
      onsets.push(beats.indexOf(eps[0].start) - 200);
      offsets.push(beats.indexOf(eps[0].end as number) - 500);
      // where the decisions changed: the centred median crosses the on bar only once most of its
      // window is AF, and the ectopic filter's reference still holds the slower sinus rate
      decidedOnsets.push(beats.indexOf(detectAf(beats, { sampleRate: FS, refineEdges: false })[0].start) - 200);
    }
    const meanAbs = (xs: number[]): number => xs.reduce((a, b) => a + Math.abs(b), 0) / xs.length;
    // random AF can open with a few similar intervals (or an early first one, dropped as ectopic)
    for (const d of [...onsets, ...offsets]) expect(Math.abs(d)).toBeLessThanOrEqual(6);
    expect(meanAbs(onsets)).toBeLessThanOrEqual(2);
    expect(meanAbs(offsets)).toBeLessThanOrEqual(2);
    expect(meanAbs(decidedOnsets)).toBeGreaterThan(4);
  });

  it('does not flag regular sinus rhythm, nor sinus with a few missed and extra beats', () => {
    expect(detectAf(beatsOf(sinus(1000, 0.8, 6)), { sampleRate: FS })).toEqual([]);
    const r = rng(7);
    const rrs: number[] = [];
    for (const rr of sinus(1000, 0.8, 8)) {
      const u = r();
      if (u < 0.02) rrs.push(rr * 2); // missed beat
      else if (u < 0.04) rrs.push(rr * 0.4, rr * 0.6); // extra detection inside the interval
      else rrs.push(rr);
    }
    expect(detectAf(beatsOf(rrs), { sampleRate: FS })).toEqual([]);
  });

  it('does not flag respiratory sinus arrhythmia (RR swinging ±8% every 4 beats)', () => {
    const rrs = Array.from({ length: 800 }, (_, i) => 0.9 * (1 + 0.08 * Math.sin((2 * Math.PI * i) / 4.3)));
    expect(detectAf(beatsOf(rrs), { sampleRate: FS })).toEqual([]);
  });

  it('does not flag ventricular bigeminy, labelled or not', () => {
    const rrs = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? 0.55 : 1.15));
    const beats = beatsOf(rrs);
    const labels: BeatLabel[] = beats.map((_, i) => (i % 2 === 1 ? 'V' : 'N'));
    expect(detectAf(beats, { sampleRate: FS })).toEqual([]);
    expect(detectAf(beats, { sampleRate: FS }, labels)).toEqual([]);
  });

  it('does not flag frequent PVCs (one beat in three to six) nor barely premature PACs', () => {
    const r = rng(9);
    const rrs: number[] = [];
    const labels: BeatLabel[] = ['N'];
    while (rrs.length < 1000) {
      const run = 2 + Math.floor(r() * 4);
      for (let k = 0; k < run; k++) rrs.push(0.8 * (1 + 0.02 * (r() - 0.5)));
      labels.push(...Array<BeatLabel>(run).fill('N'));
      const coupling = 0.55 + 0.15 * r();
      rrs.push(0.8 * coupling, 0.8 * (2 - coupling)); // premature, then the compensatory pause
      labels.push('V', 'N');
    }
    const beats = beatsOf(rrs);
    expect(detectAf(beats, { sampleRate: FS })).toEqual([]);
    expect(detectAf(beats, { sampleRate: FS }, labels)).toEqual([]);
    // quadrigeminal PACs only 10% early, pause not compensatory: repetitive, so not AF
    const pacs = Array.from({ length: 800 }, (_, i) => [0.6, 0.6, 0.54, 0.66][i % 4]);
    expect(detectAf(beatsOf(pacs), { sampleRate: FS })).toEqual([]);
  });

  it('does not flag atrial flutter with 2:1/4:1 block, alternating or varying at random', () => {
    const cycle = 0.22; // s, flutter wave period
    const alternating = Array.from({ length: 600 }, (_, i) => cycle * (i % 2 === 0 ? 2 : 4));
    expect(detectAf(beatsOf(alternating), { sampleRate: FS })).toEqual([]);
    const r = rng(10);
    const varying = Array.from({ length: 600 }, () => cycle * (r() < 0.6 ? 2 : 4));
    expect(detectAf(beatsOf(varying), { sampleRate: FS })).toEqual([]);
  });

  it('does not flag a paced rhythm (fixed rate, sample-exact)', () => {
    expect(detectAf(beatsOf(Array<number>(800).fill(0.857)), { sampleRate: FS })).toEqual([]);
  });

  it('does not flag atrial bigeminy (PAC every other beat, coupling varying ±10%), unlabelled', () => {
    const r = rng(40);
    const rrs = Array.from({ length: 400 }, (_, i) => (i % 2 ? 1.05 : 0.55) * (1 + 0.1 * (r() - 0.5)));
    expect(detectAf(beatsOf(rrs), { sampleRate: FS })).toEqual([]);
  });

  it('with a COSEn bar does not flag RR spread like AF that follow one another in order, as it does without', () => {
    // each interval a fixed function of the one before (logistic map over 0.4-0.9 s): |ΔRR| is AF-like
    let x = 0.1 + 0.8 * rng(32)();
    const rrs = Array.from({ length: 600 }, () => {
      x = 3.99 * x * (1 - x);
      return 0.4 + 0.5 * x;
    });
    const beats = beatsOf(rrs);
    expect(afTime(detectAf(beats, { sampleRate: FS }))).toBeGreaterThan(30 * FS); // off by default
    expect(detectAf(beats, { sampleRate: FS, cosenThreshold: 4 })).toEqual([]);
    // the same intervals shuffled are AF
    const r = rng(33);
    const mixed = [...rrs];
    for (let i = mixed.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [mixed[i], mixed[j]] = [mixed[j], mixed[i]];
    }
    expect(afTime(detectAf(beatsOf(mixed), { sampleRate: FS, cosenThreshold: 4 }))).toBeGreaterThan(0.9 * (beatsOf(mixed).at(-1)! - FS));
  });

  it('ignores AF shorter than minOnBeats and does not split an episode on a short regular run', () => {
    const short = [...sinus(200, 0.85, 11), ...af(15, 0.6, 0.35, 12), ...sinus(200, 0.85, 13)];
    expect(detectAf(beatsOf(short), { sampleRate: FS })).toEqual([]);
    const split = [...af(200, 0.6, 0.35, 14), ...sinus(8, 0.7, 15), ...af(200, 0.6, 0.35, 16)];
    expect(detectAf(beatsOf(split), { sampleRate: FS })).toHaveLength(1);
  });
});

describe('AfDetector at a pause', () => {
  it('ends an episode at a pause longer than pauseRr, however irregular the escape beats after it', () => {
    // AF stops into a 3.6-s pause; slow, somewhat irregular escape beats, then sinus
    const rrs = [...af(300, 0.6, 0.35, 30), 3.6, ...af(40, 1.3, 0.1, 31), ...sinus(200, 0.9, 32)];
    const beats = beatsOf(rrs);
    const cut = detectAf(beats, { sampleRate: FS });
    expect(cut).toHaveLength(1);
    expect(cut[0].end).toBeLessThanOrEqual(beats[300]);
    expect(cut[0].end).toBeGreaterThan(beats[290]);
    // without the cut (and without the edge refiner, which finds the change in the intervals too)
    const uncut = detectAf(beats, { sampleRate: FS, pauseRr: 10, refineEdges: false });
    expect(uncut[0].end).toBeGreaterThan(beats[301]);
  });

  it('splits AF at a pause but reopens it, backdated, when AF goes on after it', () => {
    const rrs = [...af(200, 0.6, 0.35, 33), 3.5, ...af(200, 0.6, 0.35, 34)];
    const beats = beatsOf(rrs);
    const eps = detectAf(beats, { sampleRate: FS });
    expect(eps).toHaveLength(2);
    expect(eps[1].start).toBeLessThan(beats[201 + 25]);
    expect(eps[1].end).toBe(beats[beats.length - 1]);
  });
});

describe('AfDetector streaming', () => {
  const rrs = [...sinus(150, 0.85, 20), ...af(250, 0.6, 0.35, 21), ...sinus(150, 0.8, 22), ...af(200, 0.7, 0.3, 23)];
  const beats = beatsOf(rrs);

  it('opens and closes at fixed delays in beats after the episode start and end beats', () => {
    const events: { event: string; at: number; episode: Episode }[] = [];
    let pushed = 0;
    const det = new AfDetector({ sampleRate: FS }, (episode, event) => events.push({ event, at: pushed, episode: { ...episode } }));
    for (const b of beats) {
      det.pushBeat(b);
      pushed++;
    }
    det.flush();
    const opens = events.filter((e) => e.event === 'open');
    const closes = events.filter((e) => e.event === 'close');
    expect(opens).toHaveLength(2);
    expect(closes).toHaveLength(2);
    // the decided start and end come at fixed delays; the edge refiner moves what is reported by up to edgeRadiusBeats
    for (const o of opens) expect(Math.abs(o.at - beats.indexOf(o.episode.start) - det.openDelayBeats)).toBeLessThanOrEqual(det.edgeRadiusBeats);
    const first = closes[0];
    expect(Math.abs(first.at - beats.indexOf(first.episode.end as number) - det.closeDelayBeats)).toBeLessThanOrEqual(det.edgeRadiusBeats);
    const fixed = new AfDetector({ sampleRate: FS, refineEdges: false }, () => {});
    expect(fixed.edgeRadiusBeats).toBe(0);
    expect(first.episode.start).toBe(opens[0].episode.start);
    // the last episode runs to the end of the stream and is closed by flush()
    expect(closes[1].at).toBe(beats.length);
  });

  it('gives the same episodes beat by beat, in batch, and after a flush() reuse', () => {
    const streamed: Episode[] = [];
    const det = new AfDetector({ sampleRate: FS }, (ep, event) => {
      if (event === 'close') streamed.push({ ...ep });
    });
    for (const b of beats) det.pushBeat(b);
    det.flush();
    const again = streamed.length;
    for (const b of beats) det.pushBeat(b);
    det.flush();
    expect(streamed.slice(again)).toEqual(streamed.slice(0, again));
    expect(detectAf(beats, { sampleRate: FS })).toEqual(streamed.slice(0, again));
    expect(streamed.length).toBe(4);
  });

  it('with the COSEn bar on, gives the same episodes beat by beat, in batch, and after a flush() reuse', () => {
    const opts = { sampleRate: FS, cosenThreshold: 4 };
    const streamed: Episode[] = [];
    const det = new AfDetector(opts, (ep, event) => {
      if (event === 'close') streamed.push({ ...ep });
    });
    for (let pass = 0; pass < 2; pass++) {
      for (const b of beats) det.pushBeat(b);
      det.flush();
    }
    const batch = detectAf(beats, opts);
    expect(batch.length).toBe(2);
    expect(streamed).toEqual([...batch, ...batch]);
  });

  it('refuses a beat that is not after the previous one and goes on unchanged', () => {
    const good = detectAf(beats, { sampleRate: FS });
    const got: Episode[] = [];
    const det = new AfDetector({ sampleRate: FS }, (ep, event) => {
      if (event === 'close') got.push({ ...ep });
    });
    beats.forEach((b, i) => {
      det.pushBeat(b);
      if (i === 300) {
        expect(() => det.pushBeat(b)).toThrow(AfInputError);
        expect(() => det.pushBeat(b - 10)).toThrow(/not after the previous beat/);
        expect(() => det.pushBeat(Number.NaN)).toThrow(AfInputError);
      }
    });
    det.flush();
    expect(got).toEqual(good);
  });

  it('rejects bad options with a typed error naming the option', () => {
    expect(() => new AfDetector({ sampleRate: 0 }, () => {})).toThrow(DspParameterError);
    expect(() => new AfDetector({ sampleRate: FS, windowBeats: 24 }, () => {})).toThrow(/windowBeats/);
    expect(() => new AfDetector({ sampleRate: FS, fastThresholdFactor: 0 }, () => {})).toThrow(/fastThresholdFactor/);
    expect(() => new AfDetector({ sampleRate: FS, onThreshold: 0.05, offThreshold: 0.06 }, () => {})).toThrow(/offThreshold/);
    expect(() => new AfDetector({ sampleRate: FS, cosenThreshold: Number.NaN }, () => {})).toThrow(/cosenThreshold/);
    expect(() => new AfDetector({ sampleRate: FS, cosenThreshold: -Infinity }, () => {})).not.toThrow();
  });
});

describe('AfDetector end to end on a synthetic ECG', () => {
  it('QRS detector -> AF detector: flags the AF half of a sinus-then-AF signal only', () => {
    const rrs = [...sinus(60, 0.8, 30), ...af(90, 0.6, 0.35, 31)];
    const beatTimes: number[] = [1];
    for (const rr of rrs) beatTimes.push(beatTimes[beatTimes.length - 1] + rr);
    const duration = beatTimes[beatTimes.length - 1] + 1;
    const { signal, beats } = synthesizeEcg({ sampleRate: FS, beatTimes, duration });
    const detected = detectQrs([signal], FS);
    const eps = detectAf(detected, { sampleRate: FS });
    expect(eps).toHaveLength(1);
    expect(Math.abs(eps[0].start - beats[60]) / FS).toBeLessThan(8); // s: about 12 AF beats, as above
  });
});

describe('AfDetector with P-wave evidence', () => {
  it('does not call irregular RR AF while P waves repeat before the QRS, and does once they go', () => {
    const beats = beatsOf(af(600, 0.7, 0.35, 40));
    const p = (score: number) => beats.map(() => score);
    expect(detectAf(beats, { sampleRate: FS }, undefined, p(0.9))).toEqual([]);
    expect(detectAf(beats, { sampleRate: FS }, undefined, p(0.05))).toEqual(detectAf(beats, { sampleRate: FS }));
    // P waves for the first 300 beats, none after: AF from about beat 300 on
    const half = beats.map((_, i) => (i < 300 ? 0.9 : 0.05));
    const eps = detectAf(beats, { sampleRate: FS }, undefined, half);
    expect(eps).toHaveLength(1);
    expect(Math.abs(eps[0].start - beats[300]) / FS).toBeLessThan(15 * 0.7); // s: within the median's reach
  });

  it('stays RR-only where the scores are unknown (NaN) or too few', () => {
    const beats = beatsOf(af(400, 0.7, 0.35, 41));
    const sparse = beats.map((_, i) => (i % 10 === 0 ? 0.95 : Number.NaN)); // 2-3 scores per 25-beat window
    expect(detectAf(beats, { sampleRate: FS }, undefined, sparse)).toEqual(detectAf(beats, { sampleRate: FS }));
  });

  it('end to end: an ECG with P waves at AF-like irregular RR is flagged on RR alone but not with its P-wave scores', () => {
    const rrs = af(150, 0.8, 0.3, 42);
    const beatTimes: number[] = [1];
    for (const rr of rrs) beatTimes.push(beatTimes[beatTimes.length - 1] + rr);
    const { signal } = synthesizeEcg({ sampleRate: FS, beatTimes, duration: beatTimes[beatTimes.length - 1] + 1 });
    const detected = detectQrs([signal], FS);
    expect(detectAf(detected, { sampleRate: FS }).length).toBeGreaterThan(0);
    const pWaves = atrialScores(signal, detected, FS);
    expect(detectAf(detected, { sampleRate: FS }, undefined, pWaves)).toEqual([]);
  });
});
