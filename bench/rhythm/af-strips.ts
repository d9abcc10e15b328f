/**
 * Short-strip AF benchmarks (issue 3 §6): aftdb (one-minute AF strips, 128 Hz) and cinc2017
 * (9-60 s single-lead strips at 300 Hz labelled N, A, O, ~), end to end from the signal.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isAfStrip, qualityOfRecord, measureAfStrip, type AfDetectorOptions, type AfStripMeasure, type AfStripRule, type Episode } from '@clinic-edge/dsp';
import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';
import { afEpisodes, clip, episodeSpans, ratio, recordBeats, recordNames, sum, type AfLabelSource, type AfRunOptions, type AtrialSource } from './af.js';

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
}

export interface AftdbSummary {
  strips: number;
  detected: number; // streaming detector flags AF for > 50% of the strip
  stripDetected: number; // whole-strip measure calls the strip AF
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

/** One strip end to end: its leads -> QrsDetector -> BeatClassifier -> AfDetector, and the whole-strip measure. */
function runStrip(
  recPath: string,
  detector: Partial<AfDetectorOptions>,
  source: AfLabelSource,
  atrial?: AtrialSource,
): { beats: ArrayLike<number>; fs: number; length: number; episodes: Episode[]; strip: AfStripMeasure; poorShare: number } {
  const header = readHeader(recPath);
  const rec = readRecord(header, { channels: header.signals.length >= 2 ? [0, 1] : [0] });
  const fs = rec.sampleRate;
  const { beats, labels, pWaves } = recordBeats(rec.signals, fs, source === 'reference' ? 'classifier' : source, undefined, atrial);
  const quality = qualityOfRecord(rec.signals[0], { sampleRate: fs });
  return {
    poorShare: round4(quality.filter((q) => q.class === 'poor' || q.class === 'unusable').length / Math.max(1, quality.length)),
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
      });
    }
  }
  const summary = (list: StripResult[]): AftdbSummary => ({
    strips: list.length,
    detected: list.filter((s) => s.afFraction > 0.5).length,
    stripDetected: list.filter((s) => s.stripAf === true).length,
    meanAfFraction: round4(list.reduce((t, s) => t + s.afFraction, 0) / Math.max(1, list.length)),
  });
  const sets = [...new Set(strips.map((s) => s.set))].map((set) => ({ set, ...summary(strips.filter((s) => s.set === set)) }));
  return {
    sets,
    strips,
    total: summary(strips),
    settings: { data: opts.dataDir, detector, rule: 'detected: streaming detector flags AF for > 50% of the strip; strip: whole-strip measure (isAfStrip) says AF' },
    revision: sourceRevision() ?? null,
  };
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

export function formatAftdb(report: AftdbReport): string {
  const row = (name: string, s: AftdbSummary): string[] => [name, `${s.strips}`, `${s.detected}`, pct(100 * s.meanAfFraction), `${s.stripDetected}`];
  const rows = report.sets.map((s) => row(s.set, s));
  rows.push(row('total', report.total));
  const worst = [...report.strips].sort((a, b) => a.afFraction - b.afFraction).slice(0, 5);
  return [
    formatTable(['aftdb set', 'strips', 'detected', 'mean AF %', 'strip AF'], rows),
    `least flagged: ${worst.map((s) => `${s.set}/${s.record} ${pct(100 * s.afFraction)}%`).join(', ')}`,
    `end to end (both leads, 128 Hz); ${report.settings.rule}.`,
  ].join('\n\n');
}

// ---- cinc2017

export const CINC_CLASSES = ['N', 'A', 'O', '~'] as const;
export type CincClass = (typeof CINC_CLASSES)[number];

export interface CincFeatures {
  beats: number;
  seconds: number;
  heartRate: number | null; // bpm, from the median RR
  badRrFraction: number; // RR outside 0.25-2 s: missed or extra detections
  irregularity: number | null; // median |dRR| / mean RR over the strip
  afFraction: number; // of the strip flagged AF by the streaming detector
  stripAf: boolean | null; // whole-strip call (isAfStrip), null when the beats are not trusted
  cleanShare: number; // share of the intervals the AF measures kept (not ectopic, V, Q or impossible)
  /** Share of the strip's seconds SignalQuality marks poor or unusable (first lead); 0 when not measured. */
  poorShare?: number;
}

/**
 * Strip classification, in this order: '~' when beats cannot be trusted (too few, an impossible
 * rate, many impossible RR intervals, RR more chaotic than AF — the QRS detector is following
 * noise — or too few clean intervals for the whole-strip AF measure); 'A' when the whole-strip
 * measure says AF (or the streaming detector flags at least `afShare` of the strip); 'O' for a
 * rate outside 50-100 bpm, an irregular rhythm that is not AF, or frequent ectopy (under 80% of
 * the intervals clean); else 'N'.
 */
