import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { labelBeats, type BeatLabel } from '@clinic-edge/dsp';
import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { resultsDir, writeJson } from '../lib/results.js';
import { readReference } from '../lib/reference.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';
import { matchWindowSamples, vfIntervals, type Interval, type ScoredAnnotation } from '../scoring/ec57.js';

/**
 * Ventricular (and supraventricular) beat labelling benchmark, scored as EC57 / WFDB `bxb -C` does:
 * detections pair with reference beats within 150 ms (bxb's time-order rule); the reference
 * labels map to AAMI classes; V Se = Vv / (V row incl. missed beats), V +P = Vv / (Nv + Sv + Vv
 * + Ov), S likewise (SFP = Ns + Vs + Fs + Os). Fusion and Q reference beats labelled V, and Q
 * reference beats labelled S, are not false positives (bxb leaves them out).
 */

/**
 * Reference classes (AAMI EC57): N = N L R e j, S = A a J S, V = V E, F = F, Q = / f Q. As bxb
 * does, the rarer codes go with their origin: B (bundle branch block) and n (supraventricular
 * escape) to N, r (R-on-T PVC) to V, ? (unclassified) to Q.
 */
export const REF_CLASSES = ['N', 'S', 'V', 'F', 'Q'] as const;
export type RefClass = (typeof REF_CLASSES)[number];
const AAMI: Readonly<Record<string, RefClass>> = {
  N: 'N', L: 'N', R: 'N', e: 'N', j: 'N', B: 'N', n: 'N',
  A: 'S', a: 'S', J: 'S', S: 'S',
  V: 'V', E: 'V', r: 'V',
  F: 'F',
  '/': 'Q', f: 'Q', Q: 'Q', '?': 'Q',
};
/** Columns: our labels, then 'missed' (reference beat with no detection). */
export const OUT_COLUMNS = ['N', 'S', 'V', 'Q', 'missed'] as const;
/** Rows: reference classes, then 'extra' (a detection with no reference beat: bxb's O row). */
export const REF_ROWS = [...REF_CLASSES, 'extra'] as const;
/** Paced records: EC57 reports them apart; the classifier runs on them only to prove it copes. */
export const PACED = new Set(['102', '104', '107', '217']);
/** qtdb's excerpts of those paced records (its other 103 come from seven databases, none paced). */
export const QTDB_PACED = new Set(['sel102', 'sel104']);

/** Databases the V-beat benchmark reads: mitdb is fitted on; svdb and qtdb never were. */
export const VBEATS_DBS = ['mitdb', 'svdb', 'qtdb'] as const;
export type VBeatsDb = (typeof VBEATS_DBS)[number];

export type Confusion = number[][]; // [REF_ROWS index][OUT_COLUMNS index]

export interface ClassRates {
  se: number | null; // per cent
  ppv: number | null; // per cent
  tp: number;
  fn: number;
  fp: number;
}

export interface RecordVBeats {
  db: string;
  record: string;
  sampleRate: number; // Hz
  v: ClassRates;
  s: ClassRates;
  confusion: Confusion;
}

export interface VBeatsReport {
  records: RecordVBeats[];
  gross: { v: ClassRates; s: ClassRates; confusion: Confusion };
  settings: { data: string; db: string; records: string[] | null; excluded: string[]; leads: 1 | 2 };
  scoring: string;
  revision: string | null;
}

export interface VBeatsOptions {
  dataDir: string;
  db?: VBeatsDb; // default mitdb
  records?: string[];
  /** Leads the classifier sees: 2 (default) the first two signals, 1 the first alone (single-lead boards). */
  leads?: 1 | 2;
}

export const VBEATS_SCORING =
  'EC57/bxb beat-by-beat, 150 ms match window, VF/VFL episodes excluded, whole record; ' +
  'V: Se = Vv/(V row + missed V), +P = Vv/(Nv+Sv+Vv+extra v); S: Se = Ss/(S row + missed S), +P = Ss/(Ns+Vs+Fs+Ss+extra s)';

