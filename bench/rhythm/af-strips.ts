/**
 * Short-strip AF benchmarks (issue 3 §6): aftdb (one-minute AF strips, 128 Hz) and cinc2017
 * (9-60 s single-lead strips at 300 Hz labelled N, A, O, ~), end to end from the signal.
 */
import path from 'node:path';
import { classifyStrip, isAfStrip, measureAfStrip, measureStrip, type AfDetectorOptions, type AfStripMeasure, type AfStripRule, type Episode, type StripFeatures } from '@clinic-edge/dsp';
import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';
import { afEpisodes, clip, episodeSpans, recordBeats, recordNames, sum, type AfLabelSource, type AfRunOptions, type AtrialSource } from './af.js';
import { cincRows, type CincClass } from './strip-data.js';
import { formatStripScore, scoreStrips, type StripScore } from './strip-fit.js';

// ---------------------------------------------------------------- short strips: aftdb and cinc2017

/**
 * Detector settings for short strips (the whole strip is 9-60 s): a 13-interval window and
 * 6-interval hysteresis, so an episode opens 6 + 6 + 1 = 13 beats after AF starts, under 10 s
 * at any AF rate above 80 bpm. The long-record defaults need about 33 beats.
 */
export const STRIP_DETECTOR: Partial<AfDetectorOptions> = {
  windowBeats: 13,
  minOnBeats: 6,
  minOffBeats: 6,
  // a 13-interval median is noisier than a 25-interval one: raise the bar so slow sinus arrhythmia stays out
  onThreshold: 0.08,
  offThreshold: 0.06,
};

export interface StripResult {
  set: string;
  record: string;
  seconds: number;
  beats: number;
  afFraction: number; // of the strip flagged AF by the streaming detector
  stripAf: boolean | null; // whole-strip call (isAfStrip), null when the beats are not trusted
  modelClass: CincClass; // the strip classifier's verdict on the first lead (classifyStrip)
}

export interface AftdbSummary {
  strips: number;
  detected: number; // streaming detector flags AF for > 50% of the strip
  stripDetected: number; // whole-strip measure calls the strip AF
  modelDetected: number; // the strip classifier (first lead) calls the strip A
  meanAfFraction: number;
}

export interface AftdbReport {
  sets: ({ set: string } & AftdbSummary)[];
  strips: StripResult[];
  total: AftdbSummary;
  settings: { data: string; detector: Partial<AfDetectorOptions>; rule: string };
  revision: string | null;
}

/** The whole-strip rule that goes with detector overrides (the same P-wave threshold). */
function stripRule(detector: Partial<AfDetectorOptions>): AfStripRule {
  return detector.pWaveThreshold === undefined ? {} : { pWave: detector.pWaveThreshold };
}

/** Fraction of [0, length) covered by episodes. */
function coveredFraction(episodes: readonly Episode[], length: number): number {
  return length > 0 ? sum(clip(episodeSpans(episodes), { start: 0, end: length })) / length : 0;
}

/** One strip end to end: its leads -> QrsDetector -> BeatClassifier -> AfDetector, the whole-strip measure, and the strip classifier (first lead). */
function runStrip(
  recPath: string,
  detector: Partial<AfDetectorOptions>,
  source: AfLabelSource,
  atrial?: AtrialSource,
): { beats: ArrayLike<number>; fs: number; length: number; episodes: Episode[]; strip: AfStripMeasure; modelClass: CincClass } {
  const header = readHeader(recPath);
  const rec = readRecord(header, { channels: header.signals.length >= 2 ? [0, 1] : [0] });
  const fs = rec.sampleRate;
  const { beats, labels, pWaves } = recordBeats(rec.signals, fs, source === 'reference' ? 'classifier' : source, undefined, atrial);
  return {
    modelClass: classifyStrip(measureStrip(rec.signals[0], fs).features).label,
    beats,
    fs,
    length: rec.signals[0].length,
    episodes: afEpisodes(beats, fs, detector, labels, pWaves),
    strip: measureAfStrip(beats, fs, labels, pWaves),
  };
}

