import type { BeatLabel, EpisodeSink } from '../types.js';
import type { VentricularRules } from './config.js';
import { RecentSpans } from './recent-spans.js';
import { EpisodeSlot } from './slot.js';
import { VentricularRun } from './ventricular-run.js';

/**
 * A VT whose rate falls this far under vtRateBpm (RR this many times the VT bound: under ~91/min
 * at 100) for SLOWED_BEATS beats in a row has become a slow ventricular rhythm. Ventricular beats
 * slower than 100/min are an idioventricular rhythm, not VT, by the same guideline; without the
 * cut a burst of fast V beats that went on at 60-80/min (vfdb 614: wide beats for two minutes)
 * stayed "VT" and turned urgent as "sustained" after 30 s. The margin and the run's central RR keep
 * a VT hovering at 100/min from flickering.
 */
const SLOWED_RR_FACTOR = 1.1;
const SLOWED_BEATS = 4;

/**
 * VT that fills `vtSustainedS` of this many times that span, in runs broken by a few beats, is
 * sustained too (urgent). Labels break a real VT into runs: mitdb 223's 55-s VT at 95-120/min has
 * every other complex labelled N for stretches, and no one run reached 30 s, so the longest VT of
 * the shared records stayed a warning. A patient who spends half a minute of every minute in VT is
 * in sustained VT by any clinical reading, whatever splits the runs.
 */
const SUSTAINED_WITHIN_FACTOR = 2;
/** Closed VT runs remembered: at the shortest (3 beats at 100/min, then one beat) 60 s holds ~25. */
const PAST_VT_SPANS = 32;
/**
 * A VT made sustained by its runs stays one open episode across the breaks between them, s: it
 * ends at its last V once no run at the VT rate has come for this long. Each run as its own urgent
 * flag re-alarmed the same VT dozens of times (vfdb 611: 15 min of VT, 92 runs).
 */
const BRIDGE_S = 10;

/**
 * Ventricular runs and patterns from labelled beats:
 * - VRUN: a couplet (2 V, info) or a run of 3+ V no faster than `vtRateBpm` (slow run / accelerated
 *   idioventricular rhythm, warning; info for a paced patient, whose paced beats read as V);
 *   recorded when the run ends.
 * - VT: 3+ consecutive V faster than `vtRateBpm`; opens (warning, non-sustained) at the beat that
 *   meets the rule, turns urgent once sustained (`vtSustainedS`, alone or with the runs before it:
 *   SUSTAINED_WITHIN_FACTOR) or rapid (`vtRapidBpm` for `vtRapidS`).
 *   A run may hold beats that could not be judged (Q) for a short while (ventricular-run.ts): in
 *   noise some complexes of a real VT are drowned, and its rate is the central RR of the run, which
 *   a missed or an extra detection does not move. Slow runs (VRUN) must be pure V.
 * - BIGEMINY (N V repeated, warning) and TRIGEMINY (N N V repeated, info) once `...Cycles` cycles
 *   in a row are seen; they end at the last beat that kept the pattern.
 * S beats count as non-ventricular (the pattern is about the V beats); Q (unknown) breaks every
 * pattern, since we cannot say what it was, and a run only after MAX_UNJUDGED_S.
 */
