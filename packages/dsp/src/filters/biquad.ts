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
    // Two sections per pass over the chunk: their recursions overlap in the CPU pipeline and
    // the chunk is read and written half as often. Per sample the arithmetic is the same as
    // one section at a time, so the result is identical bit for bit.
    let source: SampleArray = input;
    for (let k = 0; k < this.sectionCount; k += 2) {
      if (k + 1 < this.sectionCount) runPair(this.sections, this.state, k, source, output, length);
      else runSingle(this.sections, this.state, k, source, output, length);
      source = output;
    }
  }

  reset(): void {
    this.state.fill(0);
  }
}

/** Sections k and k+1 over `source` into `output`. Non-finite source samples enter as 0. */
function runPair(c: Float64Array, s: Float64Array, k: number, source: SampleArray, output: Float64Array, length: number): void {
  const o = k * SECTION_STRIDE;
  const b0 = c[o], b1 = c[o + 1], b2 = c[o + 2], a1 = c[o + 3], a2 = c[o + 4];
  const d0 = c[o + 5], d1 = c[o + 6], d2 = c[o + 7], e1 = c[o + 8], e2 = c[o + 9];
  let z1 = s[2 * k], z2 = s[2 * k + 1], w1 = s[2 * k + 2], w2 = s[2 * k + 3];
  for (let i = 0; i < length; i++) {
    let x = source[i];
    if (x - x !== 0) x = 0; // NaN or ±Infinity
    const y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    const v = d0 * y + w1;
    w1 = d1 * y - e1 * v + w2;
    w2 = d2 * y - e2 * v;
    output[i] = v;
  }
  s[2 * k] = z1;
  s[2 * k + 1] = z2;
  s[2 * k + 2] = w1;
  s[2 * k + 3] = w2;
}

/** Section k over `source` into `output`. Non-finite source samples enter as 0. */
function runSingle(c: Float64Array, s: Float64Array, k: number, source: SampleArray, output: Float64Array, length: number): void {
  const o = k * SECTION_STRIDE;
  const b0 = c[o], b1 = c[o + 1], b2 = c[o + 2], a1 = c[o + 3], a2 = c[o + 4];
  let z1 = s[2 * k], z2 = s[2 * k + 1];
  for (let i = 0; i < length; i++) {
    let x = source[i];
    if (x - x !== 0) x = 0;
    const y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    output[i] = y;
  }
  s[2 * k] = z1;
  s[2 * k + 1] = z2;
}
