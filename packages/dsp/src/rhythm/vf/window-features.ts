import { smallMedian } from '../../stats/small-median.js';
import FFT from 'fft.js';
import { lempelZivComplexity, PHASE_GRID_BOXES, phaseSpaceVisited } from './complexity.js';
import { FlatSegments } from './flat-segments.js';
import { Periodicity, type PeriodicityResult } from './periodicity.js';

/**
 * Features of one analysis window of band-passed ECG that separate shockable rhythms
 * (ventricular fibrillation, flutter, rapid VT) from everything else. Each is a published
 * VF-detection feature (compared on vfdb/cudb by Amann, Tratnig & Unterkofler, BioMed Eng
 * OnLine 4:60, 2005):
 *
 * - `leak`: Kuo & Dillman's VF-filter leakage. VF is close to a sinusoid, so the signal
 *   shifted by half its mean period nearly cancels it; sharp QRS complexes leak through.
 * - `tcsc`: Arafat's threshold crossing sample count, the fraction of samples whose magnitude
 *   exceeds 20 % of the window's peak. Narrow QRS complexes leave most samples near the
 *   baseline; VF keeps the signal away from it most of the time.
 * - `peakFraction`, `dominantHz`: Barro's spectral algorithm, power within 0.7..1.4 x the
 *   dominant 1-10 Hz peak over all power 0.5-30 Hz. VF/VFL/VT concentrate power there.
 * - `highFraction`: power 12-30 Hz over all, high in QRS complexes and muscle noise, low in VF;
 *   without the lines at the harmonics of a coarse periodic rhythm of HARMONIC_MIN_HZ or faster.
 * - `phaseFill`: Amann's phase-space box count (lag 0.5 s), `lz`: Zhang's Lempel-Ziv complexity;
 *   see complexity.ts.
 * - `periodS`, `periodCorr`, `shortCorr`: autocorrelation period and regularity, see periodicity.ts.
 * - `flatFraction`: share of short segments that are isoelectric, ~0 in VF; see flat-segments.ts.
 * - `mav`: mean absolute value, mV, and `p2p`: robust peak-to-peak amplitude, mV (median over
 *   1-s sub-windows), for the amplitude gate (asystole, fine VF, lead off are not coarse VF).
 */
export interface WindowFeatures {
  leak: number; // 0..1
  tcsc: number; // 0..1
  peakFraction: number; // 0..1
  dominantHz: number; // Hz
  highFraction: number; // 0..1
  phaseFill: number; // 0..1
  lz: number; // ~0..1
  periodS: number; // s, 0 when no clear period
  periodCorr: number; // -1..1
  shortCorr: number; // -1..1
  flatFraction: number; // 0..1
  mav: number; // mV
  p2p: number; // mV
}

export const FEATURE_NAMES = ['leak', 'tcsc', 'peakFraction', 'dominantHz', 'highFraction', 'phaseFill', 'lz', 'periodS', 'periodCorr', 'shortCorr', 'flatFraction', 'mav', 'p2p'] as const;

export function emptyFeatures(): WindowFeatures {
  return { leak: 0, tcsc: 0, peakFraction: 0, dominantHz: 0, highFraction: 0, phaseFill: 0, lz: 0, periodS: 0, periodCorr: 0, shortCorr: 0, flatFraction: 0, mav: 0, p2p: 0 };
}

const TCSC_THRESHOLD = 0.2; // of the window's peak magnitude (Arafat et al. 2009)
const DOMINANT_MIN_HZ = 1;
const DOMINANT_MAX_HZ = 10;
const BAND_LOW_HZ = 0.5;
const BAND_HIGH_HZ = 30;
const HIGH_BAND_HZ = 12;
/**
 * Dominant rhythm (Hz) from which the harmonics of the rhythm itself are left out of
 * highFraction: 300/min, faster than any ventricular rhythm that still has QRS complexes. There
 * the high band's lines are the rhythm's own waveform, not QRS content: cudb cu07's 5.4-Hz VF put
 * 8-11 % of its power in 12-30 Hz at its third to fifth harmonics, and the model read it as
 * complexes. Slower rhythms are left alone: at sinus and VT rates the harmonics fill the high band
 * densely and are the QRS content.
 */
