import { describe, expect, it } from 'vitest';
import { DspParameterError } from '../../filters/errors.js';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import type { Episode } from '../types.js';
import { detectShockable } from './detect-shockable.js';
import { decisionCounts } from './hysteresis.js';
import { MAX_BRIDGE_SECONDS } from './lead-window.js';
import { HOP_SECONDS, ShockableDetector, WINDOW_SECONDS, type ShockableDetectorOptions } from './shockable-detector.js';
import { syntheticVf } from './testing.js';
import { REPLACED_AFTER_S } from './solo-record.js';

const FS = 250; // Hz
const HOP = Math.round(HOP_SECONDS * FS); // samples between decisions
// The hysteresis counts the decisions that end whole seconds: this many in a row open an episode.
const OPEN_AFTER = decisionCounts(1).open;

function normalEcg(seconds: number, bpm: number): Float64Array {
  return synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(bpm, seconds, 0.05), duration: seconds }).signal;
}

function concat(...parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Event {
  event: 'open' | 'close';
  at: number; // samples pushed when the event was raised
  episode: Episode;
}

/** Pushes `signal` in the given chunk sizes (cycled) and records every event with its time. */
function runChunked(signal: Float64Array, chunks: readonly number[], opts: Partial<ShockableDetectorOptions> = {}): Event[] {
  const events: Event[] = [];
  let pushed = 0;
  const d = new ShockableDetector({ sampleRate: FS, ...opts }, (episode, event) => events.push({ event, at: pushed, episode: { ...episode } }));
  let i = 0;
  for (let c = 0; i < signal.length; c++) {
    const n = Math.min(chunks[c % chunks.length], signal.length - i);
    const chunk = signal.subarray(i, i + n);
    i += n;
    // `pushed` is the stream position at the end of this chunk: events happen inside push().
    pushed = i;
    d.push(chunk);
  }
  d.flush();
  return events;
}

describe('ShockableDetector', () => {
  it('raises one VFIB episode within 5 s of the onset of synthetic VF, and closes it after', () => {
    const onset = 20 * FS;
    const signal = concat(normalEcg(20, 72), syntheticVf(30, FS), normalEcg(20, 72));
    const episodes: Episode[] = [];
    const opened: number[] = [];
    let now = 0;
    const d = new ShockableDetector({ sampleRate: FS }, (e, event) => {
      if (event === 'open') opened.push(now);
      else episodes.push({ ...e });
    });
    for (let i = 0; i < signal.length; i += FS / 2) {
      now = i + FS / 2;
      d.push(signal.subarray(i, i + FS / 2));
    }
    d.flush();
    expect(episodes).toHaveLength(1);
    const [e] = episodes;
    expect(e.type).toBe('VFIB');
    expect(e.severity).toBe('urgent');
    expect(opened[0] - onset).toBeLessThanOrEqual(5 * FS);
    expect(opened[0]).toBeGreaterThan(onset);
    expect(e.start).toBeGreaterThan(onset - 2 * FS);
    expect(e.end as number).toBeGreaterThan(48 * FS);
    expect(e.end as number).toBeLessThan(53 * FS);
    expect(e.confidence).toBeGreaterThan(0.5);
  });

  it('bridges ADC saturation (short NaN runs, as WFDB reads a clipped wave) in VF, but not a long gap', () => {
    const vf = syntheticVf(30, FS);
    const clipped = vf.map((v) => (v < -0.3 ? Number.NaN : v)); // the negative rail: invalid samples
    let longest = 0;
    for (let i = 0, run = 0; i < clipped.length; i++) longest = Math.max(longest, (run = Number.isNaN(clipped[i]) ? run + 1 : 0));
    expect(longest).toBeGreaterThan(0);
    expect(longest).toBeLessThanOrEqual(MAX_BRIDGE_SECONDS * FS);
    expect(detectShockable([clipped], FS).map((e) => e.type)).toEqual(['VFIB']);

    const gapped = syntheticVf(40, FS);
    const gap = [15 * FS, 15 * FS + Math.round((MAX_BRIDGE_SECONDS + 0.05) * FS)];
    for (let i = gap[0]; i < gap[1]; i++) gapped[i] = Number.NaN;
    const refused: number[] = [];
    detectShockable([gapped], FS, (d) => {
      if (!d.analysable[0] && d.sample >= WINDOW_SECONDS * FS + FS) refused.push(d.sample); // the first windows also wait for the filter to settle
    });
    // Every window holding the gap, or within the settling second after it, is refused; no other.
    const window = WINDOW_SECONDS * FS;
    const expected: number[] = [];
    for (let s = HOP; s <= gapped.length; s += HOP) if (s >= window + FS && s - window - FS <= gap[1] - 1 && s > gap[0] + MAX_BRIDGE_SECONDS * FS) expected.push(s);
    expect(refused).toEqual(expected);
  });

  it('holds a VF episode through a gap on the lead (a lost or saturated signal), but not through a flat line', () => {
    const withStretch = (value: number) => {
      const x = syntheticVf(50, FS);
      for (let i = 20 * FS; i < 30 * FS; i++) x[i] = value;
      return detectShockable([x], FS);
    };
    const reference = detectShockable([syntheticVf(50, FS)], FS);
    const held = withStretch(Number.NaN);
    expect(held.map((e) => [e.type, e.start])).toEqual(reference.map((e) => [e.type, e.start]));
    expect(held[held.length - 1].end as number).toBeGreaterThan(48 * FS);
    // A readable flat line is asystole, which VF often becomes: the VF episode closes before it.
    const flat = withStretch(0);
    expect(flat.length).toBe(reference.length + 1);
    // (its last window reaches 2 s into the flat line), and the next starts after it
    expect(flat.map((e) => [Math.round(e.start / FS), Math.round((e.end as number) / FS)])).toEqual([[1, 22], [29, 50]]);
  });

  it('without the sure tier the open event comes exactly `delay` samples after the episode start; with it, one window after', () => {
    const signal = concat(normalEcg(13.3, 80), syntheticVf(20, FS));
    const d = new ShockableDetector({ sampleRate: FS }, () => {});
    expect(d.delay).toBe(Math.round(WINDOW_SECONDS * FS) + (OPEN_AFTER - 1) * FS);
    const waiting = runChunked(signal, [1], { sureThreshold: 1 }).find((e) => e.event === 'open');
    expect(waiting).toBeDefined();
    expect(waiting!.at - waiting!.episode.start).toBe(d.delay);
    // Synthetic VF is as sure as a window gets: by default the first window at the sure tier opens the episode, urgent,
    // without waiting for the run; the episode still starts at the first shockable window.
    const decisions: { sample: number; p: number }[] = [];
    detectShockable([signal], FS, (x) => decisions.push({ sample: x.sample, p: x.probability }));
    const firstSure = decisions.find((x) => x.p >= 0.95)!.sample;
    const sure = runChunked(signal, [1]).find((e) => e.event === 'open');
    expect(sure!.episode.severity).toBe('urgent');
    expect(sure!.at).toBe(firstSure);
    expect(sure!.at).toBeLessThan(waiting!.at);
    expect(sure!.episode.start).toBe(waiting!.episode.start);
  });

  it.each([60, 110, 160])('stays quiet on normal sinus rhythm at %i/min', (bpm) => {
    expect(detectShockable([normalEcg(120, bpm)], FS)).toEqual([]);
  });

  it('stays quiet on a flat line, on NaN and on a NaN gap in VF (a gap is not a rhythm)', () => {
    expect(detectShockable([new Float64Array(60 * FS)], FS)).toEqual([]);
    expect(detectShockable([new Float64Array(60 * FS).fill(0.8)], FS)).toEqual([]);
    expect(detectShockable([new Float64Array(60 * FS).fill(Number.NaN)], FS)).toEqual([]);
    const gapped = normalEcg(60, 70);
    for (let i = 20 * FS; i < 30 * FS; i++) gapped[i] = Number.NaN;
    expect(detectShockable([gapped], FS)).toEqual([]);
    const tiny = syntheticVf(30, FS).map((v) => v * 0.05); // 0.05 mV: below any VF amplitude, like asystole noise
    expect(detectShockable([tiny], FS)).toEqual([]);
  });

  it('decides alike whatever the input rate: the features are measured on one analysis grid', () => {
    // The same rhythm synthesised at each rate (sinus 20 s, VF 30 s, sinus 20 s). On the raw grid
    // the sample-counting features (Lempel-Ziv, phase-space fill) read one signal differently at
    // 125, 250 and 500 Hz.
    const run = (fs: number): { p: number[]; episodes: Episode[] } => {
      const sinus = (s: number): Float64Array => synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(72, s, 0.05), duration: s }).signal;
      const signal = concat(sinus(20), syntheticVf(30, fs), sinus(20));
      const p: number[] = [];
      const episodes: Episode[] = [];
      const d = new ShockableDetector({ sampleRate: fs }, (e, event) => event === 'close' && episodes.push({ ...e }), (x) => x.endsSecond && p.push(x.probability));
      d.push(signal);
      d.flush();
      return { p, episodes };
    };
    const ref = run(250);
    expect(ref.episodes.map((e) => `${e.type} ${e.severity}`)).toEqual(['VFIB urgent']);
    for (const fs of [125, 360, 500]) {
      const other = run(fs);
      expect(other.p).toHaveLength(ref.p.length);
      // Decision k ends second k; a window straddling a rhythm change (seconds 21-24 and 51-54)
      // may differ more, as the resampler (~0.1 s of latency) ends it a little earlier.
      const straddles = (second: number): boolean => (second > 20 && second <= 24) || (second > 50 && second <= 54);
      let steady = 0;
      let any = 0;
      for (let i = 0; i < ref.p.length; i++) {
        const d = Math.abs(other.p[i] - ref.p[i]);
        any = Math.max(any, d);
        if (!straddles(i + 1)) steady = Math.max(steady, d);
      }
      expect(steady).toBeLessThan(0.05);
      expect(any).toBeLessThan(0.2);
      expect(other.episodes.map((e) => `${e.type} ${e.severity}`)).toEqual(['VFIB urgent']);
      expect(Math.abs(other.episodes[0].start / fs - ref.episodes[0].start / 250)).toBeLessThanOrEqual(0.5);
      expect(Math.abs((other.episodes[0].end as number) / fs - (ref.episodes[0].end as number) / 250)).toBeLessThanOrEqual(0.5);
    }
  });

  it('is deaf to mains hum: 1 mV at 50 or 60 Hz neither raises VF on sinus rhythm nor changes it in VF', () => {
    const hum = (x: Float64Array, hz: number): Float64Array => x.map((v, i) => v + Math.sin((2 * Math.PI * hz * i) / FS));
    const decisions = (signal: Float64Array): number[] => {
      const p: number[] = [];
      const d = new ShockableDetector({ sampleRate: FS }, () => {}, (x) => x.endsSecond && p.push(x.probability));
      d.push(signal);
      return p;
    };
    const signal = concat(normalEcg(30, 72), syntheticVf(30, FS), normalEcg(30, 110));
    const clean = decisions(signal);
    for (const hz of [50, 60]) {
      const noisy = decisions(hum(signal, hz));
      let worst = 0;
      for (let i = 0; i < clean.length; i++) worst = Math.max(worst, Math.abs(noisy[i] - clean[i]));
      expect(worst).toBeLessThan(0.05);
    }
    expect(Math.max(...clean.slice(5, 29))).toBeLessThan(0.2); // sinus: far from the warning tier
    expect(Math.min(...clean.slice(36, 58))).toBeGreaterThan(0.9); // VF, once it fills the window
  });

  it('gives identical events whatever the chunk sizes', () => {
    const signal = concat(normalEcg(15, 75), syntheticVf(25, FS, 3), normalEcg(15, 75), syntheticVf(12, FS, 5));
    const reference = runChunked(signal, [signal.length]).map((e) => ({ event: e.event, episode: e.episode }));
    expect(reference.length).toBeGreaterThanOrEqual(2);
    let state = 12345;
    const random = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 1 + (state % 700);
    };
    for (let trial = 0; trial < 3; trial++) {
      const chunks = Array.from({ length: 50 }, random);
      expect(runChunked(signal, chunks).map((e) => ({ event: e.event, episode: e.episode }))).toEqual(reference);
    }
    // likewise with every decision counted
    for (const opts of [{ countEveryDecision: true }]) {
      const whole = runChunked(signal, [signal.length], opts).map((e) => ({ event: e.event, episode: e.episode }));
      expect(whole.length).toBeGreaterThanOrEqual(2);
      expect(runChunked(signal, Array.from({ length: 50 }, random), opts).map((e) => ({ event: e.event, episode: e.episode }))).toEqual(whole);
    }
  });

  it('with two leads uses the second, and refuses a missing second lead', () => {
    const vf = concat(normalEcg(10, 70), syntheticVf(20, FS));
    const flat = new Float64Array(vf.length);
    const episodes = detectShockable([flat, vf], FS); // lead 0 off: lead 1 still decides
    expect(episodes.map((e) => e.type)).toEqual(['VFIB']);
    const d = new ShockableDetector({ sampleRate: FS, leads: 2 }, () => {});
    expect(() => d.push(vf)).toThrow(DspParameterError);
    expect(() => new ShockableDetector({ sampleRate: 0 }, () => {})).toThrow(DspParameterError);
  });

  it('a higher threshold calls a subset of the windows shockable, and a threshold outside (0, 1) is refused', () => {
    const signal = concat(normalEcg(15, 75), syntheticVf(25, FS, 3), normalEcg(15, 120));
    const shockable = (threshold: number): number[] => {
      const out: number[] = [];
      const d = new ShockableDetector({ sampleRate: FS, threshold }, () => {}, (x) => {
        if (x.kind !== 'none') out.push(x.sample);
      });
      d.push(signal);
      return out;
    };
    const low = shockable(0.2);
    const mid = shockable(0.5);
    const high = shockable(0.9);
    expect(mid.length).toBeGreaterThan(0);
    expect(mid.every((s) => low.includes(s))).toBe(true);
    expect(high.every((s) => mid.includes(s))).toBe(true);
    expect(low.length).toBeGreaterThan(high.length);
    for (const bad of [0, 1, -0.1, Number.NaN]) expect(() => new ShockableDetector({ sampleRate: FS, threshold: bad }, () => {})).toThrow(DspParameterError);
  });

  it('escalates to urgent at the first OPEN_AFTER consecutive windows at the urgent tier, and refuses a tier below the threshold', () => {
    const signal = concat(normalEcg(15, 75), syntheticVf(25, FS, 3), normalEcg(15, 75));
    const decisions: { sample: number; p: number; shockable: boolean }[] = [];
    new ShockableDetector({ sampleRate: FS }, () => {}, (x) => {
      if (x.endsSecond) decisions.push({ sample: x.sample, p: x.probability, shockable: x.kind !== 'none' }); // the ones the hysteresis counts
    }).push(signal);
    expect(decisions.every((x) => x.sample % FS === 0)).toBe(true);
    const vf = decisions.filter((x) => x.shockable).map((x) => x.p).sort((a, b) => a - b);
    const urgentThreshold = vf[vf.length >> 1]; // the median shockable window: some below, some above
    expect(urgentThreshold).toBeGreaterThan(0.5);
    // expected: the first decision that ends a run of OPEN_AFTER windows at or above the tier
    let run = 0;
    const runEnds = decisions.filter((x) => (run = x.shockable && x.p >= urgentThreshold ? run + 1 : 0) >= OPEN_AFTER).map((x) => x.sample);
    const expected = runEnds[0];
    const events: { severity: string; at: number }[] = [];
    let now = 0;
    const d = new ShockableDetector({ sampleRate: FS, urgentThreshold, sureThreshold: 1 }, (e, event) => {
      if (event === 'open') events.push({ severity: e.severity, at: now });
    }, (x) => (now = x.sample));
    d.push(signal);
    expect(events.find((e) => e.severity === 'urgent')?.at).toBe(expected);
    const urgent = events.filter((e) => e.severity === 'urgent');
    expect(urgent.length).toBeGreaterThanOrEqual(1);
    expect(urgent.every((e) => runEnds.includes(e.at))).toBe(true); // each escalation ends such a run
    for (const bad of [0.4, 1.1, Number.NaN]) expect(() => new ShockableDetector({ sampleRate: FS, urgentThreshold: bad }, () => {})).toThrow(DspParameterError);
    expect(new ShockableDetector({ sampleRate: FS, threshold: 0.8 }, () => {}).urgentThreshold).toBe(0.8); // never below the threshold
    for (const bad of [0.6, Number.NaN]) expect(() => new ShockableDetector({ sampleRate: FS, sureThreshold: bad }, () => {})).toThrow(DspParameterError);
  });
});

