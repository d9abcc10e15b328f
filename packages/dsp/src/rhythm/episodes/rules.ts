import type { BeatLabel, EpisodeSink } from '../types.js';
import { BeatBurden } from './burden.js';
import { episodeRules, type EpisodeRules } from './config.js';
import { PauseDetector } from './pause.js';
import { RateDetector } from './rate.js';
import { VentricularDetector } from './ventricular.js';

export interface BeatEpisodeOptions {
  sampleRate: number; // Hz
  rules?: Parameters<typeof episodeRules>[0];
}

/**
 * Every beat-driven rule in one object: PAUSE/ASYSTOLE, BRADY/TACHY, VRUN/VT/BIGEMINY/TRIGEMINY
 * and the beat burden. Feed beats in order, tell it how far the beat stream is complete
 * (`advance`) and where the signal could not show beats (`unusable`).
 */
export class BeatEpisodes {
  readonly rules: EpisodeRules;
  readonly burden = new BeatBurden();
  /** The parts, for callers that feed pauses from an earlier (unlabelled) beat stream. */
  readonly pause: PauseDetector;
  readonly rate: RateDetector;
  readonly ventricular: VentricularDetector;

  constructor(opts: BeatEpisodeOptions, sink: EpisodeSink) {
    if (!(opts.sampleRate > 0)) throw new RangeError(`BeatEpisodes: sampleRate must be > 0, got ${opts.sampleRate}`);
    this.rules = episodeRules(opts.rules);
    this.pause = new PauseDetector(opts.sampleRate, this.rules.pause, sink);
    this.rate = new RateDetector(opts.sampleRate, this.rules.rate, sink);
    this.ventricular = new VentricularDetector(opts.sampleRate, this.rules.ventricular, sink);
  }

  /** Latest sustained-rate estimate, bpm (NaN until enough beats). */
  get heartRate(): number {
    return this.rate.rate;
  }

  beat(sample: number, label: BeatLabel): void {
    this.burden.beat(label);
    this.pause.beat(sample);
    this.rate.beat(sample);
    this.ventricular.beat(sample, label);
  }

  advance(horizon: number): void {
    this.pause.advance(horizon);
    this.ventricular.advance(horizon);
    this.rate.advance(horizon);
  }

  unusable(from: number, to: number): void {
    this.pause.unusable(from, to);
    this.rate.unusable(from, to);
    this.ventricular.unusable(from, to);
  }

  finish(end: number): void {
    this.pause.finish(end);
    this.rate.finish(end);
    this.ventricular.finish(end);
  }
}
