import { analyzeRecord, hrvOfRecord, type HrvWindow } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { quantile, round2 } from '../lib/quantile.js';
import { listRecords, type Database } from '../lib/records.js';
import { formatTable } from '../lib/table.js';
import { aamiLabel } from './af.js';
import { PACED } from './vbeats.js';

/**
 * HRV agreement (issue 3 §3): the 5-min HRV windows the box reports (full analyzer: detected
 * beats, its labels, its quality gate) against the same windows computed by the same HRV code
 * on the reference beats and labels (`.atr`, AAMI classes). What this measures is the beat
 * stream, not the HRV formulas (unit-tested in dsp/hrv): where the box's marks, missed and
 * extra beats and labels move the figures a cardiologist reads. Windows are the analyzer's
 * (every 300 s from the record's start); a window is compared where the reference has figures.
 */

export const HRV_DATABASES = ['mitdb', 'svdb', 'nstdb'] as const;
export type HrvDatabase = (typeof HRV_DATABASES)[number];

/** The figures compared, and whether their error is read in their own unit or relative. */
export const HRV_MEASURES = [
  { key: 'meanNnMs', unit: 'ms', relative: false },
  { key: 'sdnnMs', unit: 'ms', relative: false },
  { key: 'rmssdMs', unit: 'ms', relative: false },
  { key: 'pnn50', unit: '% pts', relative: false },
  { key: 'lfMs2', unit: '%', relative: true },
  { key: 'hfMs2', unit: '%', relative: true },
  { key: 'lfHf', unit: '%', relative: true },
] as const satisfies readonly { key: keyof HrvWindow; unit: string; relative: boolean }[];
export type HrvMeasure = (typeof HRV_MEASURES)[number]['key'];

/** One measure's error over the compared windows: |box − reference| (relative: / reference, per cent). */
export interface ErrorSpread {
  median: number | null;
  p90: number | null;
  max: number | null;
  /** Median of box − reference (relative: box / reference − 1, per cent): a bias, not a spread. */
  bias: number | null;
}

export interface HrvRecordResult {
  db: HrvDatabase;
  record: string;
  referenceWindows: number; // windows whose reference beats give figures
  compared: number; // of those, windows the box gives figures for too
  boxOnly: number; // windows the box gives figures for and the reference does not
  rmssdErrorMaxMs: number | null;
}

export interface HrvDbSummary {
  db: HrvDatabase;
  records: number;
  referenceWindows: number;
  compared: number;
  boxOnly: number;
  errors: Record<HrvMeasure, ErrorSpread>;
}

export interface HrvBenchReport {
  records: HrvRecordResult[];
  databases: HrvDbSummary[];
  excluded: string[];
}

export interface Pair {
  box: HrvWindow;
  ref: HrvWindow;
}

export function runHrvBench(opts: { dataDir: string; dbs?: readonly HrvDatabase[]; records?: readonly string[] }): HrvBenchReport {
  const records: HrvRecordResult[] = [];
  const databases: HrvDbSummary[] = [];
  const excluded: string[] = [];
  for (const db of opts.dbs ?? HRV_DATABASES) {
    const pairs: Pair[] = [];
    const rows: HrvRecordResult[] = [];
    for (const ref of listRecords(opts.dataDir, db as Database, opts.records)) {
      // paced beats are no sinus node's rhythm: HRV means nothing there
      if (db === 'mitdb' && PACED.has(ref.name)) {
        excluded.push(`${db}/${ref.name}`);
        continue;
      }
      const r = compareRecord(db, ref.name, ref.path);
      pairs.push(...r.pairs);
      rows.push(r.row);
    }
    records.push(...rows);
    databases.push(summarise(db, rows, pairs));
  }
  return { records, databases, excluded };
}

function compareRecord(db: HrvDatabase, name: string, recordPath: string): { row: HrvRecordResult; pairs: Pair[] } {
  const rec = readRecord(recordPath, { channels: [0, 1] });
  const fs = rec.sampleRate;
  const end = rec.signals[0].length;
  const box = analyzeRecord(
    rec.signals.map((s) => Float64Array.from(s)),
    { sampleRate: fs },
  ).summary.hrv;
  const beats = readAnnotations(`${recordPath}.atr`).filter((a) => isBeatCode(a.code));
  const reference = hrvOfRecord(
    beats.map((a) => a.sample),
    { sampleRate: fs, labels: beats.map((a) => aamiLabel(a.symbol)), endSample: end },
  );
  const { pairs, referenceWindows, boxOnly } = compareWindows(box, reference);
  const rmssd = pairs.map((p) => Math.abs((p.box.rmssdMs ?? NaN) - (p.ref.rmssdMs ?? NaN)));
  return {
    row: { db, record: name, referenceWindows, compared: pairs.length, boxOnly, rmssdErrorMaxMs: rmssd.length ? round2(Math.max(...rmssd)) : null },
    pairs,
  };
}

