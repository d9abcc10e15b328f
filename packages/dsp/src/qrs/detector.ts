import { forEachNotchedBlock, type MainsNotchChoice } from '../filters/mains-notch-leads.js';
import { LeadFeature } from './lead-feature.js';
import { BeatDecider } from './beat-decider.js';
import { LeadMerger } from './lead-merger.js';
import { checkRange } from '../filters/stream.js';

export interface QrsDetectorOptions {
  sampleRate: number; // Hz, 125..1000
  /** Number of leads that will be pushed (1 or 2). Default 1. */
  leads?: 1 | 2;
}

/** Largest block the stages process at once; longer chunks are cut, shorter ones used as they come. */
const BLOCK = 1024;
/** Feature history each lead keeps, s: the decision delay plus the R-peak search window, rounded up. */
const HISTORY_S = 3;

/**
 * Real-time QRS detector. Feed it chunks of any size; it calls `onBeat(sample)` with the index
 * of each R peak (from the first sample pushed) exactly `delay` samples after that peak, so
 * the output is the same whatever the chunking. It reads the leads as given: a lead carrying mains
 * hum should pass MainsNotchLeads first (detectQrs and the analyzer do), since the QRS band's
 * derivative lifts 50-60 Hz into false beats.
 */
export class QrsDetector {
  readonly sampleRate: number;
  readonly leads: 1 | 2;
  /** Samples between an R peak and the call that reports it. */
  readonly delay: number;
  private readonly features: LeadFeature[];
  private readonly deciders: BeatDecider[];
  private readonly merger: LeadMerger | null;
  private readonly hold: Float64Array;
  private processed = 0; // samples pushed so far (per lead)

  constructor(opts: QrsDetectorOptions, onBeat: (sample: number) => void) {
    const { sampleRate } = opts;
    if (!(sampleRate >= 100 && sampleRate <= 2000)) {
      throw new RangeError(`QrsDetector: sampleRate must be between 100 and 2000 Hz, got ${sampleRate}`);
    }
    const leads = opts.leads ?? 1;
    if (leads !== 1 && leads !== 2) throw new RangeError(`QrsDetector: leads must be 1 or 2, got ${String(leads)}`);
    this.sampleRate = sampleRate;
    this.leads = leads;
    this.features = [];
    this.deciders = [];
    const merger = leads === 2 ? new LeadMerger(sampleRate, onBeat) : null;
    this.merger = merger;
    const floor = smallestBeatEnergy(sampleRate);
    for (let i = 0; i < leads; i++) {
      // A block is written before the decider reads it, so the ring holds a block more.
      const feature = new LeadFeature(sampleRate, Math.ceil(HISTORY_S * sampleRate) + BLOCK);
      const lead = i as 0 | 1;
      const report = merger ? (s: number) => merger.add(lead, s, decider.reportedQuality) : onBeat;
      const decider: BeatDecider = new BeatDecider(sampleRate, feature, floor, report);
      this.features.push(feature);
      this.deciders.push(decider);
    }
    this.delay = this.deciders[0].delay + (merger ? merger.delay : 0);
    this.hold = new Float64Array(BLOCK);
  }

  /**
   * Push the next samples (mV) of each lead, `lead0[offset..offset + length)` and the same range
   * of lead1; both leads must have the same length.
   */
  push(lead0: ArrayLike<number>, lead1?: ArrayLike<number>, offset = 0, length = lead0.length - offset): void {
    if (this.leads === 2) {
      if (!lead1 || lead1.length !== lead0.length) {
        throw new RangeError('QrsDetector: two leads were configured; push both with equal lengths');
      }
    }
    checkRange('QrsDetector', lead0.length, offset, length);
    const end = offset + length;
    for (let off = offset; off < end; off += BLOCK) {
      const len = Math.min(BLOCK, end - off);
      this.features[0].process(lead0, off, len, this.processed);
      this.deciders[0].run(this.processed, len);
      if (this.leads === 2) {
        this.features[1].process(lead1 as ArrayLike<number>, off, len, this.processed);
        this.deciders[1].run(this.processed, len);
      }
      this.processed += len;
      this.settle();
    }
  }

  /** Both deciders have reported every beat up to (processed - 1 - their delay). */
  private settle(): void {
    if (this.merger) this.merger.settle(this.processed - 1 - this.deciders[0].delay - this.merger.delay);
  }

  /**
   * End of the record: decide and report every beat still pending, as if the signal had gone on
   * flat for `delay` samples. Beats are never reported beyond the samples pushed.
   */
  flush(): void {
    const end = this.processed;
    let remaining = this.delay + 1;
    const hold = this.hold;
    hold.fill(NaN); // NaN holds each lead's last good sample
    while (remaining > 0) {
      const len = Math.min(BLOCK, remaining);
      for (let i = 0; i < this.leads; i++) {
        this.features[i].process(hold, 0, len, this.processed);
        this.deciders[i].run(this.processed, len);
      }
      this.processed += len;
      remaining -= len;
    }
    for (const d of this.deciders) d.drain(end);
    this.merger?.flush(end);
  }
}

/**
 * QRS amplitude that heart-rate meters must not count (ANSI/AAMI EC13: complexes under 0.15 mV are
 * to be ignored), mV. The beat floor is half the energy of a narrow complex of this size, so a
 * wider complex of the same amplitude still counts, while amplifier and electrode noise on a flat
 * line (tens of microvolts) never passes as beats during asystole.
 */
export const SMALLEST_QRS_MV = 0.15;

/**
 * Half the peak integrated energy of a narrow (sigma 10 ms) complex of `SMALLEST_QRS_MV` at this
 * rate, measured by running the lead feature over it once: the floor of the beat thresholds.
 */
function smallestBeatEnergy(sampleRate: number): number {
  const n = Math.round(sampleRate); // one second, the complex in the middle
  const probe = new Float64Array(n);
  const sigma = 0.01 * sampleRate;
  for (let i = 0; i < n; i++) {
    const z = (i - n / 2) / sigma;
    probe[i] = SMALLEST_QRS_MV * Math.exp(-0.5 * z * z);
  }
  const feature = new LeadFeature(sampleRate, n + 1);
  feature.process(probe, 0, n, 0);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, feature.energy[i & feature.mask]);
  return 0.5 * peak;
}

/**
 * Batch helper: every beat of a whole record, as R-peak sample indices, the leads through the
 * analyzer's mains front end first (`mains`, default both 50 and 60 Hz, notched while hum is there).
 */
export function detectQrs(leads: ArrayLike<number>[], sampleRate: number, mains: MainsNotchChoice = 'both'): Int32Array {
  if (leads.length < 1 || leads.length > 2) throw new RangeError('detectQrs: give one or two leads');
  const found: number[] = [];
  const det = new QrsDetector({ sampleRate, leads: leads.length as 1 | 2 }, (s) => found.push(s));
  forEachNotchedBlock(leads, sampleRate, (a, b, length) => det.push(a, b, 0, length), { mains });
  det.flush();
  return Int32Array.from(found);
}
