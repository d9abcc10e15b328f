import { DspParameterError } from './errors.js';
import { checkLengths, type SampleArray, type StreamFilter } from './stream.js';

/** Number of coefficients stored per second-order section: [b0, b1, b2, a1, a2] (a0 = 1). */
export const SECTION_STRIDE = 5;

/**
 * Streaming cascade of second-order IIR sections in Direct Form II transposed.
 *
 * `sections` holds `[b0, b1, b2, a1, a2]` per section, back to back, for
 * `H_k(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)`; the cascade is the product.
 * A first-order section is written with `b2 = a2 = 0`. The coefficients are copied, so
 * every section keeps its own (the bug that made multi-stage filters in a popular JS
 * library silently reuse the last stage's coefficients cannot happen here).
 *
 * Non-finite input samples (NaN, ±Infinity) are fed to the filter as 0 so one bad sample
 * cannot poison the state forever; mark gaps upstream if they matter.
 */
export class BiquadCascade implements StreamFilter {
  /** The coefficients in use, `[b0, b1, b2, a1, a2]` per section. Do not mutate. */
  readonly sections: Float64Array;
  /** Number of second-order sections. */
  readonly sectionCount: number;
  /** Two DF-II-T state variables per section: `[z1, z2]`. */
  private readonly state: Float64Array;

  constructor(sections: ArrayLike<number>) {
    if (sections.length === 0 || sections.length % SECTION_STRIDE !== 0) {
      throw new DspParameterError('sections.length', sections.length, 'expected a positive multiple of 5');
    }
    this.sections = Float64Array.from(sections);
    for (let i = 0; i < this.sections.length; i++) {
      if (!Number.isFinite(this.sections[i])) {
        throw new DspParameterError(`sections[${i}]`, this.sections[i], 'coefficients must be finite');
      }
    }
    this.sectionCount = this.sections.length / SECTION_STRIDE;
    this.state = new Float64Array(2 * this.sectionCount);
  }

  process(input: SampleArray, output: Float64Array, length: number = input.length): void {
    checkLengths(input, output, length);
    const c = this.sections;
    const s = this.state;
    // Section-outer order keeps each section's coefficients and state in registers; the
    // result is the same as sample-outer order, bit for bit.
    for (let k = 0; k < this.sectionCount; k++) {
      const o = k * SECTION_STRIDE;
      const b0 = c[o], b1 = c[o + 1], b2 = c[o + 2], a1 = c[o + 3], a2 = c[o + 4];
      let z1 = s[2 * k], z2 = s[2 * k + 1];
      if (k === 0) {
        for (let i = 0; i < length; i++) {
          let x = input[i];
          if (x - x !== 0) x = 0; // NaN or ±Infinity
          const y = b0 * x + z1;
          z1 = b1 * x - a1 * y + z2;
          z2 = b2 * x - a2 * y;
          output[i] = y;
        }
      } else {
        for (let i = 0; i < length; i++) {
          const x = output[i];
          const y = b0 * x + z1;
          z1 = b1 * x - a1 * y + z2;
          z2 = b2 * x - a2 * y;
          output[i] = y;
        }
      }
      s[2 * k] = z1;
      s[2 * k + 1] = z2;
    }
  }

  reset(): void {
    this.state.fill(0);
  }
}
