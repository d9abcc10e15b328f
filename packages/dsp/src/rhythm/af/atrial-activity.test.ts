import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../filters/testing.js';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import { AtrialActivity, atrialScores } from './atrial-activity.js';
import { AtrialInputError } from './errors.js';

/** The score beat() leaves for the beat at `sample`. */
function scoreAt(aa: AtrialActivity, sample: number): number {
  aa.beat(sample);
  return aa.score;
}

const FS = 360; // Hz


/**
 * AF: QRS-T complexes with no P wave at irregular RR (uniform 0.45-1.05 s), on fibrillatory
 * waves (0.08 mV, 5-7 Hz with a wandering phase, as f-waves are) and a little white noise.
 */
function afEcg(seconds: number, seed: number, wide = false): { signal: Float64Array; beats: Int32Array } {
  const r = rng(seed);
  const n = Math.round(seconds * FS);
  const signal = new Float64Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    phase += (2 * Math.PI * (5 + 2 * r())) / FS;
    signal[i] = 0.08 * Math.sin(phase) + 0.01 * (r() - 0.5);
  }
  const beats: number[] = [];
  const wave = (at: number, width: number, height: number): void => {
    for (let i = Math.max(0, Math.floor((at - 5 * width) * FS)); i < Math.min(n, (at + 5 * width) * FS); i++) {
      const z = (i / FS - at) / width;
      signal[i] += height * Math.exp(-0.5 * z * z);
    }
  };
  for (let t = 0.6; t < seconds - 0.5; t += 0.45 + 0.6 * r()) {
    if (wide) {
      // a ~0.16 s QRS with a slow first half (bundle-branch block, paced), marked 60 ms after its
      // peak, as the QRS detector marks wide complexes
      wave(t - 0.05, 0.02, 0.35);
      wave(t, 0.02, 1.2);
      wave(t + 0.05, 0.015, -0.4);
      wave(t + 0.3, 0.05, -0.35);
      beats.push(Math.round((t + 0.06) * FS));
      continue;
    }
    wave(t - 0.025, 0.008, -0.15);
    wave(t, 0.01, 1.2);
    wave(t + 0.03, 0.01, -0.3);
    wave(t + 0.28, 0.06, 0.35);
    beats.push(Math.round(t * FS));
  }
  return { signal, beats: Int32Array.from(beats) };
}

/** Sinus rhythm with respiratory-like RR variation (±12 %): irregular RR, but a P wave before every QRS. */
function sinusEcg(seconds: number): { signal: Float64Array; beats: Int32Array } {
  return synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(70, seconds, 0.12, 3), duration: seconds });
}

const median = (x: Float64Array): number => {
  const f = Array.from(x).filter((v) => v === v).sort((a, b) => a - b);
  return f[f.length >> 1];
};