const HARMONIC_MIN_HZ = 5;
/**
 * Share of the power around the dominant peak (peakFraction) from which the window is one periodic
 * rhythm with harmonics of its own: in noise, or in the low-amplitude activity of asystole, the
 * highest peak is happenstance and its "harmonics" are not lines. Without this (model refitted),
 * vfdb resampled to 500 Hz read asystole Sp 90.79 -> 86.84 % (bench rhythm --parts vf-rates);
 * with it 90.79 stays. At 125 Hz it reads 89.47 either way (94.74 before the harmonics were left out).
 */
const HARMONIC_MIN_PEAK_FRACTION = 0.5;
/**
 * Peak to peak (p2p, mV) from which a periodic fast rhythm's harmonics are its own: coarse activity,
 * the AHA's coarse VF. A small periodic oscillation is as likely tremor or interference as fine VF,
 * which has no sensitivity goal. Without this (model refitted), mitdb 101's V1 alone (no QRS, a
 * 0.1-mV oscillation at 7.3-7.8 Hz with its harmonics; bench rhythm --parts leadoff, first lead
 * replaced by hum) raised 16 unbacked urgent flags, 9 of them VFIB; with it 7, 0 VFIB (before the
 * harmonics were left out, 8 and 1).
 */
const HARMONIC_MIN_P2P_MV = 0.2;
/** Half width of each harmonic line left out: the Hann main lobe over a 4-s window (2 bins of 0.25 Hz). */
const HARMONIC_HALF_WIDTH_HZ = 0.5;
const MAX_SUBWINDOWS = 16;
const PHASE_LAG_SECONDS = 0.5; // Amann et al. 2007

/** Computes WindowFeatures of windows of a fixed length; all scratch memory is allocated once. */
export class WindowFeatureExtractor {
  readonly length: number; // samples per window
  private readonly fftSize: number;
  private readonly fft: FFT;
  private readonly hann: Float64Array;
  private readonly padded: Float64Array;
  private readonly spectrum: Float64Array; // typed, like every FFT output here: one element kind keeps fft.js's stores unboxed
  private readonly power: Float64Array;
  private readonly subP2p: Float64Array;
  private readonly occupancy = new Uint8Array(PHASE_GRID_BOXES);
  private readonly bits: Uint8Array;
  private readonly periodicity: Periodicity;
  private readonly flat: FlatSegments;
  private readonly period: PeriodicityResult = { periodS: 0, periodCorr: 0, shortCorr: 0 };
  /**
   * The window's mean, for spectralFeatures: a field, not an argument, because V8 boxes a
   * fractional argument of a call it does not inline (twice a second per lead).
   */
  private mean = 0;

