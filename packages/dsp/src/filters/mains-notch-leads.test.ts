import { describe, expect, it } from 'vitest';
import { steadyBeatTimes, synthesizeEcg } from '../synth/synthetic-ecg.js';
import { HUM_FADE_SECONDS, HUM_OFF_SECONDS, HUM_ON_SECONDS } from './hum-gate.js';
import { forEachNotchedBlock, MainsNotchLeads, type MainsNotchChoice, type MainsNotchLeadsOptions } from './mains-notch-leads.js';

function hum(n: number, fs: number, hz: number, mv: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = mv * Math.sin((2 * Math.PI * hz * i) / fs + 0.3);
  return x;
}

function notched(leads: Float64Array[], fs: number, mains: MainsNotchChoice, engage: MainsNotchLeadsOptions['engage'] = 'always'): Float64Array[] {
  const out = leads.map((l) => new Float64Array(l.length));
  let at = 0;
  forEachNotchedBlock(
    leads,
    fs,
    (a, b, len) => {
      out[0].set(a.subarray(0, len), at);
      if (b) out[1].set(b.subarray(0, len), at);
      at += len;
    },
    { mains, engage },
  );
  return out;
}

/** `run` over the leads in seeded random ranges of 1..maxRange samples; the outputs joined. */
function inRandomRanges(notch: MainsNotchLeads, leads: Float64Array[], seed: number, maxRange: number): Float64Array[] {
  const n = leads[0].length;
  const got = leads.map(() => new Float64Array(n));
  let s = seed;
  for (let at = 0; at < n; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const len = Math.min(n - at, 1 + (s % maxRange));
    let w = at;
    notch.run(leads[0], leads[1], at, len, (a, b, l) => {
      got[0].set(a.subarray(0, l), w);
      if (b) got[1].set(b.subarray(0, l), w);
      w += l;
    });
    at += len;
  }
  return got;
}

