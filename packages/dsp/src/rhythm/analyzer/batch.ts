import type { SampleArray } from '../../filters/stream.js';
import type { BeatLabel, Episode } from '../types.js';
import { RhythmAnalyzer, type RhythmAnalyzerOptions } from './analyzer.js';
import { QUALITY_NAMES } from './quality-code.js';
import type { RhythmSummary } from './summary.js';
import type { QualityClass } from '../../quality/types.js';

export interface AnalysisResult {
  beats: { sample: number; label: BeatLabel }[];
  /** Closed episodes in the order they closed (open at the end: closed at the last sample). */
  episodes: Episode[];
  /** Quality class of each second (best lead). */
  seconds: QualityClass[];
  summary: RhythmSummary;
}

function collector(): { result: Omit<AnalysisResult, 'summary'>; events: ConstructorParameters<typeof RhythmAnalyzer>[1] } {
  const result: Omit<AnalysisResult, 'summary'> = { beats: [], episodes: [], seconds: [] };
  return {
    result,
    events: {
      onBeat: (sample, label) => result.beats.push({ sample, label }),
      onEpisode: (ep, event) => {
        if (event === 'close') result.episodes.push({ ...ep });
      },
      onSecond: (_k, code) => result.seconds.push(QUALITY_NAMES[code]),
    },
  };
}

/**
 * An analyzer that keeps what it reports, for a record read a block at a time (no need to hold
 * the whole record in memory): push() ranges of each block as RhythmAnalyzer.push takes them,
 * then finish() once.
 */
export class RecordAnalysis {
  private readonly analyzer: RhythmAnalyzer;
  private readonly result: Omit<AnalysisResult, 'summary'>;

  constructor(opts: RhythmAnalyzerOptions) {
    const { result, events } = collector();
    this.result = result;
    this.analyzer = new RhythmAnalyzer(opts, events);
  }

  push(lead0: SampleArray, lead1?: SampleArray, offset = 0, length = lead0.length - offset): void {
    this.analyzer.push(lead0, lead1, offset, length);
  }

  /** End of the record: closes what is open and returns everything reported. */
  finish(): AnalysisResult {
    return { ...this.result, summary: this.analyzer.flush() };
  }
}

/** Batch helper over the streaming analyzer: a record's leads (mV) in chunks of `chunk` samples. */
export function analyzeRecord(leads: readonly SampleArray[], opts: Omit<RhythmAnalyzerOptions, 'leads'>, chunk?: number): AnalysisResult {
  const an = new RecordAnalysis({ ...opts, leads: leads.length as 1 | 2 });
  const n = leads[0].length;
  const step = chunk && chunk > 0 ? chunk : n;
  for (let at = 0; at < n; at += step) an.push(leads[0], leads[1], at, Math.min(step, n - at));
  return an.finish();
}

/** Batch helper for beats mode: beat samples (and labels) of a record `length` samples long. */
export function analyzeBeats(samples: ArrayLike<number>, labels: ArrayLike<BeatLabel> | undefined, length: number, opts: Omit<RhythmAnalyzerOptions, 'leads'>): AnalysisResult {
  const { result, events } = collector();
  const an = RhythmAnalyzer.forBeats(opts, events);
  an.pushBeats(samples, labels);
  return { ...result, summary: an.flush(length) };
}
