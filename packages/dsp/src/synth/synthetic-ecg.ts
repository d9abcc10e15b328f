/**
 * A synthetic single-lead ECG: each beat is a sum of Gaussian waves (P, Q, R, S, T) whose
 * timing follows the RR interval, in the manner of McSharry et al. (IEEE TBME 50(3), 2003),
 * but placed directly in time rather than integrated from their dynamical model. Used by tests
 * and by the device simulators where a known beat train matters more than realism.
 */

export interface SyntheticEcgOptions {
  sampleRate: number; // Hz
  /** R-peak times, s, increasing. */
  beatTimes: ArrayLike<number>;
  /** Signal length, s. */
  duration: number;
  /** R-wave amplitude, mV. Default 1.2. */
  amplitude?: number;
  /** Indices (into beatTimes) of beats drawn as wide ventricular complexes. */
  ventricular?: ReadonlySet<number>;
  /** Atrial fibrillation: no P waves, and fibrillatory waves (5-7 Hz, about 0.05 mV) throughout. */
  fibrillation?: boolean;
  /**
   * Amplifier and electrode noise, mV RMS (Gaussian, seeded), plus a respiratory baseline swing of
   * twice that at 0.25 Hz. Default 0: a mathematically flat baseline, which the signal-quality
   * stage rightly reads as a lead off; a simulated patient needs a little of both.
   */
  noiseMv?: number;
  seed?: number;
}

export interface SyntheticEcg {
  signal: Float64Array; // mV
  /** R-peak sample indices. */
  beats: Int32Array;
}

interface Wave {
  at: number; // s from the R peak (scaled by sqrt(RR) for P and T)
  width: number; // s, Gaussian sigma
  height: number; // relative to the R amplitude
}

const NORMAL: Wave[] = [
  { at: -0.2, width: 0.025, height: 0.12 }, // P
  { at: -0.025, width: 0.008, height: -0.12 }, // Q
  { at: 0, width: 0.01, height: 1 }, // R
  { at: 0.03, width: 0.01, height: -0.25 }, // S
  { at: 0.3, width: 0.06, height: 0.3 }, // T
];

const NO_P_WAVE: Wave[] = NORMAL.slice(1);

const VENTRICULAR: Wave[] = [
  { at: 0, width: 0.035, height: -1.1 },
  { at: 0.06, width: 0.03, height: 0.5 },
  { at: 0.32, width: 0.07, height: 0.45 },
];

export function synthesizeEcg(opts: SyntheticEcgOptions): SyntheticEcg {
  const fs = opts.sampleRate;
  const n = Math.round(opts.duration * fs);
  const signal = new Float64Array(n);
  const amp = opts.amplitude ?? 1.2;
  const times = opts.beatTimes;
  const beats: number[] = [];
  for (let b = 0; b < times.length; b++) {
    const t = times[b];
    const rr = b > 0 ? t - times[b - 1] : b + 1 < times.length ? times[b + 1] - t : 1;
    const scale = Math.sqrt(Math.min(Math.max(rr, 0.3), 2)); // Bazett-like stretch of P and T
    const waves = opts.ventricular?.has(b) ? VENTRICULAR : opts.fibrillation ? NO_P_WAVE : NORMAL;
    for (const w of waves) addWave(signal, fs, t + (Math.abs(w.at) > 0.1 ? w.at * scale : w.at), w.width, w.height * amp);
    const r = Math.round(t * fs);
    if (r >= 0 && r < n) beats.push(r);
  }
  if (opts.fibrillation) addFibrillatoryWaves(signal, fs, 0.04 * amp);
  if (opts.noiseMv) addNoise(signal, fs, opts.noiseMv, opts.seed ?? 1);
  return { signal, beats: Int32Array.from(beats) };
}

/** Beat times, s, at a steady rate with optional RR jitter (uniform, ±fraction of RR). */
export function steadyBeatTimes(heartRate: number /* bpm */, duration: number /* s */, jitter = 0, seed = 1): Float64Array {
  const rr = 60 / heartRate;
  const out: number[] = [];
  let state = seed >>> 0 || 1;
  for (let t = 0.4; t < duration - 0.2; ) {
    out.push(t);
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    t += rr * (1 + jitter * (2 * (state / 2 ** 32) - 1));
  }
  return Float64Array.from(out);
}

function addWave(signal: Float64Array, fs: number, at: number, width: number, height: number): void {
  const centre = at * fs;
  const sigma = width * fs;
  const from = Math.max(0, Math.floor(centre - 5 * sigma));
  const to = Math.min(signal.length - 1, Math.ceil(centre + 5 * sigma));
  for (let i = from; i <= to; i++) {
    const z = (i - centre) / sigma;
    signal[i] += height * Math.exp(-0.5 * z * z);
  }
}

/** Two incommensurate waves in the 5-7 Hz band where f waves lie: irregular-looking atrial activity. */
function addFibrillatoryWaves(signal: Float64Array, fs: number, amplitude: number): void {
  for (let i = 0; i < signal.length; i++) {
    const t = i / fs;
    signal[i] += amplitude * (Math.sin(2 * Math.PI * 5.3 * t) + 0.7 * Math.sin(2 * Math.PI * 6.9 * t + 1.3));
  }
}

function addNoise(signal: Float64Array, fs: number, rmsMv: number, seed: number): void {
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / (2 ** 32 + 1);
  };
  for (let i = 0; i < signal.length; i++) {
    const gauss = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    signal[i] += rmsMv * gauss + 2 * rmsMv * Math.sin((2 * Math.PI * 0.25 * i) / fs);
  }
}
