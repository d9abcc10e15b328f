import type { Episode, EpisodeSink } from '../types.js';
import type { WindowClass } from './classifier.js';

/**
 * The hysteresis in seconds, so that it means the same whatever the hop between decisions
 * (shockable-detector.ts HOP_SECONDS). OPEN_SPAN_SECONDS: time from the first to the last of the
 * consecutive shockable decisions that open an episode (one window alone could be an artefact):
 * at a 1-s hop two decisions, at 0.5 s three. CLOSE_AFTER_SECONDS: time without a shockable
 * decision that closes one (VF amplitude waxes and wanes). SWITCH_AFTER_SECONDS: time of VFIB
 * decisions that turns an open VT episode into VFIB. HOLD_MAX_SECONDS: see below.
 */
export const OPEN_SPAN_SECONDS = 1;
export const CLOSE_AFTER_SECONDS = 3;
export const SWITCH_AFTER_SECONDS = 3;
/**
 * Longest time an open episode is held through windows that no lead could be read in (lost
 * samples; a saturated amplifier, which WFDB stores as invalid samples, as after a defibrillation
 * shock), s. Such a window says nothing about the rhythm: it neither proves VF nor ends it, so it
 * counts neither towards opening nor towards closing, and a VF alarm is not cleared because the
 * signal went unreadable (a bedside monitor latches its lethal-arrhythmia alarms). A flat but
 * readable signal is not held: it is information (asystole, which VF often becomes). Past this
 * time the rhythm before the gap says little about the rhythm now, and the episode closes at its
 * last shockable window. On the shared data the value hardly matters: in-sample cudb VF Se (urgent)
 * read 75.43 % held 10 s, 75.58 % held 30 s or without limit, 74.16 % not held (bench rhythm vf).
 * Held 30 s, each record left out of the model's fit (bench/rhythm/vf/fit.ts): cudb VF Se 72.58 ->
 * 74.01 % (cu23's VF across the gaps of its shocks), cudb NSR Sp 98.71 -> 97.84 % (2 s after cu09's
 * shock, while its signal was unreadable: the alarm stayed up until the rhythm could be seen);
 * every vfdb, mitdb and nstdb figure unchanged. System level (bench rhythm vf-system): cudb VF
 * seconds under an urgent flag 77.83 -> 79.25 %.
 */
export const HOLD_MAX_SECONDS = 30;

/** The hysteresis as counts of consecutive decisions. */
export interface DecisionCounts {
  open: number; // consecutive shockable decisions that open an episode (urgent ones that escalate it)
  close: number; // consecutive non-shockable decisions that close it (below the tier: that lower it)
  switch: number; // consecutive VFIB decisions that turn an open VT episode into VFIB
  hold: number; // consecutive unreadable decisions an open episode is held through before it closes
}

/** The counts that span the times above at decisions `hopSeconds` apart. */
export function decisionCounts(hopSeconds: number): DecisionCounts {
  return {
    open: 1 + Math.max(1, Math.round(OPEN_SPAN_SECONDS / hopSeconds)),
    close: Math.max(1, Math.round(CLOSE_AFTER_SECONDS / hopSeconds)),
    switch: Math.max(1, Math.round(SWITCH_AFTER_SECONDS / hopSeconds)),
    hold: Math.max(1, Math.round(HOLD_MAX_SECONDS / hopSeconds)),
  };
}

type Shockable = Exclude<WindowClass, 'none'>;

