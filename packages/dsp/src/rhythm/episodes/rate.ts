import { smallMedian } from '../../stats/small-median.js';
import type { EpisodeSink, Severity } from '../types.js';
import type { RateRules } from './config.js';
import { EpisodeSlot } from './slot.js';

/**
 * No beat for this long ends a TACHY, s, and starts a fast rate not yet sustained over: the rate's
 * median spans a gap as if it were one long interval. A TACHY open when the beats stopped stayed
 * open through the asystole that followed, and a fast rate that began just before it was carried
 * across: with 5 minutes of P waves after mitdb 205's beats stop (a throwaway probe), the first
 * beats after the asystole alarm ended opened a TACHY warning back-dated to before the asystole.
 * 2 s is five intervals at the warning rate (150/min) and the pause warning's gap.
 */
const TACHY_ENDS_S = 2;

/**
 * BRADY and TACHY as sustained rates. The rate at each beat is 60 / median of the last `medianOf`
 * RR intervals, so one missed or one extra beat does not move it. A level (warning, then urgent)
 * must hold for `sustainS` before its episode opens or escalates; the episode starts where the
 * rate first crossed. It closes at the first beat whose rate is back inside the warning limit by
 * `hysteresisBpm`. RR intervals never span an unusable stretch (`unusable` restarts the count).
 */
export class RateDetector {
  private readonly brady: EpisodeSlot;
  private readonly tachy: EpisodeSlot;
  private readonly rr: Float64Array; // ring of the last RR intervals, samples
  private readonly scratch: Float64Array; // sorted copy for the median
  private rrCount = 0;
  private rrNext = 0;
  private lastBeat = -1;
  private readonly sustain: number; // samples
  private readonly tachyEnds: number; // samples (TACHY_ENDS_S)
  // Where each level's condition started to hold (-1: not holding).
  private bradyWarnSince = -1;
  private bradyUrgentSince = -1;
  private tachyWarnSince = -1;
  private tachyUrgentSince = -1;
  /** Latest rate, bpm (NaN before enough beats). */
  rate = NaN;

  constructor(
    private readonly sampleRate: number /* Hz */,
    private readonly rules: RateRules,
    sink: EpisodeSink,
  ) {
    this.brady = new EpisodeSlot('BRADY', sink);
    this.tachy = new EpisodeSlot('TACHY', sink);
    this.rr = new Float64Array(rules.medianOf);
    this.scratch = new Float64Array(rules.medianOf);
    this.sustain = Math.round(rules.sustainS * sampleRate);
    this.tachyEnds = Math.round(TACHY_ENDS_S * sampleRate);
  }

  beat(sample: number): void {
    if (this.lastBeat >= 0) {
      this.rr[this.rrNext] = sample - this.lastBeat;
      this.rrNext = (this.rrNext + 1) % this.rr.length;
      if (this.rrCount < this.rr.length) this.rrCount++;
    }
    this.lastBeat = sample;
    if (this.rrCount < this.rr.length) return;
    const bpm = (60 * this.sampleRate) / this.medianRr();
    this.rate = bpm;
    const r = this.rules;
    this.bradyWarnSince = since(this.bradyWarnSince, bpm < r.bradyWarningBpm, sample);
    this.bradyUrgentSince = since(this.bradyUrgentSince, bpm < r.bradyUrgentBpm, sample);
    this.tachyWarnSince = since(this.tachyWarnSince, bpm > r.tachyWarningBpm, sample);
    this.tachyUrgentSince = since(this.tachyUrgentSince, bpm > r.tachyUrgentBpm, sample);
    this.update(this.brady, sample, this.bradyWarnSince, this.bradyUrgentSince, bpm > r.bradyWarningBpm + r.hysteresisBpm);
    this.update(this.tachy, sample, this.tachyWarnSince, this.tachyUrgentSince, bpm < r.tachyWarningBpm - r.hysteresisBpm);
  }

  /**
   * No beat up to `horizon` (sample) but those given: once the beats have stopped for TACHY_ENDS_S
   * a TACHY ends at the last beat, and a fast rate that had not yet lasted `sustainS` starts over.
   */
  advance(horizon: number): void {
    if (this.lastBeat < 0 || horizon - this.lastBeat < this.tachyEnds) return;
    this.tachy.close(this.lastBeat);
    this.tachyWarnSince = this.tachyUrgentSince = -1;
  }

  /** Samples from..to could not show beats: close what is open, forget the RR history. */
  unusable(from: number, _to: number): void {
    this.brady.close(from - 1);
    this.tachy.close(from - 1);
    this.rrCount = 0;
    this.lastBeat = -1;
    this.bradyWarnSince = this.bradyUrgentSince = this.tachyWarnSince = this.tachyUrgentSince = -1;
    this.rate = NaN;
  }

  finish(end: number): void {
    this.brady.close(end);
    this.tachy.close(end);
  }

  private update(slot: EpisodeSlot, sample: number, warnSince: number, urgentSince: number, recovered: boolean): void {
    if (slot.isOpen && recovered) {
      slot.close(sample);
      return;
    }
    const level: Severity | null =
      urgentSince >= 0 && sample - urgentSince >= this.sustain ? 'urgent' : warnSince >= 0 && sample - warnSince >= this.sustain ? 'warning' : null;
    if (level === null) return;
    if (!slot.isOpen) slot.open(warnSince, level);
    else slot.escalate(level);
  }

  private medianRr(): number {
    return smallMedian(this.rr, this.rr.length, this.scratch);
  }
}

/** Start of a condition that holds now, or -1 when it does not. */
function since(start: number, holds: boolean, sample: number): number {
  if (!holds) return -1;
  return start >= 0 ? start : sample;
}
