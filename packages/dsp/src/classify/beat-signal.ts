import { BiquadCascade } from '../filters/biquad.js';
import { butterworthBandpass } from '../filters/butterworth.js';

/**
 * Morphology band, Hz. 1 Hz removes baseline wander so beats of one patient line up; 40 Hz keeps
 * the QRS slopes (most QRS energy lies below 30 Hz) while cutting mains and most muscle noise.
 * A causal IIR: its phase distortion is the same for every beat, so templates still compare.
 */
const LOW_HZ = 1;
const HIGH_HZ = 40;

/**
 * Per-lead band-limited ECG kept in power-of-two rings, with a flag per sample saying whether the
 * raw sample was finite. Fed in blocks by the classifier; windows are read back by absolute index.
 */
export class BeatSignal {
  readonly leads: number;
  /** Samples pushed so far, per lead. */
  processed = 0;
  private readonly size: number;
  private readonly mask: number;
  private readonly rings: Float64Array[];
  private readonly finite: Uint8Array[];
  private readonly filters: BiquadCascade[];
  private readonly scratch: Float64Array;

  constructor(sampleRate: number /* Hz */, leads: number, historySamples: number, block: number) {
    this.leads = leads;
    let size = 1;
    while (size < historySamples + block) size *= 2;
    this.size = size;
    this.mask = size - 1;
    const high = Math.min(HIGH_HZ, 0.45 * sampleRate);
    this.rings = [];
    this.finite = [];
    this.filters = [];
    for (let l = 0; l < leads; l++) {
      this.rings.push(new Float64Array(size));
      this.finite.push(new Uint8Array(size));
      this.filters.push(new BiquadCascade(butterworthBandpass(2, LOW_HZ, high, sampleRate)));
    }
    this.scratch = new Float64Array(block);
  }

  /** Filters `len` samples of lead `lead` from `input[off..]` into its ring; call for every lead, then `advance`. */
  write(lead: number, input: ArrayLike<number>, off: number, len: number): void {
    const s = this.scratch;
    const ring = this.rings[lead];
    const ok = this.finite[lead];
    const mask = this.mask;
    let at = this.processed;
    for (let i = 0; i < len; i++) {
      const x = input[off + i];
      const good = Number.isFinite(x);
      s[i] = good ? x : 0;
      ok[(at + i) & mask] = good ? 1 : 0;
    }
    this.filters[lead].process(s, s, len);
    for (let i = 0; i < len; i++, at++) ring[at & mask] = s[i];
  }

  advance(len: number): void {
    this.processed += len;
  }

  /**
   * Copies samples [from, from + len) of `lead` into `out[outOff..]`. Returns false when any of
   * them is unknown (not pushed yet, already overwritten) or came from a non-finite raw sample.
   */
  read(lead: number, from: number, len: number, out: Float64Array, outOff: number): boolean {
    if (from < 0 || from + len > this.processed || from < this.processed - this.size) return false;
    const ring = this.rings[lead];
    const ok = this.finite[lead];
    const mask = this.mask;
    let good = true;
    for (let i = 0; i < len; i++) {
      const j = (from + i) & mask;
      out[outOff + i] = ring[j];
      if (ok[j] === 0) good = false;
    }
    return good;
  }
}
