import type { HrvWindow } from '../../hrv/types.js';
import type { QualityClass } from '../../quality/types.js';
import type { BurdenFigures } from '../episodes/burden.js';
import type { Episode, EpisodeType } from '../types.js';
import { Q, QUALITY_NAMES } from './quality-code.js';

export interface MinuteRate {
  minute: number; // from the stream start
  beats: number;
  /** 60 / mean RR of the minute's intervals, bpm; null with fewer than 2 usable intervals. */
  meanBpm: number | null;
}

export interface RhythmSummary {
  durationS: number;
  /** Heartbeats: the QRS detections outside VFIB flags (fibrillationWaves are the rest). */
  beats: number;
  /**
   * QRS detections under a VFIB flag: fibrillation waves, not beats. Labelled Q in the beat list
   * and left out of the heart rate, the burden, AF and HRV.
   */
  fibrillationWaves: number;
  heartRate: { meanBpm: number | null; minBpm: number | null; maxBpm: number | null; perMinute: MinuteRate[] };
  burden: BurdenFigures & { afPercent: number; afSeconds: number };
  /** Fraction of seconds in each quality class (best lead). */
  quality: Record<QualityClass, number>;
  /** HRV per 5-minute window (Task Force 1996), from NN intervals in good or acceptable seconds. */
  hrv: HrvWindow[];
  episodes: Partial<Record<EpisodeType, number>>;
  /** Urgent flags the quality policy lowered to warning, and episodes dropped for lead-off. */
  downgraded: number;
  suppressed: number;
  /** Beat-rule episodes lowered one level because the leads disagreed on the beats (artefact). */
  lowered: number;
  /** Beat-rule episodes that began and ended under a VFIB flag: never shown (their beats were fibrillation waves). */
  coveredByVf: number;
}

/** RR intervals outside this range (s) are detector errors or pauses, not heart rate. */
const MIN_RR_S = 0.2;
const MAX_RR_S = 3;

/**
 * Running figures for the report: heart rate per minute, overall mean and the min/max of the
 * rules' median-of-5 rate (taken only in good or acceptable seconds, so noise does not make the
 * extremes), quality fractions and AF time. One small array entry per minute; nothing per beat.
 */
export class SummaryAccumulator {
  private readonly minuteBeats: number[] = [];
  private readonly minuteRrSum: number[] = [];
  private readonly minuteRrCount: number[] = [];
  private beats = 0;
  private waves = 0;
  private rrSum = 0;
  private rrCount = 0;
  private minBpm = Infinity;
  private maxBpm = -Infinity;
  private lastBeat = -1;
  private beatsSinceGap = 0; // beats since a stretch that showed none (or showed fibrillation)
  private readonly seconds = new Float64Array(4);
  private readonly episodeCounts: Partial<Record<EpisodeType, number>> = {};
  private afSamples = 0;
  private readonly hrvWindows: HrvWindow[] = [];
  private readonly minute: number; // samples

  constructor(
    private readonly sampleRate: number /* Hz */,
    /** RR intervals behind each rate given to beat(): a rate is taken once that many follow a gap. */
    private readonly rateIntervals = 1,
  ) {
    this.minute = Math.round(60 * sampleRate);
  }

  beat(sample: number, rateBpm: number, code: Q): void {
    this.beats++;
    const m = Math.floor(sample / this.minute);
    while (this.minuteBeats.length <= m) {
      this.minuteBeats.push(0);
      this.minuteRrSum.push(0);
      this.minuteRrCount.push(0);
    }
    this.minuteBeats[m]++;
    if (this.lastBeat >= 0) {
      const rr = (sample - this.lastBeat) / this.sampleRate;
      if (rr >= MIN_RR_S && rr <= MAX_RR_S) {
        this.rrSum += rr;
        this.rrCount++;
        this.minuteRrSum[m] += rr;
        this.minuteRrCount[m]++;
      }
    }
    this.lastBeat = sample;
    // a rate whose intervals reach back across a gap is partly made of what the gap held
    // (fibrillation waves, or nothing): not a heart rate
    if (this.beatsSinceGap++ >= this.rateIntervals && code <= Q.Acceptable && rateBpm === rateBpm) {
      if (rateBpm < this.minBpm) this.minBpm = rateBpm;
      if (rateBpm > this.maxBpm) this.maxBpm = rateBpm;
    }
  }

  /** A detection under a VFIB flag (not a beat; see RhythmSummary.fibrillationWaves). */
  fibrillationWave(): void {
    this.waves++;
  }

  /** The signal could not show beats: no RR interval spans this. */
  gap(): void {
    this.lastBeat = -1;
    this.beatsSinceGap = 0;
  }

  hrv(w: HrvWindow): void {
    this.hrvWindows.push(w);
  }

  second(code: Q): void {
    this.seconds[code]++;
  }

  episode(ep: Readonly<Episode>, event: 'open' | 'close'): void {
    if (event !== 'close') return;
    this.episodeCounts[ep.type] = (this.episodeCounts[ep.type] ?? 0) + 1;
    if (ep.type === 'AFIB' && ep.end !== null) this.afSamples += ep.end - ep.start + 1;
  }

  result(durationSamples: number, burden: BurdenFigures, counts: { downgraded: number; suppressed: number; lowered: number; coveredByVf: number }): RhythmSummary {
    const durationS = durationSamples / this.sampleRate;
    const totalSeconds = this.seconds.reduce((a, b) => a + b, 0);
    const quality = {} as Record<QualityClass, number>;
    QUALITY_NAMES.forEach((name, code) => (quality[name] = totalSeconds > 0 ? round(this.seconds[code] / totalSeconds, 4) : 0));
    const perMinute: MinuteRate[] = this.minuteBeats.map((beats, minute) => ({
      minute,
      beats,
      meanBpm: this.minuteRrCount[minute] >= 2 ? round(60 / (this.minuteRrSum[minute] / this.minuteRrCount[minute]), 1) : null,
    }));
    const afSeconds = this.afSamples / this.sampleRate;
    return {
      durationS: round(durationS, 3),
      beats: this.beats,
      fibrillationWaves: this.waves,
      heartRate: {
        meanBpm: this.rrCount > 0 ? round(60 / (this.rrSum / this.rrCount), 1) : null,
        minBpm: Number.isFinite(this.minBpm) ? round(this.minBpm, 1) : null,
        maxBpm: Number.isFinite(this.maxBpm) ? round(this.maxBpm, 1) : null,
        perMinute,
      },
      burden: {
        ...burden,
        vPerHour: round(burden.vPerHour, 1),
        sPerHour: round(burden.sPerHour, 1),
        vPercent: round(burden.vPercent, 2),
        sPercent: round(burden.sPercent, 2),
        afSeconds: round(afSeconds, 1),
        afPercent: durationS > 0 ? round((100 * afSeconds) / durationS, 2) : 0,
      },
      quality,
      hrv: [...this.hrvWindows],
      episodes: { ...this.episodeCounts },
      downgraded: counts.downgraded,
      suppressed: counts.suppressed,
      lowered: counts.lowered,
      coveredByVf: counts.coveredByVf,
    };
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
