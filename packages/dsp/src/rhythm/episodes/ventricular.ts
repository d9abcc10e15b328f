import type { BeatLabel, EpisodeSink } from '../types.js';
import type { VentricularRules } from './config.js';
import { EpisodeSlot } from './slot.js';

/**
 * Ventricular runs and patterns from labelled beats:
 * - VRUN: a couplet (2 V, info) or a run of 3+ V no faster than `vtRateBpm` (slow run / accelerated
 *   idioventricular rhythm, warning); recorded when the run ends.
 * - VT: 3+ consecutive V faster than `vtRateBpm`; opens (warning, non-sustained) at the beat that
 *   meets the rule, turns urgent once sustained (`vtSustainedS`) or rapid (`vtRapidBpm` for `vtRapidS`).
 * - BIGEMINY (N V repeated, warning) and TRIGEMINY (N N V repeated, info) once `...Cycles` cycles
 *   in a row are seen; they end at the last beat that kept the pattern.
 * S beats count as non-ventricular (the pattern is about the V beats); Q (unknown) breaks every
 * run and pattern, since we cannot say what it was.
 */
export class VentricularDetector {
  private readonly vt: EpisodeSlot;
  private readonly vrun: EpisodeSlot;
  private readonly bigeminy: EpisodeSlot;
  private readonly trigeminy: EpisodeSlot;
  private readonly vtMinRr: number; // samples: RR shorter than this is faster than vtRateBpm
  private readonly rapidMaxRr: number; // samples
  private readonly sustained: number; // samples
  private readonly rapidFor: number; // samples
  // current run of V beats
  private runCount = 0;
  private runFirst = -1;
  private runLast = -1;
  private rapidSince = -1;
  private lastBeat = -1;
  // pattern trackers: phase = beats of the current cycle seen; start = first beat of the pattern
  private bigPhase = 0;
  private bigStart = -1;
  private bigCycles = 0;
  private bigLast = -1;
  private triPhase = 0;
  private triStart = -1;
  private triCycles = 0;
  private triLast = -1;
  private prevLabel: BeatLabel | null = null;
  private prevSample = -1;

  constructor(
    sampleRate: number /* Hz */,
    private readonly rules: VentricularRules,
    sink: EpisodeSink,
  ) {
    this.vt = new EpisodeSlot('VT', sink);
    this.vrun = new EpisodeSlot('VRUN', sink);
    this.bigeminy = new EpisodeSlot('BIGEMINY', sink);
    this.trigeminy = new EpisodeSlot('TRIGEMINY', sink);
    this.vtMinRr = (60 * sampleRate) / rules.vtRateBpm;
    this.rapidMaxRr = (60 * sampleRate) / rules.vtRapidBpm;
    this.sustained = Math.round(rules.vtSustainedS * sampleRate);
    this.rapidFor = Math.round(rules.vtRapidS * sampleRate);
  }

  beat(sample: number, label: BeatLabel): void {
    this.runs(sample, label);
    this.bigeminyStep(sample, label);
    this.trigeminyStep(sample, label);
    this.prevLabel = label;
    this.prevSample = sample;
    this.lastBeat = sample;
  }

  /** Samples from..to could not be labelled: every run and pattern ends before them. */
  unusable(from: number, _to: number): void {
    this.endRun(this.lastBeat);
    this.endBigeminy();
    this.endTrigeminy();
    this.prevLabel = null;
    this.lastBeat = -1;
    void from;
  }

  finish(_end: number): void {
    this.endRun(this.lastBeat);
    this.endBigeminy();
    this.endTrigeminy();
  }

  private runs(sample: number, label: BeatLabel): void {
    if (label !== 'V') {
      this.endRun(this.runLast);
      return;
    }
    const rr = this.lastBeat >= 0 ? sample - this.lastBeat : Infinity;
    if (this.runCount === 0) {
      this.runFirst = sample;
      this.rapidSince = -1;
    } else {
      // inside the run: track how long it has been rapid
      this.rapidSince = rr < this.rapidMaxRr ? (this.rapidSince >= 0 ? this.rapidSince : this.runLast) : -1;
    }
    this.runCount++;
    this.runLast = sample;
    if (this.runCount < 3) return;
    const meanRr = (sample - this.runFirst) / (this.runCount - 1);
    if (!this.vt.isOpen && meanRr < this.vtMinRr) this.vt.open(this.runFirst, 'warning');
    if (!this.vt.isOpen) return;
    const long = sample - this.runFirst >= this.sustained;
    const rapid = this.rapidSince >= 0 && sample - this.rapidSince >= this.rapidFor;
    if (long || rapid) this.vt.escalate('urgent');
  }

  private endRun(end: number): void {
    if (this.runCount >= 2) {
      if (this.vt.isOpen) this.vt.close(end);
      else this.vrun.record(this.runFirst, end, this.runCount === 2 ? 'info' : 'warning');
    }
    this.runCount = 0;
    this.runFirst = this.runLast = this.rapidSince = -1;
  }

  private bigeminyStep(sample: number, label: BeatLabel): void {
    const expectV = this.bigPhase === 1;
    const ok = label === 'V' ? expectV : label !== 'Q' && !expectV && this.bigPhase > 0;
    if (ok) {
      this.bigPhase = label === 'V' ? 2 : 1;
      this.bigLast = sample;
      if (label === 'V' && ++this.bigCycles >= this.rules.bigeminyCycles && !this.bigeminy.isOpen) this.bigeminy.open(this.bigStart, 'warning');
      return;
    }
    this.endBigeminy();
    if (label === 'N' || label === 'S') {
      this.bigPhase = 1; // an N: a new pattern may start here
      this.bigStart = this.bigLast = sample;
    }
  }

  private endBigeminy(): void {
    this.bigeminy.close(this.bigLast);
    this.bigPhase = 0;
    this.bigCycles = 0;
  }

  private trigeminyStep(sample: number, label: BeatLabel): void {
    const nonV = label === 'N' || label === 'S';
    // phase: 0 nothing, 1 = one N seen, 2 = two N seen (expect V), 3 = V seen (expect N)
    const p = this.triPhase;
    const ok = label === 'V' ? p === 2 : nonV && (p === 1 || p === 3);
    if (ok) {
      this.triPhase = label === 'V' ? 3 : p === 3 ? 1 : 2;
      this.triLast = sample;
      if (label === 'V' && ++this.triCycles >= this.rules.trigeminyCycles && !this.trigeminy.isOpen) this.trigeminy.open(this.triStart, 'info');
      return;
    }
    const prevNonV = this.prevLabel === 'N' || this.prevLabel === 'S';
    this.endTrigeminy();
    if (!nonV) return;
    // an N where a V was due (N N N): the pattern may restart from the previous N
    if (prevNonV && p === 2) {
      this.triPhase = 2;
      this.triStart = this.prevSample;
    } else {
      this.triPhase = 1;
      this.triStart = sample;
    }
    this.triLast = sample;
  }

  private endTrigeminy(): void {
    this.trigeminy.close(this.triLast);
    this.triPhase = 0;
    this.triCycles = 0;
  }
}