/**
 * Turns the stream of per-window decisions into VFIB/VT episodes without flicker. An episode's
 * start is the first sample of its first shockable window, its end the last sample of its last
 * shockable window; the 'open' event comes exactly `delay` samples after the start.
 *
 * Two alarm tiers share one episode. It opens as a 'warning' (possible VF: check the patient) and
 * is escalated to 'urgent' by a second 'open' event of the same object once `counts.open`
 * consecutive shockable decisions reach `urgentThreshold` (at once if the decisions that open it
 * do), and lowered back to 'warning' (another 'open') after `counts.close` decisions below it: the urgent tier
 * then has the timing of a one-tier detector at `urgentThreshold`, whose figures meet the AHA goals,
 * while the episode itself stays up as a warning. With `latchUrgent` it stays urgent until the
 * episode closes instead: safer in VF that wanes, but the latched tails cost vfdb sinus specificity
 * (leaving each record out, NSR Sp 98.81 against 99.05). A VT that turns to VF stays one episode,
 * renamed VFIB with its tier kept; VF that organises into VT stays VFIB.
 *
 * One window at or above `sureThreshold` is enough on its own: it opens the episode as urgent, or
 * escalates an open one, without waiting for a second window. A window that sure is rarely an
 * artefact, and the wait costs a second of every onset (the AHA's 5-s alarm).
 */
export class EpisodeHysteresis {
  /**
   * Samples from an episode's start to its 'open' event: the window plus `counts.open` - 1 hops
   * (just the window when one sure window opens it).
   */
  readonly delay: number;
  private readonly openAfter: number;
  private readonly closeAfter: number;
  private readonly switchAfter: number;
  private readonly holdAfter: number;
  private open: Episode | null = null;
  private run = 0; // consecutive shockable decisions while closed
  private runVf = 0; // of which VFIB
  private runProb = 0;
  private runStart = 0; // sample of the first decision of the run
  private quiet = 0; // consecutive non-shockable decisions while open
  private held = 0; // consecutive unreadable decisions while open
  private switchRun = 0; // consecutive VFIB decisions while a VT episode is open
  private lastPositive = 0; // sample of the last shockable decision while open
  private probSum = 0;
  private probCount = 0;
  private urgentRun = 0; // consecutive shockable decisions at or above urgentThreshold
  private urgentQuiet = 0; // consecutive decisions below it
  private sure = false; // the latest decision reached sureThreshold

  constructor(
    private readonly window: number, // samples
    hop: number, // samples between decisions
    private readonly sink: EpisodeSink,
    private readonly urgentThreshold = 0, // probability, 0..1; 0: every episode is urgent from its open
    private readonly latchUrgent = false,
    private readonly sureThreshold = Number.POSITIVE_INFINITY, // probability; default: never one window alone
    counts: Readonly<DecisionCounts> = decisionCounts(1), // default: decisions 1 s apart
  ) {
    this.openAfter = counts.open;
    this.closeAfter = counts.close;
    this.switchAfter = counts.switch;
    this.holdAfter = counts.hold;
    this.delay = window + (this.openAfter - 1) * hop;
  }

  get current(): Readonly<Episode> | null {
    return this.open === null ? null : { ...this.open };
  }

  /** One decision made on the window ending just before `sample`. */
  update(sample: number, kind: WindowClass, probability: number): void {
    this.held = 0;
    this.urgentRun = kind !== 'none' && probability >= this.urgentThreshold ? this.urgentRun + 1 : 0;
    this.urgentQuiet = this.urgentRun > 0 ? 0 : this.urgentQuiet + 1;
    this.sure = kind !== 'none' && probability >= this.sureThreshold;
    if (this.open === null) this.whileClosed(sample, kind, probability);
    else this.whileOpen(sample, kind, probability);
  }

  /**
   * A decision between those update() counts (the detector decides more often than its hysteresis
   * counts): it changes no count, and only raises the urgent flag sooner, when the window is at the
   * sure tier. The next counted decision carries on from there.
   */
  between(sample: number, kind: WindowClass, probability: number): void {
    if (kind === 'none' || !(probability >= this.sureThreshold)) return;
    this.urgentQuiet = 0;
    if (this.open === null) {
      const first = this.run > 0 ? this.runStart : sample;
      this.start(kind, first - this.window, this.runProb + probability, this.run + 1, true);
      this.lastPositive = sample;
      this.run = this.runVf = this.runProb = 0;
      return;
    }
    if (this.open.severity === 'urgent') return;
    this.open.severity = 'urgent';
    this.sink({ ...this.open }, 'open');
  }