function rmsOf(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

function peakAbs(x: Float64Array, from: number): number {
  let m = 0;
  for (let i = from; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

describe('MainsNotchLeads, notching always', () => {
  const fs = 360;

  it('removes 50 and 60 Hz hum on both leads once settled, and only the chosen line', () => {
    const n = 4 * fs;
    const [a, b] = notched([hum(n, fs, 50, 1), hum(n, fs, 60, 1)], fs, 'both');
    expect(peakAbs(a, fs)).toBeLessThan(0.01); // 1 mV in, under 10 µV out after a second
    expect(peakAbs(b, fs)).toBeLessThan(0.01);
    const [only50] = notched([hum(n, fs, 60, 1)], fs, 50);
    expect(peakAbs(only50, fs)).toBeGreaterThan(0.95); // a 50 Hz notch leaves 60 Hz
    const [off] = notched([hum(n, fs, 50, 1)], fs, 'off');
    expect(off).toEqual(hum(n, fs, 50, 1));
  });

  it('skips a line at or above 0.95 × Nyquist (60 Hz at 125 Hz) instead of failing', () => {
    const fs125 = 125;
    const n = 4 * fs125;
    const [a] = notched([hum(n, fs125, 60, 1)], fs125, 'both');
    expect(peakAbs(a, fs125)).toBeGreaterThan(0.95);
    const [b] = notched([hum(n, fs125, 50, 1)], fs125, 'both');
    expect(peakAbs(b, fs125)).toBeLessThan(0.01);
  });

  it('leaves the QRS: R amplitude and R-peak sample unchanged on an ECG under 1 mV of hum', () => {
    const beats = [...steadyBeatTimes(70, 10)];
    const clean = synthesizeEcg({ sampleRate: fs, beatTimes: beats, duration: 10 }).signal;
    const humming = hum(clean.length, fs, 50, 1);
    for (let i = 0; i < clean.length; i++) humming[i] += clean[i];
    const [filtered] = notched([humming], fs, 'both');
    for (const t of beats.filter((t) => t > 1.5 && t < 9.5)) {
      const at = Math.round(t * fs);
      let iClean = at - 20;
      let iOut = at - 20;
      for (let i = at - 20; i <= at + 20; i++) {
        if (clean[i] > clean[iClean]) iClean = i;
        if (filtered[i] > filtered[iOut]) iOut = i;
      }
      expect(Math.abs(iOut - iClean)).toBeLessThanOrEqual(1);
      expect(Math.abs(filtered[iOut] - clean[iClean])).toBeLessThan(0.05 * clean[iClean]);
    }
  });

  it('keeps missing samples missing and recovers after them', () => {
    const n = 3 * fs;
    const x = hum(n, fs, 50, 1);
    for (let i = fs; i < fs + 50; i++) x[i] = Number.NaN;
    const [a] = notched([x], fs, 'both');
    for (let i = 0; i < n; i++) expect(Number.isNaN(a[i])).toBe(i >= fs && i < fs + 50);
    expect(peakAbs(a, 2 * fs + 50)).toBeLessThan(0.01); // settled again a second later
  });

  it('gives the same samples whatever the block sizes', () => {
    const n = 5 * fs;
    const lead0 = hum(n, fs, 50, 0.7);
    const lead1 = hum(n, fs, 60, 0.4);
    for (let i = 0; i < n; i++) lead0[i] += Math.sin(i / 17);
    lead1[700] = Number.NaN;
    const whole = notched([lead0, lead1], fs, 'both');
    const notch = new MainsNotchLeads({ sampleRate: fs, leads: 2, blockSamples: 97, engage: 'always' });
    expect(inRandomRanges(notch, [lead0, lead1], 3, 300)).toEqual(whole);
  });

  it('refuses a block longer than it was made for, and a missing second lead', () => {
    const notch = new MainsNotchLeads({ sampleRate: fs, leads: 2, blockSamples: 10 });
    const x = new Float64Array(20);
    expect(() => notch.process(x, x, 0, 11)).toThrow(/at most 10/);
    expect(() => notch.process(x, undefined, 0, 5)).toThrow(/two leads/);
  });
});

describe('MainsNotchLeads, notching while there is hum (the default)', () => {
  const fs = 360;

  it('passes a clean ECG through untouched, sample for sample', () => {
    const beats = [...steadyBeatTimes(70, 30)];
    const clean = synthesizeEcg({ sampleRate: fs, beatTimes: beats, duration: 30 }).signal;
    const [out] = notched([clean], fs, 'both', 'on-hum');
    expect(out).toEqual(clean);
  });

  it('notches hum that sets in, fading the notch in; fades it out once the hum has been gone long enough', () => {
    const n = 40 * fs;
    const x = new Float64Array(n);
    const humFrom = 5 * fs;
    const humTo = 20 * fs;
    for (let i = humFrom; i < humTo; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * 50 * i) / fs); // 0.35 mV RMS
    x[33 * fs] = 1; // an impulse after the hum: the raw signal again, not the notch's ringing
    const notch = new MainsNotchLeads({ sampleRate: fs, leads: 1 });
    const out = new Float64Array(n);
    const engagedAt: boolean[] = [];
    for (let at = 0; at < n; at += fs) {
      notch.process(x, undefined, at, fs);
      out.set(notch.out[0], at);
      engagedAt.push(notch.engaged(0));
    }
    // the hum passes for its first HUM_ON_SECONDS seconds...
    expect(rmsOf(out, humFrom, humFrom + fs)).toBeGreaterThan(0.3);
    expect(engagedAt.indexOf(true)).toBe(5 + HUM_ON_SECONDS - 1);
    // ...then is gone once the fade is over
    const settled = humFrom + Math.round((HUM_ON_SECONDS + HUM_FADE_SECONDS + 0.3) * fs);
    expect(rmsOf(out, settled, humTo)).toBeLessThan(0.005);
    // no step where the fade runs: consecutive samples differ by no more than the hum's own slope
    const maxSlope = 0.5 * ((2 * Math.PI * 50) / fs);
    for (let i = humFrom + 1; i < humTo; i++) expect(Math.abs(out[i] - out[i - 1])).toBeLessThanOrEqual(maxSlope * 1.05);
    // it stays on for HUM_OFF_SECONDS quiet seconds, then the raw signal is back exactly
    expect(engagedAt[20 + HUM_OFF_SECONDS - 2]).toBe(true);
    expect(engagedAt[20 + HUM_OFF_SECONDS]).toBe(false);
    expect(out[33 * fs]).toBe(1);
    expect(out[33 * fs + 3]).toBe(0);
  });

  it('does not engage on single loud seconds (motion bursts), nor on hum under its bar', () => {
    const n = 20 * fs;
    const x = hum(n, fs, 50, 0.15); // 0.11 mV RMS: under the bar
    for (let i = 8 * fs; i < 9 * fs; i++) x[i] += 0.8 * Math.sin((2 * Math.PI * 55 * i) / fs); // one loud second
    const [out] = notched([x], fs, 'both', 'on-hum');
    expect(out).toEqual(x);
  });

  it('gives the same samples whatever the block sizes, with the gate switching', () => {
    const n = 30 * fs;
    const x = new Float64Array(n);
    for (let i = 3 * fs; i < 12 * fs; i++) x[i] = 0.6 * Math.sin((2 * Math.PI * 60 * i) / fs) + Math.sin(i / 23);
    x[5 * fs + 7] = Number.NaN;
    const [whole] = notched([x], fs, 'both', 'on-hum');
    const notch = new MainsNotchLeads({ sampleRate: fs, leads: 1, blockSamples: 113 });
    const [got] = inRandomRanges(notch, [x], 11, 500);
    expect(got).toEqual(whole);
    expect(Number.isNaN(got[5 * fs + 7])).toBe(true);
  });
});