export function runVBeats(opts: VBeatsOptions): VBeatsReport {
  const db = opts.db ?? 'mitdb';
  const dir = path.join(opts.dataDir, db);
  if (!existsSync(dir)) throw new CliError(`${dir} does not exist; pass the folder holding ${db}/ or set CLINIC_EDGE_DATA`);
  const all = listNames(dir);
  const paced = db === 'mitdb' ? PACED : db === 'qtdb' ? QTDB_PACED : new Set<string>();
  const excluded = all.filter((n) => paced.has(n));
  const names = all.filter((n) => !excluded.includes(n) && (!opts.records || opts.records.includes(n)));
  const missing = (opts.records ?? []).filter((n) => !all.includes(n));
  if (missing.length > 0) throw new CliError(`no record ${missing.join(', ')} with a .atr in ${dir}`);
  const records = names.map((name) => scoreRecord(db, path.join(dir, name), name, opts.leads ?? 2));
  const confusion = sumConfusion(records.map((r) => r.confusion));
  return {
    records,
    gross: { v: vRates(confusion), s: sRates(confusion), confusion },
    settings: { data: opts.dataDir, db, records: opts.records ?? null, excluded, leads: opts.leads ?? 2 },
    scoring: VBEATS_SCORING,
    revision: sourceRevision() ?? null,
  };
}

/** Records with signals and reference beats, in numeric order. */
function listNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hea'))
    .map((f) => f.slice(0, -4))
    .filter((n) => existsSync(path.join(dir, `${n}.atr`)) && existsSync(path.join(dir, `${n}.dat`)))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Runs detector + classifier on a record's first two signals (or the first alone) and tallies the confusion matrix. */
export function scoreRecord(db: string, recordPath: string, name: string, leads: 1 | 2 = 2): RecordVBeats {
  const header = readHeader(recordPath);
  const channels = header.signals.length >= 2 && leads === 2 ? [0, 1] : [0];
  const rec = readRecord(header, { channels });
  const { samples, labels } = labelBeats(rec.signals, rec.sampleRate);
  const confusion = tally(readReference(recordPath), samples, labels, rec.sampleRate);
  return { db, record: name, sampleRate: rec.sampleRate, v: vRates(confusion), s: sRates(confusion), confusion };
}

/** Pairs detections with reference beats (bxb rule) and counts reference class x label. */
export function tally(reference: readonly ScoredAnnotation[], samples: ArrayLike<number>, labels: readonly BeatLabel[], sampleRate: number): Confusion {
  const window = matchWindowSamples(sampleRate);
  const excluded = vfIntervals(reference);
  const refs = reference
    .filter((a) => AAMI[a.symbol] !== undefined && !inAny(a.sample, excluded))
    .sort((x, y) => x.sample - y.sample);
  const m: Confusion = REF_ROWS.map(() => OUT_COLUMNS.map(() => 0));
  const col = (label: BeatLabel): number => OUT_COLUMNS.indexOf(label);
  const extraRow = REF_ROWS.indexOf('extra');
  const missed = OUT_COLUMNS.indexOf('missed');
  const T = (i: number): number => (i < refs.length ? refs[i].sample : Infinity);
  const t = (j: number): number => (j < samples.length ? samples[j] : Infinity);
  let i = 0;
  let j = 0;
  while (i < refs.length || j < samples.length) {
    const ti = T(i), tj = t(j);
    const pairs =
      tj < ti
        ? ti - tj <= window && (ti - tj < dist(ti, t(j + 1)) || dist(T(i + 1), t(j + 1)) < dist(ti, t(j + 1)))
        : tj - ti <= window && (tj - ti < dist(tj, T(i + 1)) || dist(t(j + 1), T(i + 1)) < dist(tj, T(i + 1)));
    if (pairs) {
      m[REF_CLASSES.indexOf(AAMI[refs[i].symbol])][col(labels[j])]++;
      i++, j++;
    } else if (tj < ti) {
      if (!inAny(tj, excluded)) m[extraRow][col(labels[j])]++;
      j++;
    } else {
      m[REF_CLASSES.indexOf(AAMI[refs[i].symbol])][missed]++;
      i++;
    }
  }
  return m;
}

function dist(a: number, b: number): number {
  const d = Math.abs(a - b);
  return Number.isNaN(d) ? Infinity : d;
}

function inAny(sample: number, intervals: readonly Interval[]): boolean {
  return intervals.some((iv) => iv.start <= sample && sample < iv.end);
}

