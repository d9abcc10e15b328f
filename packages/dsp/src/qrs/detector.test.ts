import { describe, expect, it } from 'vitest';
import { QrsDetector, detectQrs } from './detector.js';
import { synthesizeEcg, steadyBeatTimes } from '../synth/synthetic-ecg.js';

/** Beats of `found` within `tol` samples of a reference beat, one to one. */
function matchCount(ref: ArrayLike<number>, found: ArrayLike<number>, tol: number): number {
  let j = 0;
  let tp = 0;
  for (let i = 0; i < ref.length; i++) {
    while (j < found.length && found[j] < ref[i] - tol) j++;
    if (j < found.length && Math.abs(found[j] - ref[i]) <= tol) {
      tp++;
      j++;
    }
  }
  return tp;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function gaussianNoise(n: number, sd: number, seed: number): Float64Array {
  const rnd = lcg(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(rnd(), 1e-12);
    out[i] = sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  }
  return out;
}

/** Run the detector feeding chunks of the given sizes (cycled) and return the beats. */
function detectChunked(leads: Float64Array[], fs: number, sizes: number[]): number[] {
  const beats: number[] = [];
  const det = new QrsDetector({ sampleRate: fs, leads: leads.length as 1 | 2 }, (s) => beats.push(s));
  let k = 0;
  for (let off = 0; off < leads[0].length; ) {
    const len = Math.min(sizes[k++ % sizes.length], leads[0].length - off);
    det.push(leads[0].subarray(off, off + len), leads[1]?.subarray(off, off + len));
    off += len;
  }
  det.flush();
  return beats;
}

describe('QrsDetector on a synthetic ECG', () => {
  for (const fs of [125, 128, 250, 360, 500, 1000]) {
    it(`finds every beat at ${fs} Hz within 50 ms, and nothing else`, () => {
      const times = steadyBeatTimes(72, 60, 0.15, fs);
      const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 60 });
      const noisy = ecg.signal.map((x, i) => x + 0.02 * Math.sin((2 * Math.PI * 0.3 * i) / fs));
      const found = detectQrs([noisy], fs);
      const tol = Math.round(0.05 * fs);
      expect(matchCount(ecg.beats, found, tol)).toBe(ecg.beats.length);
      expect(found.length).toBe(ecg.beats.length);
    });
  }

  it('finds inverted wide ventricular beats among normal ones', () => {
    const fs = 360;
    const times = steadyBeatTimes(70, 60, 0, 3);
    const ventricular = new Set<number>();
    for (let b = 5; b < times.length; b += 4) ventricular.add(b);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 60, ventricular });
    const found = detectQrs([ecg.signal], fs);
    expect(matchCount(ecg.beats, found, Math.round(0.1 * fs))).toBe(ecg.beats.length);
    expect(found.length).toBe(ecg.beats.length);
  });
});

describe('QrsDetector streaming', () => {
  const fs = 360;
  const times = steadyBeatTimes(80, 120, 0.3, 7);
  const lead0 = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 120 }).signal;
  const lead1 = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 120, amplitude: 0.6 }).signal;
  const noise = gaussianNoise(lead0.length, 0.08, 11);
  for (let i = 0; i < lead0.length; i++) lead0[i] += noise[i];

  it('gives identical beats whatever the chunk sizes (one lead)', () => {
    const whole = Array.from(detectQrs([lead0], fs, 'off')); // the detector alone, as detectChunked drives it
    expect(whole.length).toBeGreaterThan(100);
    const rnd = lcg(42);
    for (let trial = 0; trial < 4; trial++) {
      const sizes = Array.from({ length: 50 }, () => 1 + Math.floor(rnd() * (trial === 0 ? 3 : 4000)));
      expect(detectChunked([lead0], fs, sizes)).toEqual(whole);
    }
    expect(detectChunked([lead0], fs, [1])).toEqual(whole);
  });

  it('gives identical beats whatever the chunk sizes (two leads)', () => {
    const whole = Array.from(detectQrs([lead0, lead1], fs, 'off'));
    expect(whole.length).toBeGreaterThan(100);
    const rnd = lcg(7);
    for (let trial = 0; trial < 3; trial++) {
      const sizes = Array.from({ length: 50 }, () => 1 + Math.floor(rnd() * 3000));
      expect(detectChunked([lead0, lead1], fs, sizes)).toEqual(whole);
    }
    expect(detectChunked([lead0, lead1], fs, [1])).toEqual(whole);
  });

  for (const leads of [1, 2] as const) {
    it(`reports each beat in the push that carries sample (beat + delay), ${leads} lead(s)`, () => {
      const input = leads === 1 ? [lead0] : [lead0, lead1];
      const lags: number[] = [];
      let current = 0;
      const det = new QrsDetector({ sampleRate: fs, leads }, (s) => lags.push(current - s));
      const one0 = new Float64Array(1);
      const one1 = new Float64Array(1);
      for (current = 0; current < lead0.length; current++) {
        one0[0] = input[0][current];
        if (leads === 2) one1[0] = input[1][current];
        det.push(one0, leads === 2 ? one1 : undefined);
      }
      expect(lags.length).toBeGreaterThan(100);
      expect(new Set(lags)).toEqual(new Set([det.delay]));
      expect(det.delay / fs).toBeLessThan(leads === 1 ? 2 : 3);
    });
  }
});

