import { BiquadCascade } from './biquad.js';
import { DspParameterError, requireInteger, requirePositive } from './errors.js';

/** Options for {@link mainsNotchSections}. */
export interface MainsNotchOptions {
  /** Mains fundamental, Hz: 50 (Europe, China, most of Africa and Asia) or 60 (Americas, ...). */
  mainsHz: number;
  /** Sample rate, Hz. */
  sampleRateHz: number;
  /**
   * Quality factor f0 / bandwidth, the bandwidth being the exact distance in Hz between the
   * -3 dB points. Default 30: a 1.67 Hz wide notch at 50 Hz (2 Hz at 60 Hz), which tolerates the ±0.2 Hz a grid drifts while leaving the QRS alone
   * (|H| within 0.01 dB below 35 Hz at the usual rates). Rings for about 1/(π·bandwidth) ≈ 0.2 s.
   */
  quality?: number;
  /** How many harmonics to notch, counting the fundamental as 1 (default 1). Harmonics at or
   *  above 0.95 × Nyquist are skipped; every harmonic notch has the fundamental's width in Hz. */
  harmonics?: number;
}

/** Default notch quality factor (see {@link MainsNotchOptions.quality}). */
export const DEFAULT_NOTCH_QUALITY = 30;

/**
 * Second-order IIR notch sections for mains hum (the allpass-based notch, H = (1 + A(z)) / 2):
 *
 *   H(z) = (1 - 2cos ω0 z^-1 + z^-2) / ((1 + α) - 2cos ω0 z^-1 + (1 - α) z^-2),
 *   ω0 = 2π f0 / fs, α = tan(π·B / fs), B = mainsHz / Q the -3 dB bandwidth in Hz
 *
 * Zeros exactly on the unit circle at f0 (infinite depth in theory, below -100 dB as computed),
 * gain exactly 1 at DC and Nyquist. Not linear phase: phase shift is confined to the notch
 * band (group delay a few samples just outside it, ~0 elsewhere). Returns `[b0, b1, b2, a1, a2]`
 * per section for {@link BiquadCascade}.
 */
export function mainsNotchSections(options: MainsNotchOptions): Float64Array {
  const { mainsHz, sampleRateHz, quality = DEFAULT_NOTCH_QUALITY, harmonics = 1 } = options;
  requirePositive('sampleRateHz', sampleRateHz);
  requirePositive('quality', quality);
  requireInteger('harmonics', harmonics, 1);
  if (!(mainsHz > 0 && mainsHz < 0.95 * (sampleRateHz / 2))) {
    throw new DspParameterError('mainsHz', mainsHz, `expected 0 < mainsHz < 0.95 × Nyquist = ${0.95 * (sampleRateHz / 2)} Hz`);
  }
  const bandwidthHz = mainsHz / quality;
  const out: number[] = [];
  for (let h = 1; h <= harmonics && h * mainsHz < 0.95 * (sampleRateHz / 2); h++) {
    const w0 = (2 * Math.PI * h * mainsHz) / sampleRateHz;
    const alpha = Math.tan((Math.PI * bandwidthHz) / sampleRateHz); // same width for every harmonic
    const a0 = 1 + alpha;
    const c = -2 * Math.cos(w0);
    out.push(1 / a0, c / a0, 1 / a0, c / a0, (1 - alpha) / a0);
  }
  return Float64Array.from(out);
}

/** A streaming mains notch: `new BiquadCascade(mainsNotchSections(options))`. */
export function createMainsNotch(options: MainsNotchOptions): BiquadCascade {
  return new BiquadCascade(mainsNotchSections(options));
}

/**
 * Notch sections, one per mains line in `linesHz`, for every line below 0.95 × Nyquist (the others
 * skipped, as 60 Hz at 125 Hz): `[b0, b1, b2, a1, a2]` per section, for {@link BiquadCascade}.
 * Empty when no line fits.
 */
export function mainsNotchesBelowNyquist(linesHz: readonly number[], sampleRateHz: number, quality?: number): Float64Array {
  const fitting = linesHz.filter((hz) => hz < 0.95 * (sampleRateHz / 2));
  return Float64Array.from(fitting.flatMap((mainsHz) => Array.from(mainsNotchSections({ mainsHz, sampleRateHz, quality }))));
}
