import type { BeatLabel, Episode, EpisodeType, Severity } from '@clinic-edge/dsp';

/** RR intervals outside this range, s, are detector errors or pauses, not a heart rate. */
const MIN_RR_S = 0.2;
const MAX_RR_S = 3;
const QUALITY = ['good', 'acceptable', 'poor', 'leadOff'] as const;

export interface SummaryFigures {
  beats: number;
  labels: Record<BeatLabel, number>;
  /** 60 / mean RR over the window's usable intervals, bpm; null with fewer than 2. */
  heartRateBpm: number | null;
  minRrMs: number | null;
  maxRrMs: number | null;
  /** Seconds of the window in each quality class (best lead). */
  quality: Record<(typeof QUALITY)[number], number>;
  /** Per lead, in the device's order: seconds of the window that lead was off (its own quality). */
  leadOffSeconds: number[];
  /** Episodes open at the end of the window, with their severity. */
  rhythm: { type: EpisodeType; severity: Episode['severity']; since: number }[];
}

/**
 * Heart rate and rhythm over one summary interval. Fed in the analyzer's order (the quality of
 * second k, then the beats of second k), so a window closes exactly when the first second after it
 * is announced: no beat of it can still come, and the figures do not depend on the chunking.
 */
export class SummaryWindow {
  private beats = 0;
  private readonly labels: Record<BeatLabel, number> = { N: 0, S: 0, V: 0, Q: 0 };
  private rrSum = 0; // s
  private rrCount = 0;
  private rrMin = Infinity;
  private rrMax = -Infinity;
  private lastBeat = -1;
  private readonly seconds = new Float64Array(4);
  private readonly offSeconds: Float64Array; // per lead
  readonly open = new Map<Readonly<Episode>, Severity>(); // severity last sent

  constructor(
    private readonly sampleRate: number /* Hz */,
    leads = 1,
  ) {
    this.offSeconds = new Float64Array(leads);
  }

  beat(sample: number, label: BeatLabel): void {
    this.beats++;
    this.labels[label]++;
    if (label === 'Q' && this.fibrillating()) {
      // the analyzer labels the detections under a VFIB flag Q: fibrillation waves, whose
      // 250-400/min is no heart rate (its own summary leaves them out the same way)
      this.lastBeat = -1;
      return;
    }
    if (this.lastBeat >= 0) {
      const rr = (sample - this.lastBeat) / this.sampleRate;
      if (rr >= MIN_RR_S && rr <= MAX_RR_S) {
        this.rrSum += rr;
        this.rrCount++;
        if (rr < this.rrMin) this.rrMin = rr;
        if (rr > this.rrMax) this.rrMax = rr;
      }
    }
    this.lastBeat = sample;
  }

  private fibrillating(): boolean {
    for (const e of this.open.keys()) if (e.type === 'VFIB') return true;
    return false;
  }

  /** A gap in the beats (lead-off, restart): no interval spans it. */
  gap(): void {
    this.lastBeat = -1;
  }

  /** The next second's quality code (best lead) and the leads off in it (a bit per lead). */
  second(code: number, offLeads = 0): void {
    this.seconds[Math.min(3, Math.max(0, code))]++;
    for (let l = 0; l < this.offSeconds.length; l++) if (offLeads & (1 << l)) this.offSeconds[l]++;
  }

  /** Seconds of quality counted into the window so far. */
  get secondsCounted(): number {
    return this.seconds[0] + this.seconds[1] + this.seconds[2] + this.seconds[3];
  }

  /** The figures of the window, and a fresh window (the last beat carries over for the first RR). */
  take(): SummaryFigures {
    const figures: SummaryFigures = {
      beats: this.beats,
      labels: { ...this.labels },
      heartRateBpm: this.rrCount >= 2 ? round1(60 / (this.rrSum / this.rrCount)) : null,
      minRrMs: this.rrCount > 0 ? Math.round(this.rrMin * 1000) : null,
      maxRrMs: this.rrCount > 0 ? Math.round(this.rrMax * 1000) : null,
      quality: { good: this.seconds[0], acceptable: this.seconds[1], poor: this.seconds[2], leadOff: this.seconds[3] },
      leadOffSeconds: Array.from(this.offSeconds),
      rhythm: [...this.open.keys()].map((e) => ({ type: e.type, severity: e.severity, since: e.start })),
    };
    this.beats = this.rrCount = 0;
    this.rrSum = 0;
    this.rrMin = Infinity;
    this.rrMax = -Infinity;
    this.labels.N = this.labels.S = this.labels.V = this.labels.Q = 0;
    this.seconds.fill(0);
    this.offSeconds.fill(0);
    return figures;
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