/** aftdb: every 1-minute strip is AF; how much of each is flagged, and is it flagged for > 50%. */
export function runAftdb(opts: AfRunOptions): AftdbReport {
  const detector = opts.detector ?? STRIP_DETECTOR;
  const strips: StripResult[] = [];
  for (const set of ['learning-set', 'test-set-a', 'test-set-b']) {
    const dir = path.join(opts.dataDir, 'aftdb', set);
    for (const name of recordNames(dir, '.hea', opts.records)) {
      const s = runStrip(path.join(dir, name), detector, opts.labels ?? 'classifier', opts.atrial);
      strips.push({
        set,
        record: name,
        seconds: s.length / s.fs,
        beats: s.beats.length,
        afFraction: round4(coveredFraction(s.episodes, s.length)),
        stripAf: isAfStrip(s.strip, stripRule(detector)),
        modelClass: s.modelClass,
      });
    }
  }
  const summary = (list: StripResult[]): AftdbSummary => ({
    strips: list.length,
    detected: list.filter((s) => s.afFraction > 0.5).length,
    stripDetected: list.filter((s) => s.stripAf === true).length,
    modelDetected: list.filter((s) => s.modelClass === 'A').length,
    meanAfFraction: round4(list.reduce((t, s) => t + s.afFraction, 0) / Math.max(1, list.length)),
  });
  const sets = [...new Set(strips.map((s) => s.set))].map((set) => ({ set, ...summary(strips.filter((s) => s.set === set)) }));
  return {
    sets,
    strips,
    total: summary(strips),
    settings: { data: opts.dataDir, detector, rule: 'detected: streaming detector flags AF for > 50% of the strip; strip: whole-strip measure (isAfStrip) says AF; classifier: the strip classifier (classifyStrip, first lead) says A' },
    revision: sourceRevision() ?? null,
  };
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

export function formatAftdb(report: AftdbReport): string {
  const row = (name: string, s: AftdbSummary): string[] => [name, `${s.strips}`, `${s.detected}`, pct(100 * s.meanAfFraction), `${s.stripDetected}`, `${s.modelDetected}`];
  const rows = report.sets.map((s) => row(s.set, s));
  rows.push(row('total', report.total));
  const worst = [...report.strips].sort((a, b) => a.afFraction - b.afFraction).slice(0, 5);
  return [
    formatTable(['aftdb set', 'strips', 'detected', 'mean AF %', 'strip AF', 'classifier A'], rows),
    `least flagged: ${worst.map((s) => `${s.set}/${s.record} ${pct(100 * s.afFraction)}%`).join(', ')}`,
    `end to end (both leads, 128 Hz); ${report.settings.rule}.`,
  ].join('\n\n');
}

// ---- cinc2017

export { CINC_CLASSES, type CincClass } from './strip-data.js';

export interface CincReport extends StripScore {
  records: { record: string; truth: CincClass; predicted: CincClass; probabilities: Record<CincClass, number>; features: StripFeatures }[];
  settings: { data: string; classifier: string };
  revision: string | null;
}

/**
 * cinc2017: each 300 Hz single-lead strip end to end through the product's strip classifier
 * (dsp measureStrip -> classifyStrip with the frozen STRIP_MODEL). These are in-sample figures:
 * the model was fitted on these strips; bench/rhythm/strip-fit.ts gives the cross-validated ones.
 */
export function runCinc2017(opts: AfRunOptions): CincReport {
  const rows = cincRows(opts.dataDir, opts.records);
  const verdicts = rows.map((r) => classifyStrip(r.features));
  const records = rows.map((r, i) => ({ record: r.record, truth: r.truth, predicted: verdicts[i].label, probabilities: roundAll(verdicts[i].probabilities), features: r.features }));
  return {
    ...scoreStrips(rows, verdicts.map((v) => v.label)),
    records,
    settings: { data: opts.dataDir, classifier: 'dsp classifyStrip (STRIP_MODEL, multinomial logistic over 9 strip features)' },
    revision: sourceRevision() ?? null,
  };
}

const roundAll = (p: Record<CincClass, number>): Record<CincClass, number> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, round4(v)])) as Record<CincClass, number>;

export function formatCinc2017(report: CincReport): string {
  return [
    formatStripScore(report, 'cinc2017'),
    'classified by dsp classifyStrip (frozen STRIP_MODEL; in-sample here, cross-validated figures: node dist/bench/rhythm/strip-fit.js).',
  ].join('\n\n');
}