describe('AtrialActivity', () => {
  it('scores P waves at a fixed PR high, even when the RR varies', () => {
    const { signal, beats } = sinusEcg(60);
    const s = atrialScores(signal, beats, FS);
    expect(median(s)).toBeGreaterThan(0.9);
    expect(Array.from(s).filter((v) => v === v).length).toBeGreaterThan(beats.length - 8); // only the template warm-up is unknown
  });

  it('scores fibrillatory waves with no P wave low', () => {
    const { signal, beats } = afEcg(60, 1);
    const s = atrialScores(signal, beats, FS);
    expect(Math.abs(median(s))).toBeLessThan(0.3);
  });

  it('reads no P wave into the onset of a wide QRS marked late (the window ends at the QRS onset)', () => {
    const { signal, beats } = afEcg(60, 4, true);
    const s = atrialScores(signal, beats, FS);
    expect(Math.abs(median(s))).toBeLessThan(0.3);
  });

  it('takes the QRS start from the second lead where the first shows it late (its first vectors isoelectric there)', () => {
    // AF with a wide QRS: on the first lead only a small notch 85 ms before the main deflection's peak,
    // which begins ~30 ms earlier on the second lead; marked 40 ms after the first lead's peak
    const r = rng(11);
    const n = 60 * FS;
    const lead0 = new Float64Array(n);
    const lead1 = new Float64Array(n);
    let p0 = 0;
    let p1 = 2;
    for (let i = 0; i < n; i++) {
      p0 += (2 * Math.PI * (5 + 2 * r())) / FS;
      p1 += (2 * Math.PI * (5 + 2 * r())) / FS;
      lead0[i] = 0.02 * Math.sin(p0); // fine AF: small f waves
      lead1[i] = 0.02 * Math.sin(p1);
    }
    const add = (x: Float64Array, at: number, width: number, height: number): void => {
      for (let i = Math.max(0, Math.floor((at - 5 * width) * FS)); i < Math.min(n, (at + 5 * width) * FS); i++) x[i] += height * Math.exp(-0.5 * ((i / FS - at) / width) ** 2);
    };
    const beats: number[] = [];
    for (let t = 0.8; t < 59.5; t += 0.6 + 0.5 * r()) {
      add(lead0, t - 0.085, 0.012, 0.12);
      add(lead0, t, 0.02, 1.2);
      add(lead0, t + 0.25, 0.04, -0.3);
      add(lead1, t - 0.03, 0.02, 1.0);
      add(lead1, t + 0.03, 0.02, -0.8);
      add(lead1, t + 0.25, 0.04, 0.3);
      beats.push(Math.round((t + 0.04) * FS));
    }
    const marks = Int32Array.from(beats);
    expect(median(atrialScores(lead0, marks, FS))).toBeGreaterThan(0.6); // the notch reads as a P wave
    expect(Math.abs(median(atrialScores(lead0, marks, FS, undefined, lead1)))).toBeLessThan(0.3);
  });

  it('gives the same scores whatever the chunk sizes', () => {
    const { signal, beats } = afEcg(30, 2);
    const whole = atrialScores(signal, beats, FS);
    const r = rng(9);
    const aa = new AtrialActivity({ sampleRate: FS });
    const got = new Float64Array(beats.length);
    let b = 0;
    for (let at = 0; at < signal.length; ) {
      const len = 1 + Math.floor(r() * 700);
      aa.push(signal.subarray(at, Math.min(signal.length, at + len)));
      at += len;
      while (b < beats.length && beats[b] < aa.samples) got[b] = scoreAt(aa, beats[b++]);
    }
    expect(Array.from(got)).toEqual(Array.from(whole));
  });

  it('leaves ventricular and unknown beats unscored and out of the template', () => {
    const { signal, beats } = sinusEcg(30);
    const labels = Array.from(beats, (_, i) => (i % 5 === 4 ? 'V' : i % 7 === 6 ? 'Q' : 'N') as 'N' | 'V' | 'Q');
    const s = atrialScores(signal, beats, FS, labels);
    labels.forEach((l, i) => {
      if (l !== 'N') expect(s[i]).toBeNaN();
    });
    expect(median(s)).toBeGreaterThan(0.9);
  });

  it('cannot judge a window cut short by the previous T wave, nor one with missing samples', () => {
    const { signal, beats } = sinusEcg(20);
    const holed = Float64Array.from(signal);
    holed[beats[10] - 50] = Number.NaN;
    const s = atrialScores(holed, beats, FS);
    expect(s[10]).toBeNaN();
    expect(s[11]).toBeGreaterThan(0.8);
    // a beat 0.3 s after the previous one: the T wave ends ~0.22 s after R, leaving < 0.1 s of window
    const fast = new AtrialActivity({ sampleRate: FS });
    fast.push(signal.subarray(0, beats[3]));
    fast.beat(beats[2]);
    expect(scoreAt(fast, beats[2] + Math.round(0.3 * FS))).toBeNaN();
  });

  it('does not judge a beat older than the signal history', () => {
    const { signal, beats } = sinusEcg(20);
    const aa = new AtrialActivity({ sampleRate: FS, historySeconds: 2 });
    aa.push(signal);
    expect(scoreAt(aa, beats[beats.length - 10])).toBeNaN();
  });

  it('refuses beats out of order or not yet pushed, with a typed error, and goes on', () => {
    const aa = new AtrialActivity({ sampleRate: FS });
    aa.push(new Float64Array(FS * 2));
    aa.beat(400);
    expect(() => aa.beat(400)).toThrow(AtrialInputError);
    expect(() => aa.beat(FS * 2)).toThrow(expect.objectContaining({ code: 'E_AF_ATRIAL_BEAT' }));
    expect(() => aa.beat(600)).not.toThrow();
  });
});