const cell = (m: Confusion, row: string, column: string): number =>
  m[(REF_ROWS as readonly string[]).indexOf(row)][(OUT_COLUMNS as readonly string[]).indexOf(column)];

function rates(tp: number, fn: number, fp: number): ClassRates {
  const p = (num: number, den: number): number | null => (den > 0 ? Math.round((100000 * num) / den) / 1000 : null);
  return { se: p(tp, tp + fn), ppv: p(tp, tp + fp), tp, fn, fp };
}

export function vRates(m: Confusion): ClassRates {
  const tp = cell(m, 'V', 'V');
  const fn = ['N', 'S', 'Q', 'missed'].reduce((a, c) => a + cell(m, 'V', c), 0);
  const fp = ['N', 'S', 'extra'].reduce((a, r) => a + cell(m, r, 'V'), 0);
  return rates(tp, fn, fp);
}

export function sRates(m: Confusion): ClassRates {
  const tp = cell(m, 'S', 'S');
  const fn = ['N', 'V', 'Q', 'missed'].reduce((a, c) => a + cell(m, 'S', c), 0);
  const fp = ['N', 'V', 'F', 'extra'].reduce((a, r) => a + cell(m, r, 'S'), 0);
  return rates(tp, fn, fp);
}

function sumConfusion(ms: readonly Confusion[]): Confusion {
  const out: Confusion = REF_ROWS.map(() => OUT_COLUMNS.map(() => 0));
  for (const m of ms) for (let r = 0; r < out.length; r++) for (let c = 0; c < out[r].length; c++) out[r][c] += m[r][c];
  return out;
}

export function formatVBeats(report: VBeatsReport): string {
  const row = (name: string, v: ClassRates, s: ClassRates): string[] => [
    name, pct(v.se), pct(v.ppv), `${v.tp}`, `${v.fn}`, `${v.fp}`, pct(s.se), pct(s.ppv), `${s.tp}`, `${s.fn}`, `${s.fp}`,
  ];
  const rows = report.records.map((r) => row(r.record, r.v, r.s));
  rows.push(row(`gross ${report.settings.db}`, report.gross.v, report.gross.s));
  const table = formatTable(['record', 'V Se %', 'V +P %', 'Vtp', 'Vfn', 'Vfp', 'S Se %', 'S +P %', 'Stp', 'Sfn', 'Sfp'], rows);
  const cm = formatTable(
    ['reference \\ label', ...OUT_COLUMNS],
    REF_ROWS.map((r, i) => [r, ...report.gross.confusion[i].map(String)]),
  );
  const ex = (report.settings.excluded.length ? ` Paced records left out: ${report.settings.excluded.join(', ')}.` : '') + (report.settings.leads === 1 ? ' First lead only.' : '');
  return `${table}\n\nconfusion (gross)\n${cm}\n\n${report.scoring}.${ex}`;
}

/** `node dist/bench/rhythm/vbeats.js [--db mitdb|svdb|qtdb] [--leads 1|2] [--data DIR] [--records 119,208] [--no-write]` */
async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const k = argv.indexOf(name);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const db = (arg('--db') ?? 'mitdb') as VBeatsDb;
  if (!(VBEATS_DBS as readonly string[]).includes(db)) throw new CliError(`--db: expected one of ${VBEATS_DBS.join(', ')}, got ${db}`);
  const dataDir = arg('--data') ?? process.env.CLINIC_EDGE_DATA ?? path.resolve('../shared/data');
  const records = arg('--records')?.split(',');
  const leadsArg = arg('--leads') ?? '2';
  if (leadsArg !== '1' && leadsArg !== '2') throw new CliError(`--leads: expected 1 or 2, got ${leadsArg}`);
  const leads = Number(leadsArg) as 1 | 2;
  const report = runVBeats({ dataDir, db, records, leads });
  process.stdout.write(`${formatVBeats(report)}\n`);
  if (!argv.includes('--no-write')) {
    const file = path.join(resultsDir(), db === 'mitdb' && !records && leads === 2 ? 'vbeats.json' : `vbeats-${db}${leads === 1 ? '-1lead' : ''}${records ? '-subset' : ''}.json`);
    writeJson(file, report);
    process.stdout.write(`wrote ${file}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