/**
 * Pairs the box's windows with the reference's by start: a window is compared where the
 * reference has figures and the box has too; `boxOnly` counts windows where only the box has.
 */
export function compareWindows(box: readonly HrvWindow[], reference: readonly HrvWindow[]): { pairs: Pair[]; referenceWindows: number; boxOnly: number } {
  const pairs: Pair[] = [];
  let referenceWindows = 0;
  let boxOnly = 0;
  for (const w of reference) {
    const b = box.find((x) => x.start === w.start);
    const boxHas = b !== undefined && b.reason === null;
    if (w.reason !== null) {
      if (boxHas) boxOnly++;
      continue;
    }
    referenceWindows++;
    if (boxHas) pairs.push({ box: b, ref: w });
  }
  return { pairs, referenceWindows, boxOnly };
}

function summarise(db: HrvDatabase, rows: readonly HrvRecordResult[], pairs: readonly Pair[]): HrvDbSummary {
  const errors = Object.fromEntries(HRV_MEASURES.map((m) => [m.key, spread(pairs, m.key, m.relative)])) as Record<HrvMeasure, ErrorSpread>;
  const sum = (f: (r: HrvRecordResult) => number): number => rows.reduce((t, r) => t + f(r), 0);
  return {
    db,
    records: rows.length,
    referenceWindows: sum((r) => r.referenceWindows),
    compared: sum((r) => r.compared),
    boxOnly: sum((r) => r.boxOnly),
    errors,
  };
}

export function spread(pairs: readonly Pair[], key: HrvMeasure, relative: boolean): ErrorSpread {
  const signed: number[] = [];
  for (const { box, ref } of pairs) {
    const b = box[key];
    const r = ref[key];
    if (b === null || r === null) continue;
    if (relative) {
      if (r > 0) signed.push((100 * b) / r - 100);
    } else signed.push(b - r);
  }
  const abs = signed.map(Math.abs);
  return { median: quantile(abs, 0.5), p90: quantile(abs, 0.9), max: abs.length ? round2(Math.max(...abs)) : null, bias: quantile(signed, 0.5) };
}

const f2 = (x: number | null): string => (x === null ? '-' : x.toFixed(2));

export function formatHrvBench(r: HrvBenchReport): string {
  const head = ['figure', 'unit', ...r.databases.flatMap((d) => [`${d.db} median`, `${d.db} p90`, `${d.db} bias`])];
  const rows = HRV_MEASURES.map((m) => [m.key, m.relative ? '% of ref' : m.unit, ...r.databases.flatMap((d) => [f2(d.errors[m.key].median), f2(d.errors[m.key].p90), f2(d.errors[m.key].bias)])]);
  const cover = formatTable(
    ['database', 'records', 'windows with reference HRV', 'box reports them too', 'box reports, reference cannot'],
    r.databases.map((d) => [d.db, String(d.records), String(d.referenceWindows), `${d.compared} (${d.referenceWindows ? ((100 * d.compared) / d.referenceWindows).toFixed(1) : '-'} %)`, String(d.boxOnly)]),
  );
  const worst = [...r.records]
    .filter((x) => x.rmssdErrorMaxMs !== null)
    .sort((a, b) => (b.rmssdErrorMaxMs ?? 0) - (a.rmssdErrorMaxMs ?? 0))
    .slice(0, 5)
    .map((x) => `${x.db}/${x.record} ${f2(x.rmssdErrorMaxMs)} ms`)
    .join(', ');
  return [
    cover,
    '',
    'error of the box against the reference beats, per 5-min window (|box - ref|: median, 90th percentile; bias = median of box - ref)',
    formatTable(head, rows),
    '',
    `largest RMSSD error in a window: ${worst || '-'}`,
    `left out (paced): ${r.excluded.join(', ') || 'none'}. Reference: the same HRV code on the .atr beats and their AAMI labels; windows every 300 s from the start.`,
  ].join('\n');
}