describe('QrsDetector on bad signal', () => {
  const fs = 250;

  it('stays silent on a flat line and finds beats once the signal starts', () => {
    const times = steadyBeatTimes(60, 40, 0, 5);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 40 });
    const signal = new Float64Array(fs * 100);
    signal.fill(0.7, 0, fs * 60); // lead connected to a DC level, no ECG
    signal.set(ecg.signal.map((x) => x + 0.7), fs * 60);
    const found = detectQrs([signal], fs);
    expect(found.filter((s) => s < fs * 60).length).toBe(0);
    const later = ecg.beats.map((b) => b + fs * 60).filter((b) => b > fs * 63);
    expect(matchCount(later, found, Math.round(0.05 * fs))).toBe(later.length);
  });

  it('finds no beat inside a NaN gap and recovers after it', () => {
    const times = steadyBeatTimes(75, 60, 0.1, 9);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 60 });
    const signal = Float64Array.from(ecg.signal);
    signal.fill(NaN, fs * 20, fs * 30);
    const found = detectQrs([signal], fs);
    expect(found.filter((s) => s >= fs * 20 && s < fs * 30).length).toBe(0);
    const after = Array.from(ecg.beats).filter((b) => b > fs * 32);
    expect(matchCount(after, found, Math.round(0.05 * fs))).toBe(after.length);
    const before = Array.from(ecg.beats).filter((b) => b < fs * 19);
    expect(matchCount(before, found, Math.round(0.05 * fs))).toBe(before.length);
  });

  it('reports nothing while the amplifier sits at its rail, beats around it', () => {
    const times = steadyBeatTimes(70, 60, 0.05, 13);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 60 });
    const signal = Float64Array.from(ecg.signal);
    signal.fill(5.12, fs * 25, fs * 35); // saturated
    const found = detectQrs([signal], fs);
    // The jump onto and off the rail may read as one complex each; the plateau holds none.
    expect(found.filter((s) => s > fs * 25.5 && s < fs * 34.5).length).toBe(0);
    const after = Array.from(ecg.beats).filter((b) => b > fs * 38);
    expect(matchCount(after, found, Math.round(0.05 * fs))).toBe(after.length);
  });

  it('does not flood on pure noise: never two beats closer than 200 ms', () => {
    const noise = gaussianNoise(fs * 600, 0.5, 3);
    const found = detectQrs([noise], fs);
    for (let i = 1; i < found.length; i++) expect(found[i] - found[i - 1]).toBeGreaterThanOrEqual(0.2 * fs);
    expect(found.length).toBeLessThan(600 * 5);
  });

  for (const noiseMv of [0.015, 0.03]) {
    it(`finds no beat in a minute of asystole with ${noiseMv * 1000} µV of amplifier noise, and beats again after`, () => {
      const times = steadyBeatTimes(70, 120, 0.05, 23).filter((t) => t < 20 || t > 80);
      const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 120 });
      const noise = gaussianNoise(ecg.signal.length, noiseMv, 29);
      const signal = ecg.signal.map((x, i) => x + noise[i]);
      const found = detectQrs([signal], fs);
      expect(found.filter((s) => s > fs * 20.5 && s < fs * 79.5).length).toBe(0);
      const after = Array.from(ecg.beats).filter((b) => b > fs * 82);
      expect(matchCount(after, found, Math.round(0.05 * fs))).toBe(after.length);
    });
  }

  /** An electrode going on: a burst many times a QRS complex's size, from 0.2 s to `endS`. */
  function clipOn(signal: Float64Array, endS: number): void {
    for (let i = Math.round(0.2 * fs); i < endS * fs; i++) {
      const t = i / fs - 0.2;
      signal[i] += 8 * Math.exp(-t / 1.5) * Math.sin(2 * Math.PI * 7 * t);
    }
  }

  it('learns again when an electrode transient at the start hid the beats after it', () => {
    const times = steadyBeatTimes(72, 30, 0.05, 31);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 30, amplitude: 0.5 });
    const signal = Float64Array.from(ecg.signal);
    clipOn(signal, 2.6);
    const found = detectQrs([signal], fs);
    // learnt on the burst alone, the levels missed every beat for about 8 s: a false asystole
    const after = Array.from(ecg.beats).filter((b) => b > fs * 5.5);
    expect(matchCount(after, found, Math.round(0.05 * fs))).toBe(after.length);
    const late = found.filter((s) => s > fs * 2.6);
    for (let i = 1; i < late.length; i++) expect(late[i] - late[i - 1]).toBeLessThan(3 * fs);
  });

  it('does not fill a real pause in the first seconds, after the transient or without one', () => {
    for (const transient of [false, true]) {
      const times = steadyBeatTimes(72, 30, 0.05, 37).filter((t) => t < 5 || t > 9.5);
      const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 30, amplitude: 0.5 });
      const noise = gaussianNoise(ecg.signal.length, 0.02, 41);
      const signal = ecg.signal.map((x, i) => x + noise[i]);
      if (transient) clipOn(signal, 2.6);
      const found = detectQrs([signal], fs);
      expect(found.filter((s) => s > fs * 5.2 && s < fs * 9.3).length).toBe(0);
      const after = Array.from(ecg.beats).filter((b) => b > fs * 10);
      expect(matchCount(after, found, Math.round(0.05 * fs))).toBe(after.length);
    }
  });

  it('follows an amplitude that drops tenfold', () => {
    const times = steadyBeatTimes(70, 90, 0.05, 17);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 90 });
    const signal = ecg.signal.map((x, i) => (i > fs * 30 ? 0.1 * x : x));
    const found = detectQrs([signal], fs);
    const late = Array.from(ecg.beats).filter((b) => b > fs * 40);
    expect(matchCount(late, found, Math.round(0.05 * fs))).toBe(late.length);
  });

  it('uses the second lead while the first is flat', () => {
    const times = steadyBeatTimes(70, 90, 0.05, 19);
    const lead0 = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 90 }).signal;
    const { signal: lead1, beats } = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 90, amplitude: 0.5 });
    lead0.fill(0, fs * 30, fs * 60); // first lead's electrode off
    const during = Array.from(beats).filter((b) => b > fs * 33 && b < fs * 58);
    const one = detectQrs([lead0], fs);
    const two = detectQrs([lead0, lead1], fs);
    expect(matchCount(during, one, Math.round(0.05 * fs))).toBe(0);
    expect(matchCount(during, two, Math.round(0.05 * fs))).toBe(during.length);
    expect(matchCount(beats, two, Math.round(0.05 * fs))).toBeGreaterThanOrEqual(beats.length - 3);
  });

  it('keeps a noisy first lead\'s beats once the second lead has gone flat (its last quality is stale)', () => {
    const times = steadyBeatTimes(70, 120, 0.05, 19);
    const { signal, beats } = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 120 });
    const noise = gaussianNoise(signal.length, 0.3, 3);
    const lead0 = signal.map((x, i) => x + noise[i]); // beats standing only a few times above the noise
    const lead1 = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 120, amplitude: 0.8 }).signal;
    lead1.fill(0, fs * 30); // the second electrode comes off
    const after = Array.from(beats).filter((b) => b > fs * 35 && b < fs * 118);
    const tol = Math.round(0.05 * fs);
    const alone = detectQrs([lead0], fs);
    expect(matchCount(after, alone, tol)).toBe(after.length);
    // the clean second lead's last quality had outvoted every one of them: none was reported
    expect(matchCount(after, detectQrs([lead0, lead1], fs), tol)).toBe(after.length);
  });

  /**
   * Sinus rhythm at 60/min with a ventricular ectopic every fifth beat (coupling 0.65 s, full
   * compensatory pause), whose vector the first lead barely sees (a tenth of the second lead's size).
   */
  function ectopicsOnOneLead(secondLeadNoiseMv: number): { leads: Float64Array[]; ectopics: number[]; normal: number[] } {
    const times: number[] = [];
    const ectopicIdx = new Set<number>();
    for (let k = 0, t = 0.5; t < 119; k++) {
      times.push(t);
      if (k % 5 === 4) {
        ectopicIdx.add(times.length);
        times.push(t + 0.65);
        t += 2;
      } else t += 1;
    }
    const normalTimes = times.filter((_, i) => !ectopicIdx.has(i));
    const ectopicTimes = times.filter((_, i) => ectopicIdx.has(i));
    const sinus = synthesizeEcg({ sampleRate: fs, beatTimes: normalTimes, duration: 120, noiseMv: 0.01 });
    const faint = synthesizeEcg({ sampleRate: fs, beatTimes: ectopicTimes, duration: 120, amplitude: 0.12, ventricular: new Set(ectopicTimes.map((_, i) => i)) });
    const lead0 = sinus.signal.map((x, i) => x + faint.signal[i]);
    const lead1 = synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: 120, amplitude: 0.8, ventricular: ectopicIdx, noiseMv: 0.01 }).signal;
    const noise = gaussianNoise(lead1.length, secondLeadNoiseMv, 5);
    // Scored from 10 s (learning) to 115 s: the record's end cuts the last compensatory pause short.
    const late = (ts: number[]): number[] => ts.map((t) => Math.round(t * fs)).filter((s) => s > fs * 10 && s < fs * 115);
    return { leads: [lead0, lead1.map((x, i) => x + noise[i])], ectopics: late(ectopicTimes), normal: late(normalTimes) };
  }

  it('keeps an ectopic that only the second lead shows, where the first lead leaves a gap for it', () => {
    const { leads, ectopics, normal } = ectopicsOnOneLead(0);
    const tol = Math.round(0.1 * fs);
    expect(matchCount(ectopics, detectQrs([leads[0]], fs), tol)).toBe(0); // the first lead alone misses them
    const two = detectQrs(leads, fs);
    expect(matchCount(ectopics, two, tol)).toBe(ectopics.length);
    expect(matchCount(normal, two, tol)).toBe(normal.length);
    expect(two.filter((s) => s > fs * 10 && s < fs * 115).length).toBe(ectopics.length + normal.length);
  });

  it('does not take a lone beat from a second lead too noisy to trust', () => {
    // Muscle-like noise on the second lead: its lone detections are not trusted to fill the first
    // lead's gaps, so the faint ectopics stay missed rather than noise coming in with them.
    const { leads, normal } = ectopicsOnOneLead(0.25);
    const two = Array.from(detectQrs(leads, fs)).filter((s) => s > fs * 10 && s < fs * 115);
    expect(matchCount(normal, two, Math.round(0.1 * fs))).toBe(normal.length);
    expect(two.length).toBeLessThanOrEqual(normal.length + 2);
  });

  it('rejects sampling rates and lead counts it cannot serve', () => {
    expect(() => new QrsDetector({ sampleRate: 50 }, () => {})).toThrow(RangeError);
    expect(() => new QrsDetector({ sampleRate: 360, leads: 3 as 1 }, () => {})).toThrow(/leads/);
    const det = new QrsDetector({ sampleRate: 360, leads: 2 }, () => {});
    expect(() => det.push(new Float64Array(10))).toThrow(/both/);
  });
});
