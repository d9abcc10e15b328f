import { SECTION_STRIDE } from './biquad.js';

/** Complex frequency response of a filter at one frequency. */
export interface FrequencyResponse {
  re: number;
  im: number;
  /** |H|, linear (1 = unity gain). */
  magnitude: number;
  /** 20·log10|H|, dB. */
  magnitudeDb: number;
  /** arg H, radians in (-π, π]. */
  phase: number;
}

/**
 * Evaluates `H(e^{jω})`, ω = 2π·frequencyHz/sampleRateHz, for a cascade of second-order
 * sections laid out as in {@link BiquadCascade} (`[b0, b1, b2, a1, a2]` per section).
 * Not for hot loops: meant for tests, docs and design checks.
 */
export function frequencyResponse(
  sections: ArrayLike<number>,
  frequencyHz: number,
  sampleRateHz: number,
): FrequencyResponse {
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const c1 = Math.cos(w), s1 = -Math.sin(w); // z^-1
  const c2 = Math.cos(2 * w), s2 = -Math.sin(2 * w); // z^-2
  let re = 1, im = 0;
  for (let o = 0; o + SECTION_STRIDE <= sections.length; o += SECTION_STRIDE) {
    const b0 = sections[o], b1 = sections[o + 1], b2 = sections[o + 2];
    const a1 = sections[o + 3], a2 = sections[o + 4];
    const nr = b0 + b1 * c1 + b2 * c2, ni = b1 * s1 + b2 * s2;
    const dr = 1 + a1 * c1 + a2 * c2, di = a1 * s1 + a2 * s2;
    const d = dr * dr + di * di;
    const hr = (nr * dr + ni * di) / d, hi = (ni * dr - nr * di) / d;
    const r = re * hr - im * hi;
    im = re * hi + im * hr;
    re = r;
  }
  const magnitude = Math.hypot(re, im);
  return { re, im, magnitude, magnitudeDb: 20 * Math.log10(magnitude), phase: Math.atan2(im, re) };
}