export function classifyStrip(f: CincFeatures, afShare = 0.3): CincClass {
  if (f.beats < 5 || f.heartRate === null || f.heartRate < 30 || f.heartRate > 220 || f.badRrFraction > 0.15) return '~';
  // a median |dRR|/RR above 0.3 is beyond even AF (AFDB AF runs 0.1-0.2): detections are noise
  if ((f.irregularity ?? 0) > 0.45 || f.stripAf === null) return '~';
  // mostly noise or lead-off by SignalQuality: beats and P waves seen through it cannot carry an AF call
  if ((f.poorShare ?? 0) > 0.5) return '~';
  if (f.stripAf || f.afFraction >= afShare) return 'A';
  if (f.heartRate < 50 || f.heartRate > 100 || (f.irregularity ?? 0) >= 0.06 || f.cleanShare < 0.8) return 'O';
  return 'N';
}

export function stripFeatures(
  beats: ArrayLike<number>,
  fs: number,
  length: number,
  episodes: readonly Episode[],
  strip: AfStripMeasure = measureAfStrip(beats, fs),
  rule: AfStripRule = {},
): CincFeatures {
  const rr: number[] = [];
  for (let i = 1; i < beats.length; i++) rr.push((beats[i] - beats[i - 1]) / fs);
  const good = rr.filter((x) => x >= 0.25 && x <= 2);
  const median = (xs: number[]): number | null => {
    if (xs.length === 0) return null;
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length & 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const mrr = median(good);
  const diffs: number[] = [];
  for (let i = 1; i < good.length; i++) diffs.push(Math.abs(good[i] - good[i - 1]) / ((good[i] + good[i - 1]) / 2));
  return {
    beats: beats.length,
    seconds: length / fs,
    heartRate: mrr ? 60 / mrr : null,
    badRrFraction: rr.length > 0 ? (rr.length - good.length) / rr.length : 1,
    irregularity: median(diffs),
    afFraction: round4(coveredFraction(episodes, length)),
    stripAf: isAfStrip(strip, rule),
    cleanShare: strip.intervals > 0 ? round4(strip.clean / strip.intervals) : 0,
  };
}

export interface CincReport {
  confusion: Record<CincClass, Record<CincClass, number>>; // [truth][predicted]
  f1: Record<CincClass, number | null>; // per cent
  score: number | null; // mean of F1 N, A, O (the challenge's final score), per cent
  records: { record: string; truth: CincClass; predicted: CincClass; features: CincFeatures }[];
  settings: { data: string; detector: Partial<AfDetectorOptions>; afShare: number };
  revision: string | null;
}

/** cinc2017: 300 Hz single-lead strips, labels from REFERENCE.csv. */
export function runCinc2017(opts: AfRunOptions & { afShare?: number }): CincReport {
  const dir = path.join(opts.dataDir, 'cinc2017');
  const refFile = path.join(dir, 'REFERENCE.csv');
  if (!existsSync(refFile)) throw new CliError(`${refFile} does not exist; pass --data DIR or set CLINIC_EDGE_DATA`);
  const detector = opts.detector ?? STRIP_DETECTOR;
  const afShare = opts.afShare ?? 0.3;
  const labels = readFileSync(refFile, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.includes(','))
    .map((l) => l.split(',') as [string, CincClass])
    .filter(([name]) => !opts.records || opts.records.includes(name));
  const confusion = Object.fromEntries(CINC_CLASSES.map((t) => [t, Object.fromEntries(CINC_CLASSES.map((p) => [p, 0]))])) as CincReport['confusion'];
  const records: CincReport['records'] = [];
  for (const [name, truth] of labels) {
    const s = runStrip(path.join(dir, name), detector, opts.labels ?? 'classifier', opts.atrial);
    const features = { ...stripFeatures(s.beats, s.fs, s.length, s.episodes, s.strip, stripRule(detector)), poorShare: s.poorShare };
    const predicted = classifyStrip(features, afShare);
    confusion[truth][predicted]++;
    records.push({ record: name, truth, predicted, features });
  }
  const f1 = Object.fromEntries(
    CINC_CLASSES.map((x) => {
      const row = CINC_CLASSES.reduce((t, p) => t + confusion[x][p], 0);
      const col = CINC_CLASSES.reduce((t, tr) => t + confusion[tr][x], 0);
      return [x, ratio(2 * confusion[x][x], row + col)];
    }),
  ) as CincReport['f1'];
  const three = [f1.N, f1.A, f1.O];
  const score = three.every((v) => v !== null) ? Math.round((1000 * ((f1.N as number) + (f1.A as number) + (f1.O as number))) / 3) / 1000 : null;
  return { confusion, f1, score, records, settings: { data: opts.dataDir, detector, afShare }, revision: sourceRevision() ?? null };
}

export function formatCinc2017(report: CincReport): string {
  const rows = CINC_CLASSES.map((t) => [`truth ${t}`, ...CINC_CLASSES.map((p) => `${report.confusion[t][p]}`), pct(report.f1[t])]);
  return [
    formatTable(['cinc2017', ...CINC_CLASSES.map((p) => `pred ${p}`), 'F1 %'], rows),
    `AF F1 ${pct(report.f1.A)} %; challenge score (mean F1 of N, A, O) ${pct(report.score)} %; A when the whole-strip RR measure says AF (isAfStrip) or the streaming detector covers >= ${100 * report.settings.afShare}% of the strip.`,
  ].join('\n\n');
}
