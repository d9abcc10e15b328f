import { existsSync } from 'node:fs';
import { analyzeRecord, type Episode } from '@clinic-edge/dsp';
import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { listRecords } from '../lib/records.js';
import { readReference } from '../lib/reference.js';
import { formatTable, pct } from '../lib/table.js';
import { EC57_BEAT_SYMBOLS, vfIntervals, type Interval, type ScoredAnnotation } from '../scoring/ec57.js';
import { episodeSpans } from './af.js';
import { PACED } from './vbeats.js';
import {
  addCounts,
  detectedRuns,
  lengthOf,
  matchByOverlap,
  NO_COUNTS,
  overlapSamples,
  RUN_CLASSES,
  runClass,
  runsOf,
  seAndPpv,
  type MatchCounts,
  type Run,
  type RunClass,
} from './vruns-score.js';

/**
 * Ventricular runs and the episodes built on them, end to end through the full analyzer, on the
 * shared mitdb records (paced ones left out, as for V beats):
 * - runs of consecutive V labels against the reference's runs of V/E/r beats, by EC57's classes
 *   (couplets, short runs of 3-5, long runs of 6+): a reference run is found when a run of ours
 *   overlaps it, a run of ours is true when it overlaps a reference run of any length;
 * - VT episodes against the reference's `(VT` rhythm (found: overlapped by a VT or VFIB episode,
 *   since the shockable detector may call fast VT VFIB and the gate holds beat-rule VT back under
 *   it; true: such an episode overlapping a `(VT` stretch or a reference run of 3+ V);
 * - BIGEMINY / TRIGEMINY time against `(B` / `(T` time (Se: reference time covered, +P: flagged
 *   time inside the reference rhythm).
 * VF/VFL stretches are left out, as for beats.
 */

export interface VRunsRecord {
  record: string;
  runs: Record<RunClass, MatchCounts>;
  vt: MatchCounts;
  bigeminy: TimeCounts;
  trigeminy: TimeCounts;
}

export interface TimeCounts {
  reference: number; // s
  flagged: number; // s
  both: number; // s
}

export interface VRunsReport {
  records: VRunsRecord[];
  gross: Omit<VRunsRecord, 'record'>;
  method: string;
}

const SLACK_S = 0.15; // the beat match window
const NO_TIME: TimeCounts = { reference: 0, flagged: 0, both: 0 };

export function runVRuns(opts: { dataDir: string; records?: string[] }): VRunsReport {
  const found = listRecords(opts.dataDir, 'mitdb', opts.records).filter((r) => !PACED.has(r.name) && existsSync(`${r.path}.dat`));
  const records = found.map((r) => scoreRecord(r.path, r.name));
  return { records, gross: gross(records), method: METHOD };
}

const METHOD =
  'runs: reference runs of V/E/r beats by EC57 class, found when a run of V labels overlaps (±150 ms); ours true when overlapping any reference run. ' +
  'VT: reference (VT stretches found when a VT or VFIB episode overlaps (the shockable detector calls fast VT VFIB at times, and beat-rule VT under a VFIB flag is held back); those episodes true when overlapping (VT or a reference run of 3+ V. ' +
  'BIGEMINY/TRIGEMINY: time against (B/(T. VF/VFL left out.';

function scoreRecord(recordPath: string, name: string): VRunsRecord {
  const header = readHeader(recordPath);
  const rec = readRecord(header, { channels: header.signals.length >= 2 ? [0, 1] : [0] });
  const fs = rec.sampleRate;
  const result = analyzeRecord(rec.signals.map((s) => Float64Array.from(s)), { sampleRate: fs });
  const reference = readReference(recordPath);
  const excluded = vfIntervals(reference);
  const outsideVf = (iv: Interval): boolean => !excluded.some((x) => x.start <= iv.end && iv.start < x.end);
  const refBeats = reference.filter((a) => EC57_BEAT_SYMBOLS.has(a.symbol));
  const refRuns = runsOf(refBeats, (a) => a.sample, (a) => V_SYMBOLS.has(a.symbol)).filter(outsideVf);
  const ourRuns = detectedRuns(result.beats).filter(outsideVf);
  const slack = Math.round(SLACK_S * fs);
  const runs = Object.fromEntries(
    RUN_CLASSES.map((c) => [c, matchByOverlap(ofClass(refRuns, c), ofClass(ourRuns, c), refRuns, slack)]),
  ) as Record<RunClass, MatchCounts>;
  const rhythm = (label: string): Interval[] => rhythmIntervals(reference, label, rec.signals[0].length);
  const vtTruth = [...rhythm('(VT'), ...refRuns.filter((r) => r.beats >= 3)];
  const vt = matchByOverlap(rhythm('(VT'), episodes(result.episodes, VT_FLAGS, outsideVf), vtTruth, slack);
  return {
    record: name,
    runs,
    vt,
    bigeminy: timeCounts(rhythm('(B'), episodes(result.episodes, 'BIGEMINY', outsideVf), fs),
    trigeminy: timeCounts(rhythm('(T'), episodes(result.episodes, 'TRIGEMINY', outsideVf), fs),
  };
}

