/**
 * Atrial-fibrillation benchmarks (issue 3 §6): RR-only on afdb, end to end (QRS detector -> AF
 * detector) on mitdb, aftdb and cinc2017. Each `run*` returns a report object (written as JSON by
 * the caller) and `format*` prints it as tables. Time-based scoring, as AF detectors are judged
 * (Moody & Mark 1983; Petrėnas 2015): duration Se = AF time flagged / AF time, Sp = non-AF time
 * left unflagged; episode Se = reference AF episodes overlapped by a detection, episode +P =
 * detections overlapping a reference AF episode.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { atrialScores, detectAf, labelBeats, type AfDetectorOptions, type BeatLabel, type Episode } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readHeader, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';

/** Half-open sample interval [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface AfScore {
  afSeconds: number; // reference AF time scored
  otherSeconds: number; // reference non-AF time scored
  tpSeconds: number; // AF time flagged
  fpSeconds: number; // non-AF time flagged
  se: number | null; // per cent, null without reference AF
  sp: number | null; // per cent, null without non-AF time
  episodes: number; // reference AF episodes
  episodesFound: number; // of those, overlapped by a detection
  detections: number; // detected episodes
  detectionsTrue: number; // of those, overlapping reference AF
  episodeSe: number | null; // per cent
  episodePpv: number | null; // per cent
}

// ---------------------------------------------------------------- scoring

/** Reference AF spans from rhythm annotations ('+' with aux '(AFIB'), and the span scored. */
export function rhythmTruth(
  annotations: readonly { sample: number; aux?: string }[],
  endSample: number,
): { af: Span[]; scored: Span } {
  const rhythms = annotations
    .filter((a) => a.aux !== undefined && a.aux.startsWith('('))
    .map((a) => ({ sample: a.sample, rhythm: (a.aux as string).replace(/\0/g, '').trim() }))
    .sort((a, b) => a.sample - b.sample);
  const af: Span[] = [];
  for (let i = 0; i < rhythms.length; i++) {
    if (rhythms[i].rhythm !== '(AFIB') continue;
    const end = i + 1 < rhythms.length ? rhythms[i + 1].sample : endSample;
    const last = af[af.length - 1];
    if (last && last.end === rhythms[i].sample) last.end = end;
    else if (end > rhythms[i].sample) af.push({ start: rhythms[i].sample, end });
  }
  return { af, scored: { start: rhythms.length > 0 ? rhythms[0].sample : 0, end: endSample } };
}