describe('ShockableDetector, one lead of two read alone', () => {
  // Ten minutes on two leads: sinus on both; lead B also carries 3-s fibrillation-like bursts every
  // 30 s that lead A does not show (20 seconds a burst at the urgent tier alone: 3 % of them).
  // Then lead A goes flat and lead B shows 30 s of VF. With `replacedS`, lead B's electrode is off
  // (flat) for that long after the ten minutes and then back on for 5 s before lead A goes flat.
  const both = 600;
  function leads(bursts: boolean, replacedS = 0): [Float64Array, Float64Array] {
    let a: Float64Array = normalEcg(both, 72);
    let b: Float64Array = normalEcg(both, 72).map((v) => 0.8 * v);
    if (bursts) {
      const vf = syntheticVf(3, FS, 11);
      for (let s = 30; s < both; s += 30) for (let i = 0; i < vf.length; i++) b[s * FS + i] += vf[i];
    }
    if (replacedS > 0) {
      a = concat(a, normalEcg(replacedS + 5, 72));
      b = concat(b, new Float64Array(replacedS * FS), normalEcg(5, 72).map((v) => 0.8 * v));
    }
    return [concat(a, new Float64Array(40 * FS)), concat(b, normalEcg(5, 72), syntheticVf(30, FS), normalEcg(5, 72))];
  }

  function run(bursts: boolean, replacedS = 0): { episodes: Episode[]; held: number } {
    const [a, b] = leads(bursts, replacedS);
    const episodes: Episode[] = [];
    let held = 0;
    // the warning tier above the pair's mean in a burst (about 0.5): the pair sees no shockable rhythm there
    const d = new ShockableDetector({ sampleRate: FS, leads: 2, threshold: 0.6 }, (ep, ev) => ev === 'close' && episodes.push({ ...ep }), (dec) => {
      if (dec.heldAtWarning) held++;
    });
    for (let at = 0; at < a.length; at += 777) d.push(a, b, at, Math.min(777, a.length - at));
    d.flush();
    return { episodes: episodes.filter((e) => e.start >= both * FS), held };
  }

  it('holds at warning a VF seen by a lead that, alone, raised urgent-tier seconds the pair did not back', () => {
    const { episodes, held } = run(true);
    expect(held).toBeGreaterThan(20);
    expect(episodes.map((e) => `${e.type}:${e.severity}`)).toEqual(['VFIB:warning']);
  });

  it('trusts a lead again once its electrode was off long enough to have been put back on', () => {
    const { episodes, held } = run(true, REPLACED_AFTER_S + 5);
    expect(held).toBe(0);
    expect(episodes.map((e) => `${e.type}:${e.severity}`)).toEqual(['VFIB:urgent']);
  });

  it('keeps the urgent flag for a lead with a clean record', () => {
    const { episodes, held } = run(false);
    expect(held).toBe(0);
    expect(episodes.map((e) => `${e.type}:${e.severity}`)).toEqual(['VFIB:urgent']);
  });
});