const V_SYMBOLS: ReadonlySet<string> = new Set(['V', 'E', 'r']);

function ofClass(runs: readonly Run[], c: RunClass): Run[] {
  return runs.filter((r) => runClass(r.beats) === c);
}

/** Flags that find a VT: the beat rule's and the shockable detector's (which may call fast VT VFIB). */
const VT_FLAGS: ReadonlySet<Episode['type']> = new Set(['VT', 'VFIB']);

function episodes(list: readonly Episode[], types: Episode['type'] | ReadonlySet<Episode['type']>, keep: (iv: Interval) => boolean): Interval[] {
  const wanted = (t: Episode['type']): boolean => (typeof types === 'string' ? t === types : types.has(t));
  return episodeSpans(list.filter((e) => wanted(e.type))).filter(keep);
}

/** Stretches of one reference rhythm, from its '+' annotation to the next one (or the end). */
export function rhythmIntervals(reference: readonly ScoredAnnotation[], label: string, end: number): Interval[] {
  const changes = reference.filter((a) => a.symbol === '+' && a.aux).map((a) => ({ sample: a.sample, label: (a.aux as string).replace(/\0/g, '').trim() }));
  const out: Interval[] = [];
  changes.forEach((c, i) => {
    if (c.label === label) out.push({ start: c.sample, end: i + 1 < changes.length ? changes[i + 1].sample : end });
  });
  return out;
}

function timeCounts(reference: readonly Interval[], flagged: readonly Interval[], fs: number): TimeCounts {
  return { reference: lengthOf(reference) / fs, flagged: lengthOf(flagged) / fs, both: overlapSamples(reference, flagged) / fs };
}

function addTime(a: TimeCounts, b: TimeCounts): TimeCounts {
  return { reference: a.reference + b.reference, flagged: a.flagged + b.flagged, both: a.both + b.both };
}

function gross(records: readonly VRunsRecord[]): Omit<VRunsRecord, 'record'> {
  const sumRuns = (c: RunClass): MatchCounts => records.reduce((a, r) => addCounts(a, r.runs[c]), NO_COUNTS);
  return {
    runs: Object.fromEntries(RUN_CLASSES.map((c) => [c, sumRuns(c)])) as Record<RunClass, MatchCounts>,
    vt: records.reduce((a, r) => addCounts(a, r.vt), NO_COUNTS),
    bigeminy: records.reduce((a, r) => addTime(a, r.bigeminy), NO_TIME),
    trigeminy: records.reduce((a, r) => addTime(a, r.trigeminy), NO_TIME),
  };
}

export function formatVRuns(report: VRunsReport): string {
  const counts = (c: MatchCounts): string[] => {
    const { se, ppv } = seAndPpv(c);
    return [`${c.tp}/${c.tp + c.fn}`, pct(se), `${c.detectedTrue}/${c.detected}`, pct(ppv)];
  };
  const time = (t: TimeCounts): string[] => {
    const se = t.reference > 0 ? (100 * t.both) / t.reference : null;
    const ppv = t.flagged > 0 ? (100 * t.both) / t.flagged : null;
    return [`${Math.round(t.reference)}`, pct(se), pct(ppv)];
  };
  const row = (name: string, r: Omit<VRunsRecord, 'record'>): string[] => [
    name,
    ...RUN_CLASSES.flatMap((c) => counts(r.runs[c]).filter((_, i) => i % 2 === 1)),
    ...counts(r.vt),
    ...time(r.bigeminy),
    ...time(r.trigeminy),
  ];
  const rows = report.records
    .filter((r) => RUN_CLASSES.some((c) => r.runs[c].tp + r.runs[c].fn + r.runs[c].detected > 0) || r.vt.detected + r.vt.tp + r.vt.fn > 0 || r.bigeminy.reference + r.bigeminy.flagged + r.trigeminy.reference + r.trigeminy.flagged > 0)
    .map((r) => row(r.record, r));
  rows.push(row('gross mitdb', report.gross));
  const head = ['record', 'couplet Se %', 'couplet +P %', 'short Se %', 'short +P %', 'long Se %', 'long +P %', 'VT found', 'VT Se %', 'VT true', 'VT +P %', '(B s', 'big Se %', 'big +P %', '(T s', 'tri Se %', 'tri +P %'];
  const g = report.gross;
  const n = (c: RunClass): string => `${g.runs[c].tp + g.runs[c].fn} reference / ${g.runs[c].detected} detected ${c === 'couplet' ? 'couplets' : `${c} runs`}`;
  return [formatTable(head, rows), '', `${RUN_CLASSES.map(n).join('; ')}.`, report.method].join('\n');
}
