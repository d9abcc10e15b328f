import { BiquadCascade } from '../filters/biquad.js';
import { butterworthBandpass } from '../filters/butterworth.js';
import { DspParameterError, requirePositive } from '../filters/errors.js';
import { checkRange, type SampleArray } from '../filters/stream.js';
import { BAND_DELAY_S } from '../qrs/beat-decider.js';
import { BAND_HIGH_HZ, BAND_LOW_HZ } from '../qrs/lead-feature.js';

/** Samples band-passed per pass. */
const BLOCK = 256;
/** Span about the detector's mark, s, that the complex is looked for in: a wide QRS whole, not the neighbouring beats. */
const SEARCH_S = 0.1;
/** Half-width, s, of the span about that first centre that the time is refined over: the QRS itself. */
const REFINE_S = 0.05;

/**
 * The time of a beat for its RR intervals in HRV: the centre of the complex's energy in the QRS
 * band (both leads summed), about the QRS detector's mark.
 *
 * The detector marks a beat at its largest band-passed deflection. On a complex with two lobes of
 * about one size (RS, notched, RSR') that deflection changes sides from beat to beat as breathing
 * turns the heart's axis, and the RR intervals gain the lobes' distance (25-40 ms) as a jitter
 * that RMSSD and pNN50 read as vagal tone (`bench rhythm --parts marks`: the mark's offset from the
 * reference changes by 20 ms rms between consecutive normal beats on mitdb 101). The centre of the
 * energy moves only as far as the lobes' balance does. The mark itself stays what the beat list,
 * the beat classifier, the P-wave window and the rhythm rules use: they were fitted to it.
 *
 * Streaming: the band-passed energy of the last `historySeconds` is kept in a ring; `at(mark)`
 * places a beat once the samples to 0.1 s after its mark are in. Nothing is allocated per sample
 * or per beat, and the result does not depend on the chunking.
 */
export class BeatFiducial {
  private readonly filters: BiquadCascade[]; // per lead, the QRS band
  private readonly held: Float64Array; // per lead: the last finite sample, less the first one
  private readonly first: Float64Array; // per lead: the first finite sample (NaN before it)
  private readonly block = new Float64Array(BLOCK);
  private readonly energy: Float64Array; // ring: sum over leads of band²
  private readonly mask: number;
  private readonly search: number; // samples
  private readonly refine: number; // samples
  private readonly delay: number; // samples
  private written = 0;

  constructor(
    sampleRate: number, // Hz
    private readonly leads: 1 | 2,
    historySeconds: number,
  ) {
    requirePositive('sampleRate', sampleRate);
    requirePositive('historySeconds', historySeconds);
    if (leads !== 1 && leads !== 2) throw new DspParameterError('leads', leads, 'expected 1 or 2');
    this.filters = Array.from({ length: leads }, () => new BiquadCascade(butterworthBandpass(2, BAND_LOW_HZ, BAND_HIGH_HZ, sampleRate)));
    this.held = new Float64Array(leads);
    this.first = new Float64Array(leads).fill(Number.NaN);
    this.search = Math.round(SEARCH_S * sampleRate);
    this.refine = Math.round(REFINE_S * sampleRate);
    this.delay = Math.round(BAND_DELAY_S * sampleRate); // the detector's own correction: times stay on its scale
    let size = 1;
    while (size < historySeconds * sampleRate + this.search + this.delay) size <<= 1;
    this.energy = new Float64Array(size);
    this.mask = size - 1;
  }

  /** Samples pushed so far. */
  get samples(): number {
    return this.written;
  }

  /** The next samples (mV; NaN = missing, held) of each lead, `[offset, offset + length)`. */
  push(lead0: SampleArray, lead1?: SampleArray, offset = 0, length = lead0.length - offset): void {
    checkRange('BeatFiducial', lead0.length, offset, length);
    if (this.leads === 2 && (lead1 === undefined || lead1.length !== lead0.length)) {
      throw new DspParameterError('lead1', lead1?.length, `expected ${lead0.length} samples for the second lead`);
    }
    const e = this.energy;
    const mask = this.mask;
    for (let at = offset; at < offset + length; at += BLOCK) {
      const n = Math.min(BLOCK, offset + length - at);
      for (let i = 0; i < n; i++) e[(this.written + i) & mask] = 0;
      this.addEnergy(0, lead0, at, n);
      if (this.leads === 2) this.addEnergy(1, lead1 as SampleArray, at, n);
      this.written += n;
    }
  }

  /**
   * The beat's time (sample) for its intervals: where its energy centres, within 0.1 s of the
   * detector's `mark`, on the detector's scale. The mark itself when the samples after it are not
   * in yet, have left the history, or hold no energy.
   */
  at(mark: number): number {
    const from = mark + this.delay - this.search;
    const to = mark + this.delay + this.search;
    if (from < 0 || to >= this.written || this.written - from > this.energy.length) return mark;
    const rough = this.centre(from, to);
    if (rough < 0) return mark;
    const centre = this.centre(Math.max(from, rough - this.refine), Math.min(to, rough + this.refine));
    return centre < 0 ? mark : centre - this.delay;
  }

  /** Centre (sample) of the energy over samples lo..hi; -1 when there is none. */
  private centre(lo: number, hi: number): number {
    const e = this.energy;
    const mask = this.mask;
    let weight = 0;
    let moment = 0;
    for (let s = lo; s <= hi; s++) {
      const w = e[s & mask];
      weight += w;
      moment += w * (s - lo);
    }
    return weight > 0 ? lo + Math.round(moment / weight) : -1;
  }

  /** Band-passes lead `lead`'s x[at..at + n) and adds the squares to the energy ring after the samples written. */
  private addEnergy(lead: number, x: SampleArray, at: number, n: number): void {
    const block = this.block;
    let held = this.held[lead];
    let first = this.first[lead];
    for (let i = 0; i < n; i++) {
      const v = x[at + i];
      if (v - v === 0) {
        // a gap holds the last sample (a step would ring in the band-pass), and the first level is
        // removed so the filter does not ring on the step from zero either
        if (first !== first) first = v;
        held = v - first;
      }
      block[i] = held;
    }
    this.held[lead] = held;
    this.first[lead] = first;
    this.filters[lead].process(block, block, n);
    const e = this.energy;
    const mask = this.mask;
    for (let i = 0; i < n; i++) e[(this.written + i) & mask] += block[i] * block[i];
  }
}