export class VentricularDetector {
  private readonly vt: EpisodeSlot;
  private readonly vrun: EpisodeSlot;
  private readonly bigeminy: EpisodeSlot;
  private readonly trigeminy: EpisodeSlot;
  private readonly vtMinRr: number; // samples: RR shorter than this is faster than vtRateBpm
  private readonly rapidMaxRr: number; // samples
  private readonly sustained: number; // samples
  private readonly sustainedWithin: number; // samples
  private readonly pastVt = new RecentSpans(PAST_VT_SPANS);
  private runDoubted = false; // the open run saw a doubtful second (doubt()): not remembered
  private sustainedByRuns = false; // the open VT turned urgent on the runs before it
  private bridging = false; // the open VT's last run has ended; it waits for the next (BRIDGE_S)
  private bridgeLast = -1; // its last V beat, samples
  private readonly bridgeFor: number; // samples
  private readonly rapidFor: number; // samples
  private readonly run: VentricularRun;
  private rapidSince = -1; // sample from which the run's rate has been rapid
  private slowedBeats = 0; // beats in a row an open VT's rate has been under the VT rate
  private lastFast = -1; // last beat of the run that came at the VT rate, samples
  private organisedRr = 0; // samples: period of an organised fast rhythm in the signal now (0: none seen)
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
    private readonly sampleRate: number /* Hz */,
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
    this.sustainedWithin = SUSTAINED_WITHIN_FACTOR * this.sustained;
    this.bridgeFor = Math.round(BRIDGE_S * sampleRate);
    this.rapidFor = Math.round(rules.vtRapidS * sampleRate);
    this.run = new VentricularRun(sampleRate);
  }

  beat(sample: number, label: BeatLabel): void {
    this.advance(sample);
    this.runs(sample, label);
    this.bigeminyStep(sample, label);
    this.trigeminyStep(sample, label);
    this.prevLabel = label;
    this.prevSample = sample;
  }

  /**
   * The signal's own period now (s; 0 when it shows no organised rhythm or is not analysed),
   * from the autocorrelation of the band-passed ECG (rhythm/vf/periodicity.ts). A VT is
   * organised and periodic even where noise drowns some of its complexes: while the signal
   * repeats faster than `vtRateBpm`, Q beats inside a run of V do not end it, and the run takes
   * its rate from that period rather than from the detections.
   */
  organised(periodS: number): void {
    this.organisedRr = periodS > 0 ? periodS * this.sampleRate : 0;
  }

  /**
   * The beats about to come are poor evidence of VT (noise, fibrillation waves): the runs seen so
   * far are forgotten, and the open one will not be remembered, for sustained VT made of runs.
   * Electrode motion and VF make runs of "V beats" that fill a minute as readily as a real VT
   * broken by misread beats does (vfdb, mitdb under 118e_6's motion).
   */
  doubt(): void {
    this.pastVt.clear();
    this.runDoubted = true;
    this.endBridge();
  }

  /** Time has reached `horizon` (sample): a bridged VT whose next run is overdue ends. */
  advance(horizon: number): void {
    if (horizon - this.bridgeLast > this.bridgeFor) this.endBridge();
  }

  /** Samples from..to could not be labelled: every run and pattern ends before them. */
  unusable(from: number, _to: number): void {
    this.endRun();
    this.endBridge();
    this.endBigeminy();
    this.endTrigeminy();
    this.prevLabel = null;
    void from;
  }

  finish(_end: number): void {
    this.endRun();
    this.endBridge();
    this.endBigeminy();
    this.endTrigeminy();
  }

  private runs(sample: number, label: BeatLabel): void {
    const step = this.run.offer(sample, label, this.organisedRr > 0 && this.organisedRr < this.vtMinRr);
    if (step === 'ended') this.endRun();
    if (step !== 'extended') return;
    const run = this.run;
    // the signal's period where it is organised: the detector misses complexes of a VT (noise,
    // a threshold learnt on larger sinus beats) and noise adds detections, but neither changes cycles
    const rr = this.organisedRr > 0 ? this.organisedRr : run.centralRr();
    if (rr >= this.rapidMaxRr) this.rapidSince = -1;
    else if (this.rapidSince < 0) this.rapidSince = sample - rr;
    if (this.vt.isOpen && this.slowedDown(sample, rr)) return;
    // the end of a VT is its last beat that came at the VT rate (the central RR lags by a few beats;
    // in noise, where detections are missed, the signal's period stands for the beat's own interval)
    if ((this.organisedRr > 0 ? rr : run.lastRr()) < this.vtMinRr) this.lastFast = sample;
    if (run.vCount < 3) return;
    if (rr < this.vtMinRr) {
      if (!this.vt.isOpen) this.vt.open(run.first, 'warning');
      this.bridging = false; // a bridged VT goes on with this run
    }
    if (!this.vt.isOpen || this.bridging) return;
    const alone = sample - run.first >= this.sustained;
    const byRuns = !alone && sample - run.first + this.pastVt.coveredSince(sample - this.sustainedWithin, run.first) >= this.sustained;
    const rapid = this.rapidSince >= 0 && sample - this.rapidSince >= this.rapidFor;
    if (byRuns && this.vt.severity !== 'urgent') this.sustainedByRuns = true;
    if (alone || byRuns || rapid) this.vt.escalate('urgent');
  }

  /**
   * Whether the open VT has just slowed under the VT rate for good: it then closes at its last
   * fast beat, and the V beats from here on are a new run, judged afresh (a slow run is VRUN; a
   * new VT opens if the rate rises again).
   */
  private slowedDown(sample: number, rr: number): boolean {
    if (rr < this.vtMinRr * SLOWED_RR_FACTOR) {
      this.slowedBeats = 0;
      return false;
    }
    if (++this.slowedBeats < SLOWED_BEATS) return false;
    this.closeVt(this.lastFast);
    this.run.restart(sample);
    this.rapidSince = -1;
    this.slowedBeats = 0;
    return true;
  }

  /**
   * Ends the current run at its last V: VT closes, or waits for its next run (BRIDGE_S) when the
   * runs made it sustained; a pure slow run or couplet is recorded as VRUN, unless a VT waiting
   * for its next run holds it.
   */
  private endRun(): void {
    const run = this.run;
    if (this.vt.isOpen && !this.bridging) {
      if (this.sustainedByRuns && !this.runDoubted) {
        this.bridging = true;
        this.bridgeLast = run.last;
      } else this.closeVt(run.last);
    } else if (!this.vt.isOpen && run.vCount >= 2 && run.unjudged === 0) this.vrun.record(run.first, run.last, run.vCount === 2 || this.rules.pacedPatient ? 'info' : 'warning');
    run.reset();
    this.rapidSince = -1;
    this.slowedBeats = 0;
  }

  private closeVt(last: number): void {
    if (!this.runDoubted) this.pastVt.add(this.vt.start, last);
    this.runDoubted = false;
    this.sustainedByRuns = false;
    this.bridging = false;
    this.vt.close(last);
  }

  /** Closes a VT waiting for its next run at its last V (nothing when none waits). */
  private endBridge(): void {
    if (this.bridging) this.closeVt(this.bridgeLast);
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
