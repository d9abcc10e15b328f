import { BiquadCascade } from './biquad.js';
import { HumGate } from './hum-gate.js';
import { mainsNotchesBelowNyquist } from './notch.js';
import { checkRange } from './stream.js';

/**
 * Which mains to notch: the local grid's frequency (Hz), both 50 and 60 Hz when it is not known
 * (each notch is 2 Hz wide, and used only while a lead carries hum), or none.
 */
export type MainsNotchChoice = 50 | 60 | 'both' | 'off';

/** Options for {@link MainsNotchLeads}. */
export interface MainsNotchLeadsOptions {
  sampleRate: number; // Hz
  leads: 1 | 2;
  /** Default 'both'. A frequency at or above 0.95 × Nyquist is not notched (60 Hz at 125 Hz). */
  mains?: MainsNotchChoice;
  /** Longest block `process` takes, samples (default one second). */
  blockSamples?: number;
  /**
   * 'on-hum' (default): a lead's notched signal is used only while it carries hum (hum-gate.ts),
   * faded in and out; 'always': always.
   */
  engage?: 'on-hum' | 'always';
}

/** The notch frequencies of a choice, Hz. */
export function mainsNotchFrequencies(mains: MainsNotchChoice): number[] {
  if (mains === 'off') return [];
  return mains === 'both' ? [50, 60] : [mains];
}

/**
 * The front end of beat analysis: mains notches on each lead before the QRS detector, the beat
 * classifier and the P-wave and fiducial readers. A humming lead otherwise gives false beats
 * and wide, ragged shapes that read as ventricular. By default a lead is notched only while it
 * carries hum (HumGate), since the notch rings after sharp deflections. Missing samples stay
 * missing: a non-finite input sample comes out NaN (it enters the notch as 0, so the notch's
 * state stays finite).
 *
 * Signal-quality and the shockable-rhythm detector read the raw leads: the first must see the hum
 * to report it, the second notches inside its own analysis band.
 *
 * Outputs live in `out[lead][0..length)` until the next `process`; nothing is allocated there.
 */
export class MainsNotchLeads {
  readonly blockSamples: number;
  /** Per lead, the last block's output samples. */
  readonly out: Float64Array[];
  private readonly filters: BiquadCascade[];
  private readonly gates: HumGate[] | null; // null: always notched
  private readonly notched: Float64Array; // one lead's notched block
  private readonly active: boolean;

  constructor(opts: MainsNotchLeadsOptions) {
    const { sampleRate, leads } = opts;
    this.blockSamples = opts.blockSamples ?? Math.max(1, Math.round(sampleRate));
    const sections = mainsNotchesBelowNyquist(mainsNotchFrequencies(opts.mains ?? 'both'), sampleRate);
    this.active = sections.length > 0;
    this.filters = this.active ? Array.from({ length: leads }, () => new BiquadCascade(sections)) : [];
    this.gates = (opts.engage ?? 'on-hum') === 'on-hum' ? Array.from({ length: leads }, () => new HumGate(sampleRate)) : null;
    this.out = Array.from({ length: leads }, () => new Float64Array(this.blockSamples));
    this.notched = new Float64Array(this.active ? this.blockSamples : 0);
  }

  /** Whether lead `l` is being notched now (always true with engage 'always' and a notch to use). */
  engaged(l: number): boolean {
    return this.active && (this.gates === null || this.gates[l].engaged);
  }

  /** Notches `[offset, offset + length)` of each lead into `out`; `length` at most `blockSamples`. */
  process(lead0: ArrayLike<number>, lead1: ArrayLike<number> | undefined, offset: number, length: number): void {
    checkRange('MainsNotchLeads', lead0.length, offset, length);
    if (length > this.blockSamples) throw new RangeError(`MainsNotchLeads: block of ${length} samples, at most ${this.blockSamples}`);
    this.lead(0, lead0, offset, length);
    if (this.out.length === 2) {
      if (!lead1 || lead1.length !== lead0.length) throw new RangeError('MainsNotchLeads: two leads were configured; give both with equal lengths');
      this.lead(1, lead1, offset, length);
    }
  }

  /**
   * Any range, cut into blocks: `each(notched0, notched1, length)` per block, in order. Pass a
   * callback made once, not per call, to keep a streaming caller allocation-free.
   */
  run(lead0: ArrayLike<number>, lead1: ArrayLike<number> | undefined, offset: number, length: number, each: NotchedBlockSink): void {
    checkRange('MainsNotchLeads', lead0.length, offset, length);
    for (let at = offset; at < offset + length; at += this.blockSamples) {
      const len = Math.min(this.blockSamples, offset + length - at);
      this.process(lead0, lead1, at, len);
      each(this.out[0], this.out.length === 2 ? this.out[1] : undefined, len);
    }
  }

  private lead(l: number, input: ArrayLike<number>, offset: number, length: number): void {
    const out = this.out[l];
    if (!this.active) {
      for (let i = 0; i < length; i++) out[i] = input[offset + i];
      return;
    }
    const y = this.notched;
    for (let i = 0; i < length; i++) y[i] = input[offset + i];
    this.filters[l].process(y, y, length); // in place; non-finite samples enter as 0
    const gate = this.gates?.[l];
    if (gate) {
      for (let i = 0; i < length; i++) out[i] = gate.mix(input[offset + i], y[i]);
      return;
    }
    for (let i = 0; i < length; i++) {
      const x = input[offset + i];
      out[i] = x - x === 0 ? y[i] : Number.NaN;
    }
  }
}

/** Receives one notched block: samples `[0, length)` of each array, valid until the next block. */
export type NotchedBlockSink = (lead0: Float64Array, lead1: Float64Array | undefined, length: number) => void;

/** Batch helper: whole leads through {@link MainsNotchLeads.run}, a second at a time. */
export function forEachNotchedBlock(
  leads: readonly ArrayLike<number>[],
  sampleRate: number /* Hz */,
  each: NotchedBlockSink,
  options: Pick<MainsNotchLeadsOptions, 'mains' | 'engage'> = {},
): void {
  const notch = new MainsNotchLeads({ ...options, sampleRate, leads: leads.length as 1 | 2 });
  notch.run(leads[0], leads[1], 0, leads[0].length, each);
}