  constructor(
    readonly sampleRate: number, // Hz
    length: number, // samples
  ) {
    this.length = length;
    let size = 1;
    while (size < length) size *= 2;
    this.fftSize = size;
    this.fft = new FFT(size);
    this.hann = new Float64Array(length);
    for (let i = 0; i < length; i++) this.hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1));
    this.padded = new Float64Array(size);
    this.spectrum = new Float64Array(2 * size);
    this.power = new Float64Array(size / 2 + 1);
    this.subP2p = new Float64Array(MAX_SUBWINDOWS);
    this.bits = new Uint8Array(length);
    this.periodicity = new Periodicity(sampleRate, length);
    this.flat = new FlatSegments(sampleRate, length);
  }

  /** Features of x[0..length), a band-passed window in mV with its mean near 0. */
  compute(x: Float64Array, out: WindowFeatures): WindowFeatures {
    const n = this.length;
    let sumAbs = 0;
    let sumDiff = 0;
    let peak = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i];
    mean /= n;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(x[i] - mean);
      sumAbs += v;
      if (v > peak) peak = v;
      if (i > 0) sumDiff += Math.abs(x[i] - x[i - 1]);
    }
    out.mav = sumAbs / n;
    out.leak = vfLeak(x, n, mean, sumAbs, sumDiff);
    let above = 0;
    const threshold = TCSC_THRESHOLD * peak;
    for (let i = 0; i < n; i++) if (Math.abs(x[i] - mean) > threshold) above++;
    out.tcsc = peak > 0 ? above / n : 0;
    this.medianSubwindowP2p(x, n, out);
    out.phaseFill = phaseSpaceVisited(x, n, Math.round(PHASE_LAG_SECONDS * this.sampleRate), this.occupancy) / PHASE_GRID_BOXES;
    out.lz = lempelZivComplexity(x, n, mean, this.bits);
    this.mean = mean;
    this.spectralFeatures(x, n, out);
    this.periodicity.compute(x, this.period);
    out.periodS = this.period.periodS;
    out.periodCorr = this.period.periodCorr;
    out.shortCorr = this.period.shortCorr;
    out.flatFraction = this.flat.fraction(x);
    return out;
  }

  private spectralFeatures(x: Float64Array, n: number, out: WindowFeatures): void {
    const mean = this.mean;
    const padded = this.padded;
    for (let i = 0; i < n; i++) padded[i] = (x[i] - mean) * this.hann[i];
    this.fft.realTransform(this.spectrum, padded);
    const half = this.fftSize / 2;
    const binHz = this.sampleRate / this.fftSize; // Hz per bin
    for (let k = 0; k <= half; k++) {
      const re = this.spectrum[2 * k];
      const im = this.spectrum[2 * k + 1];
      this.power[k] = re * re + im * im;
    }
    const bin = this.binOf;
    let best = bin(DOMINANT_MIN_HZ);
    for (let k = best; k <= bin(DOMINANT_MAX_HZ); k++) if (this.power[k] > this.power[best]) best = k;
    const f = best * binHz;
    let total = 0;
    for (let k = bin(BAND_LOW_HZ); k <= bin(BAND_HIGH_HZ); k++) total += this.power[k];
    let around = 0;
    for (let k = bin(0.7 * f); k <= bin(1.4 * f); k++) around += this.power[k];
    const ownHarmonics = f >= HARMONIC_MIN_HZ && around >= HARMONIC_MIN_PEAK_FRACTION * total && out.p2p >= HARMONIC_MIN_P2P_MV;
    let high = 0;
    for (let k = bin(HIGH_BAND_HZ); k <= bin(BAND_HIGH_HZ); k++) {
      const hz = k * binHz;
      if (ownHarmonics && Math.abs(hz - Math.round(hz / f) * f) <= HARMONIC_HALF_WIDTH_HZ) continue;
      high += this.power[k];
    }
    out.dominantHz = f;
    out.peakFraction = total > 0 ? around / total : 0;
    out.highFraction = total > 0 ? high / total : 0;
  }

  /** FFT bin nearest to `hz`, clamped to Nyquist. An arrow property so it allocates once. */
  private readonly binOf = (hz: number): number =>
    Math.min(this.fftSize / 2, Math.round((hz * this.fftSize) / this.sampleRate));

  /** Sets out.p2p: the median of the peak-to-peak amplitudes of the whole seconds in the window (1 s each). */
  private medianSubwindowP2p(x: Float64Array, n: number, out: WindowFeatures): void {
    const sub = Math.max(1, Math.round(this.sampleRate));
    const count = Math.min(MAX_SUBWINDOWS, Math.max(1, Math.floor(n / sub)));
    for (let s = 0; s < count; s++) {
      let lo = Infinity;
      let hi = -Infinity;
      const end = Math.min(n, (s + 1) * sub);
      for (let i = s * sub; i < end; i++) {
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
      }
      this.subP2p[s] = hi - lo;
    }
    out.p2p = smallMedian(this.subP2p, count, this.subP2p); // sorts in place
  }
}

/**
 * Kuo & Dillman's VF-filter leakage: half-period N from the mean-crossing estimate
 * N = round(pi * sum|x| / sum|dx| + 1/2), then sum|x_i + x_{i-N}| / sum(|x_i| + |x_{i-N}|).
 */
function vfLeak(x: Float64Array, n: number, mean: number, sumAbs: number, sumDiff: number): number {
  if (sumDiff <= 0) return 1;
  const half = Math.round((Math.PI * sumAbs) / sumDiff + 0.5);
  if (half <= 0 || half >= n) return 1;
  let num = 0;
  let den = 0;
  for (let i = half; i < n; i++) {
    const a = x[i] - mean;
    const b = x[i - half] - mean;
    num += Math.abs(a + b);
    den += Math.abs(a) + Math.abs(b);
  }
  return den > 0 ? num / den : 1;
}
