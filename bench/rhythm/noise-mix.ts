/**
 * Noisy ECG records made the way PhysioNet's `nst` makes the MIT-BIH Noise Stress Test records
 * (Moody, Muldrow & Mark, Computers in Cardiology 1984; wfdb app/nst.c):
 *
 * - Signal amplitude S: the peak-to-peak amplitude of the QRS complexes of normal beats, measured
 *   as `sigamp -a atr` does, in a window from 50 ms before to 50 ms after each annotated beat;
 *   we take the median over the beats (robust to the odd artefact).
 * - Noise amplitude N: the RMS of the noise record, measured as `sigamp -r` does, over 1 s
 *   windows (each window's mean removed); we take the 5 %-trimmed mean of the window RMS values.
 * - SNR (dB) = 10·log10( (S²/8) / N² ): S²/8 is the power of a sine of peak-to-peak S. So the
 *   noise gain is g = 10^(-SNR/20) · S/√8 / N, exactly nst's nsr = 10^(-SNR/20)·√2/4.
 * - Protocol: clean for the first 5 minutes, then noise on and off in alternating 2-minute
 *   segments (on 5:00-7:00, off 7:00-9:00, ...). As nst does, every time the gain changes a
 *   constant offset is set so the output is continuous there (no step for a filter to ring on).
 * - ECG signal i gets noise signal i mod (noise signals).
 */

/** AAMI class N beat labels (normal, bundle branch block, escape): the "normal QRS" nst measures. */
export const NST_NORMAL_BEATS: ReadonlySet<string> = new Set(['N', 'L', 'R', 'e', 'j']);

export interface NoiseMixOptions {
  sampleRate: number; // Hz of both records (the noise record must already be at this rate)
  snrDb: number;
  /** Sample indices of normal beats of the clean record (for the QRS amplitude). */
  beats: ArrayLike<number>;
  /** Seconds of clean signal before the first noisy segment (default 300). */
  cleanLeadSeconds?: number;
  /** Length of each on and each off segment, s (default 120). */
  segmentSeconds?: number;
}

export interface NoiseMix {
  signal: Float64Array; // mV
  gain: number; // noise multiplier used
  qrsPeakToPeakMv: number;
  noiseRmsMv: number;
  /** [start, end) sample ranges where noise was added. */
  noisy: [number, number][];
}

/** Median peak-to-peak amplitude (mV) within ±50 ms of each beat (sigamp -a). */
export function qrsPeakToPeak(signal: ArrayLike<number>, beats: ArrayLike<number>, sampleRate: number): number {
  const half = Math.round(0.05 * sampleRate);
  const amps: number[] = [];
  for (let b = 0; b < beats.length; b++) {
    const from = beats[b] - half, to = beats[b] + half;
    if (from < 0 || to >= signal.length) continue;
    let lo = Infinity, hi = -Infinity;
    for (let i = from; i <= to; i++) {
      const x = signal[i];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (hi > lo) amps.push(hi - lo);
  }
  if (amps.length === 0) throw new RangeError('qrsPeakToPeak: no beat with a full window inside the signal');
  amps.sort((a, b) => a - b);
  return amps[Math.floor(amps.length / 2)];
}

/** 5 %-trimmed mean of the RMS (mean removed) of 1 s windows, mV (sigamp -r). */
export function noiseRms(noise: ArrayLike<number>, sampleRate: number): number {
  const w = Math.round(sampleRate);
  const rms: number[] = [];
  for (let from = 0; from + w <= noise.length; from += w) {
    let sum = 0;
    for (let i = from; i < from + w; i++) sum += noise[i];
    const mean = sum / w;
    let ss = 0;
    for (let i = from; i < from + w; i++) ss += (noise[i] - mean) ** 2;
    rms.push(Math.sqrt(ss / w));
  }
  if (rms.length === 0) throw new RangeError('noiseRms: the noise record is shorter than one second');
  rms.sort((a, b) => a - b);
  const cut = Math.floor(rms.length * 0.05);
  const kept = rms.slice(cut, rms.length - cut);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/** The nst protocol's noisy ranges over `length` samples. */
export function nstSegments(length: number, sampleRate: number, cleanLeadSeconds = 300, segmentSeconds = 120): [number, number][] {
  const out: [number, number][] = [];
  const seg = Math.round(segmentSeconds * sampleRate);
  for (let on = Math.round(cleanLeadSeconds * sampleRate); on < length; on += 2 * seg) out.push([on, Math.min(length, on + seg)]);
  return out;
}

/** nst's noise gain for `snrDb`, from the QRS peak-to-peak amplitude and the noise RMS (mV). */
export function nstGain(snrDb: number, qrsPeakToPeakMv: number, noiseRmsMv: number): number {
  return (10 ** (-snrDb / 20) * qrsPeakToPeakMv) / Math.SQRT2 / 2 / noiseRmsMv;
}

/** Adds `noise` (one channel, wrapped round if shorter) to `signal` after nst's protocol. */
export function mixNoise(signal: ArrayLike<number>, noise: ArrayLike<number>, opts: NoiseMixOptions): NoiseMix {
  const fs = opts.sampleRate;
  const s = qrsPeakToPeak(signal, opts.beats, fs);
  const n = noiseRms(noise, fs);
  const gain = nstGain(opts.snrDb, s, n);
  const noisy = nstSegments(signal.length, fs, opts.cleanLeadSeconds, opts.segmentSeconds);
  const out = new Float64Array(signal.length);
  let g = 0, z = 0, next = 0;
  const toggles = noisy.flat();
  for (let i = 0; i < signal.length; i++) {
    const v = noise[i % noise.length];
    if (next < toggles.length && i === toggles[next]) {
      // Keep the output continuous across the gain change, as nst does.
      const before = signal[i] + g * v - z;
      g = g === 0 ? gain : 0;
      z = signal[i] + g * v - before;
      next++;
    }
    out[i] = signal[i] + g * v - z;
  }
  return { signal: out, gain, qrsPeakToPeakMv: s, noiseRmsMv: n, noisy };
}