/** Episodes as half-open spans (an episode's `end` is its last sample, so +1). */
export function episodeSpans(episodes: readonly Episode[]): Span[] {
  return episodes.map((e) => ({ start: e.start, end: (e.end ?? e.start) + 1 }));
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function clip(spans: readonly Span[], to: Span): Span[] {
  return spans.map((s) => ({ start: Math.max(s.start, to.start), end: Math.min(s.end, to.end) })).filter((s) => s.end > s.start);
}

/** Total length of the intersection of two sets of disjoint sorted spans, samples. */
function intersection(a: readonly Span[], b: readonly Span[]): number {
  let total = 0;
  for (const x of a) for (const y of b) total += overlap(x, y);
  return total;
}

export const sum = (spans: readonly Span[]): number => spans.reduce((t, s) => t + s.end - s.start, 0);
export const ratio = (num: number, den: number): number | null => (den > 0 ? Math.round((1000 * 100 * num) / den) / 1000 : null);

/** Time and episode scores of detected AF spans against reference AF spans, within `scored`. */
export function scoreAf(truthAf: readonly Span[], detected: readonly Span[], scored: Span, sampleRate: number): AfScore {
  const truth = clip(truthAf, scored);
  const det = clip(detected, scored);
  const total = scored.end - scored.start;
  const af = sum(truth);
  const flagged = sum(det);
  const tp = intersection(truth, det);
  const fp = flagged - tp;
  const episodesFound = truth.filter((t) => det.some((d) => overlap(t, d) > 0)).length;
  const detectionsTrue = det.filter((d) => truth.some((t) => overlap(t, d) > 0)).length;
  return {
    afSeconds: af / sampleRate,
    otherSeconds: (total - af) / sampleRate,
    tpSeconds: tp / sampleRate,
    fpSeconds: fp / sampleRate,
    se: ratio(tp, af),
    sp: ratio(total - af - fp, total - af),
    episodes: truth.length,
    episodesFound,
    detections: det.length,
    detectionsTrue,
    episodeSe: ratio(episodesFound, truth.length),
    episodePpv: ratio(detectionsTrue, det.length),
  };
}

/** Sum of per-record scores, rates recomputed from the sums (gross). */
export function grossAf(scores: readonly AfScore[]): AfScore {
  const t = (k: keyof AfScore): number => scores.reduce((a, s) => a + ((s[k] as number | null) ?? 0), 0);
  const af = t('afSeconds');
  const other = t('otherSeconds');
  const tp = t('tpSeconds');
  const fp = t('fpSeconds');
  return {
    afSeconds: af,
    otherSeconds: other,
    tpSeconds: tp,
    fpSeconds: fp,
    se: ratio(tp, af),
    sp: ratio(other - fp, other),
    episodes: t('episodes'),
    episodesFound: t('episodesFound'),
    detections: t('detections'),
    detectionsTrue: t('detectionsTrue'),
    episodeSe: ratio(t('episodesFound'), t('episodes')),
    episodePpv: ratio(t('detectionsTrue'), t('detections')),
  };
}

/** Runs the AF detector over beat samples (and labels); returns every episode (closed at the end). */
export function afEpisodes(
  beats: ArrayLike<number>,
  sampleRate: number,
  opts: Partial<AfDetectorOptions> = {},
  labels?: ArrayLike<BeatLabel | undefined>,
  pWaves?: ArrayLike<number>,
): Episode[] {
  return detectAf(beats, { ...opts, sampleRate }, labels, pWaves);
}

// ---------------------------------------------------------------- afdb and mitdb (long records)

export interface AfRecordResult extends AfScore {
  db: string;
  record: string;
  beats: number;
  note?: string;
}

export interface AfLongReport {
  name: 'afdb' | 'mitdb';
  mode: 'rr-only' | 'end-to-end' | 'reference beats and labels' | 'end-to-end, no labels';
  records: AfRecordResult[];
  gross: AfScore;
  /** mitdb: records with reference AF (Se/Sp) and the rest (false AF time). */
  groups?: { af: AfScore; nonAf: AfScore & { falseMinutes: number; falsePercent: number | null } };
  settings: { data: string; detector: Partial<AfDetectorOptions>; labels?: AfLabelSource; atrial?: AtrialSource };
  revision: string | null;
}

/**
 * Beat labels fed to the detector in the end-to-end runs: the BeatClassifier's (what the box does,
 * the default), the reference `.atr` beats and labels (an upper bound: perfect beats and labels),
 * or none (RR only, ectopics found from the short-long pattern alone).
 */
export type AfLabelSource = 'classifier' | 'reference' | 'none';

export interface AfRunOptions {
  dataDir: string;
  /**
   * P-wave evidence from the ECG (AtrialActivity) fed to the detector: 'lead0' (default) the first
   * lead only (modified lead II on mitdb, the lead where P waves are largest), 'max' the better of
   * the leads for each beat (measured worse: the larger of two chance correlations in AF is often
   * high enough to veto it), 'none' RR only.
   */
  atrial?: AtrialSource;
  records?: string[];
  detector?: Partial<AfDetectorOptions>; // overrides of the detector defaults
  labels?: AfLabelSource; // mitdb, aftdb and cinc2017; default 'classifier'
}

/** MIT annotation symbol -> AAMI class (EC57): ventricular and fusion beats are V, paced/unclassified Q. */
export function aamiLabel(symbol: string): BeatLabel {
  if ('NLRej'.includes(symbol)) return 'N';
  if ('AaJS'.includes(symbol)) return 'S';
  if ('VEF'.includes(symbol)) return 'V';
  return 'Q';
}

export type AtrialSource = 'max' | 'lead0' | 'none';

/** Beats and labels of a record in memory: detected and classified, reference, or detected without labels. */
export function recordBeats(
  leads: readonly (Float32Array | Float64Array)[],
  fs: number,
  source: AfLabelSource,
  recPath?: string,
  atrial: AtrialSource = 'lead0',
): { beats: ArrayLike<number>; labels?: BeatLabel[]; pWaves?: Float64Array } {
  let out: { beats: ArrayLike<number>; labels?: BeatLabel[] };
  if (source === 'reference' && recPath && existsSync(`${recPath}.atr`)) {
    const ref = readAnnotations(`${recPath}.atr`).filter((a) => isBeatCode(a.code));
    out = { beats: ref.map((a) => a.sample), labels: ref.map((a) => aamiLabel(a.symbol)) };
  } else {
    const lb = labelBeats(leads, fs);
    out = source === 'none' ? { beats: lb.samples } : { beats: lb.samples, labels: lb.labels };
  }
  return { ...out, pWaves: pWaveScores(leads, fs, out.beats, out.labels, atrial) };
}

/** Per-beat P-wave score of the chosen lead(s); with 'max', the better lead of each beat (NaN if neither). */
export function pWaveScores(
  leads: readonly (Float32Array | Float64Array)[],
  fs: number,
  beats: ArrayLike<number>,
  labels: ArrayLike<BeatLabel | undefined> | undefined,
  atrial: AtrialSource,
): Float64Array | undefined {
  if (atrial === 'none' || leads.length === 0) return undefined;
  const used = atrial === 'lead0' ? leads.slice(0, 1) : leads;
  // every lead there is helps find where each QRS starts, as in the analyzer
  const scores = used.map((lead, l) => atrialScores(lead, beats, fs, labels, leads.length > 1 ? leads[1 - l] : undefined));
  const out = scores[0];
  for (const s of scores.slice(1)) {
    for (let i = 0; i < out.length; i++) {
      const a = out[i];
      const b = s[i];
      out[i] = a !== a ? b : b !== b ? a : Math.max(a, b);
    }
  }
  return out;
}

export function recordNames(dir: string, ext: string, only?: readonly string[]): string[] {
  if (!existsSync(dir)) throw new CliError(`${dir} does not exist; pass --data DIR or set CLINIC_EDGE_DATA`);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return only ? names.filter((n) => only.includes(n)) : names;
}

/**
 * afdb: beat times from `.qrsc` (manually corrected) where present, else `.qrs`; truth from `.atr`,
 * scored from the first rhythm label to the last beat.
 */
export function runAfdb(opts: AfRunOptions): AfLongReport {
  const dir = path.join(opts.dataDir, 'afdb');
  const records = recordNames(dir, '.atr', opts.records).map((name): AfRecordResult => {
    const rec = path.join(dir, name);
    const header = readHeader(rec);
    const fs = header.sampleRate;
    const beatFile = existsSync(`${rec}.qrsc`) ? `${rec}.qrsc` : `${rec}.qrs`;
    const beats = existsSync(beatFile) ? readAnnotations(beatFile).map((a) => a.sample) : [];
    const end = header.nsamples ?? (beats.length > 0 ? beats[beats.length - 1] + 1 : 0);
    // Score only up to the last annotated beat: most .qrs files stop at 10 h 00 min while the records
    // run 13.7 min longer, and no RR-based detector can judge time without beats.
    const { af, scored } = rhythmTruth(readAnnotations(`${rec}.atr`), beats.length > 0 ? Math.min(end, beats[beats.length - 1] + 1) : end);
    const note = beats.length < 2 ? 'no beat annotations: nothing to score' : beatFile.endsWith('qrsc') ? 'beats from .qrsc' : undefined;
    if (beats.length < 2 || scored.end <= scored.start) {
      return { db: 'afdb', record: name, beats: beats.length, ...scoreAf([], [], { start: 0, end: 0 }, fs), note };
    }
    const episodes = afEpisodes(beats, fs, opts.detector);
    const score = scoreAf(af, episodeSpans(episodes), scored, fs);
    return { db: 'afdb', record: name, beats: beats.length, ...score, ...(note ? { note } : {}) };
  });
  return {
    name: 'afdb',
    mode: 'rr-only',
    records,
    gross: grossAf(records),
    settings: { data: opts.dataDir, detector: opts.detector ?? {} },
    revision: sourceRevision() ?? null,
  };
}

/** mitdb end to end: both leads -> QrsDetector -> BeatClassifier -> AfDetector; truth from `.atr` rhythm labels. */
export function runMitdbAf(opts: AfRunOptions): AfLongReport {
  const dir = path.join(opts.dataDir, 'mitdb');
  const records = recordNames(dir, '.atr', opts.records).map((name): AfRecordResult => {
    const rec = path.join(dir, name);
    const header = readHeader(rec);
    const signal = readRecord(header, { channels: header.signals.length >= 2 ? [0, 1] : [0] });
    const fs = signal.sampleRate;
    const end = signal.signals[0].length;
    const { beats, labels, pWaves } = recordBeats(signal.signals, fs, opts.labels ?? 'classifier', rec, opts.atrial);
    const { af } = rhythmTruth(readAnnotations(`${rec}.atr`), end);
    const score = scoreAf(af, episodeSpans(afEpisodes(beats, fs, opts.detector, labels, pWaves)), { start: 0, end }, fs);
    return { db: 'mitdb', record: name, beats: beats.length, ...score };
  });
  const withAf = records.filter((r) => r.afSeconds > 0);
  const nonAf = grossAf(records.filter((r) => r.afSeconds === 0));
  return {
    name: 'mitdb',
    mode: opts.labels === 'reference' ? 'reference beats and labels' : opts.labels === 'none' ? 'end-to-end, no labels' : 'end-to-end',
    records,
    gross: grossAf(records),
    groups: {
      af: grossAf(withAf),
      nonAf: { ...nonAf, falseMinutes: nonAf.fpSeconds / 60, falsePercent: ratio(nonAf.fpSeconds, nonAf.otherSeconds) },
    },
    settings: { data: opts.dataDir, detector: opts.detector ?? {}, labels: opts.labels ?? 'classifier', atrial: opts.atrial ?? 'lead0' },
    revision: sourceRevision() ?? null,
  };
}

export function formatAfLong(report: AfLongReport): string {
  const header = ['record', 'AF min', 'Se %', 'Sp %', 'FP min', 'ep', 'ep Se %', 'det', 'ep +P %', 'note'];
  const row = (name: string, s: AfScore, note = ''): string[] => [
    name,
    (s.afSeconds / 60).toFixed(1),
    pct(s.se),
    pct(s.sp),
    (s.fpSeconds / 60).toFixed(1),
    `${s.episodes}`,
    pct(s.episodeSe),
    `${s.detections}`,
    pct(s.episodePpv),
    note,
  ];
  const rows = report.records.map((r) => row(r.record, r, r.note ?? ''));
  rows.push(row(`gross ${report.name}`, report.gross));
  if (report.groups) {
    rows.push(row('gross, records with AF', report.groups.af));
    rows.push(row('gross, records without AF', report.groups.nonAf));
  }
  const parts = [formatTable(header, rows)];
  if (report.groups) {
    const g = report.groups.nonAf;
    parts.push(`false AF on records without AF: ${g.falseMinutes.toFixed(2)} min, ${pct(g.falsePercent)} % of ${(g.otherSeconds / 60).toFixed(0)} min`);
  }
  parts.push(`${report.name}, ${report.mode}; time-based Se/Sp, episode Se/+P by overlap.`);
  return parts.join('\n\n');
}