  /**
   * A counted decision on a window no lead could be read in (HOLD_MAX_SECONDS): an open episode
   * keeps its tier and every count, and closes at its last shockable window once `counts.hold` such
   * decisions come in a row; while closed, it breaks a run of shockable decisions, as any window
   * that is not one does.
   */
  unreadable(): void {
    if (this.open === null) {
      this.run = this.runVf = this.runProb = this.urgentRun = 0;
      return;
    }
    if (++this.held >= this.holdAfter) this.close(this.lastPositive - 1);
  }

  flush(): void {
    if (this.open !== null) this.close(this.lastPositive - 1);
    this.run = this.urgentRun = this.urgentQuiet = 0;
  }

  private whileClosed(sample: number, kind: WindowClass, probability: number): void {
    if (kind === 'none') {
      this.run = this.runVf = this.runProb = 0;
      return;
    }
    if (this.run++ === 0) this.runStart = sample;
    if (kind === 'VFIB') this.runVf++;
    this.runProb += probability;
    if (this.run < this.openAfter && !this.sure) return;
    // More severe kind wins a tie: calling VT VF costs nothing at the bedside, the other way might.
    const type: Shockable = 2 * this.runVf >= this.run ? 'VFIB' : 'VT';
    this.start(type, this.runStart - this.window, this.runProb, this.run, this.urgentRun >= this.openAfter || this.sure);
    this.lastPositive = sample;
    this.run = this.runVf = this.runProb = 0;
  }

  private whileOpen(sample: number, kind: WindowClass, probability: number): void {
    const open = this.open as Episode;
    if (kind === 'none') {
      this.switchRun = 0;
      if (++this.quiet >= this.closeAfter) this.close(this.lastPositive - 1);
      else this.retier(open);
      return;
    }
    this.quiet = 0;
    this.lastPositive = sample;
    this.probSum += probability;
    this.probCount++;
    this.retier(open);
    if (kind === open.type || open.type === 'VFIB') {
      this.switchRun = 0;
      return;
    }
    if (++this.switchRun < this.switchAfter) return;
    // VT that turns to VF: the same episode, now VFIB (another 'open', same start and tier). One
    // shockable rhythm is one alarm; closing the VT and opening a VFIB (and back, as VF organises
    // and breaks up again) raised a new urgent alarm every few seconds of one arrest (cudb cu01:
    // ten). It is never turned back to VT: the episode is named for the worst rhythm it held.
    open.type = 'VFIB';
    this.switchRun = 0;
    this.sink({ ...open }, 'open');
  }

  /** Escalates the open episode, or lowers it, when the urgent tier's own hysteresis says so (same type and start, another 'open'). */
  private retier(open: Episode): void {
    let severity = open.severity;
    if (severity !== 'urgent' && (this.urgentRun >= this.openAfter || this.sure)) severity = 'urgent';
    else if (severity === 'urgent' && !this.latchUrgent && this.urgentQuiet >= this.closeAfter) severity = 'warning';
    if (severity === open.severity) return;
    open.severity = severity;
    this.sink({ ...open }, 'open');
  }

  private start(type: Shockable, start: number, probSum: number, count: number, urgent: boolean): void {
    this.probSum = probSum;
    this.probCount = count;
    this.quiet = 0;
    this.switchRun = 0;
    const severity = urgent ? 'urgent' : 'warning';
    this.open = { type, severity, start: Math.max(0, start), end: null, confidence: probSum / count };
    this.sink({ ...this.open }, 'open');
  }

  private close(end: number): void {
    const open = this.open as Episode;
    open.end = Math.max(open.start, end);
    open.confidence = this.probSum / this.probCount;
    this.open = null;
    this.quiet = this.switchRun = this.held = 0;
    this.sink({ ...open }, 'close');
  }
}
