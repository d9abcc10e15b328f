import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { detectBeats } from '../bin/lib/detect-beats.js';
import { CliError } from '../bin/lib/errors.js';
import { DATABASES, listRecords, missingRecords, nstdbSnr, type Database, type RecordRef } from './lib/records.js';
import { readReference } from './lib/reference.js';
import { resampleRecord } from './lib/resampling.js';
import { sourceRevision } from './lib/revision.js';
import { formatTable, pct } from './lib/table.js';
import { EC57_BEAT_SYMBOLS, grossOf, scoreEc57, type Ec57Counts } from './scoring/ec57.js';

const SCORING_RULES = 'EC57 beat-by-beat (bxb pairing), match window 150 ms, VF/VFL episodes excluded';

export function scoringNote(fromSeconds = 0): string {
  return fromSeconds > 0
    ? `${SCORING_RULES}; scored from ${fromSeconds} s on`
    : `${SCORING_RULES}; whole record scored (EC57 proper starts at 5 min)`;
}

export interface AccuracyOptions {
  dataDir: string;
  db: Database | 'all';
  lead?: 1 | 2; // use only this lead (1-based); default both where the record has two
  records?: string[]; // record names to keep, e.g. ['101', '118']
  resampleHz?: number; // run on the records resampled to this rate
  fromSeconds?: number; // score from this time on (EC57 proper: 300); default 0, the whole record
}

/** Per cent figures (null where undefined) with the counts they come from. */
export interface Accuracy extends Ec57Counts {
  se: number | null;
  ppv: number | null;
  f1: number | null;
}

export interface RecordAccuracy extends Accuracy {
  db: Database;
  record: string;
  channels: number[]; // 0-based signals fed to the detector
  sampleRate: number; // Hz the detector ran at (after --resample)
  referenceBeats: number; // beat annotations in the reference, before VF exclusion
  detections: number;
  paced: boolean; // reference holds paced beats ('/'); EC57 reports these records apart
}

export interface DatabaseSummary {
  records: number;
  gross: Accuracy;
  /** nstdb only: F1 (and Se, +P) per signal-to-noise ratio. */
  bySnr?: { snrDb: number; record: string; se: number | null; ppv: number | null; f1: number | null }[];
}

export interface AccuracyReport {
  gross: Accuracy;
  records: RecordAccuracy[];
  databases: Partial<Record<Database, DatabaseSummary>>;
  worst: { db: Database; record: string; f1: number | null }[];
  settings: { data: string; db: string; lead: 'both' | 1 | 2; resampleHz: number | null; fromSeconds: number; records: string[] | null };
  scoring: string;
  revision: string | null; // commit measured, '-dirty' with uncommitted changes
}

/** Runs the detector over every selected record and scores it against its `.atr`. */
export function runAccuracy(opts: AccuracyOptions): AccuracyReport {
  const dbs: Database[] = opts.db === 'all' ? [...DATABASES] : [opts.db];
  const refs = dbs.flatMap((db) => listRecords(opts.dataDir, db, opts.records));
  const missing = missingRecords(refs, opts.records);
  if (missing.length > 0) throw new CliError(`no record ${missing.join(', ')} with a .atr in ${dbs.join(', ')} under ${opts.dataDir}`);
  if (refs.length === 0) throw new CliError(`no records with a .atr in ${dbs.join(', ')} under ${opts.dataDir}`);

  const records = refs.map((r) => scoreRecord(r, opts));
  const databases: Partial<Record<Database, DatabaseSummary>> = {};
  for (const db of dbs) {
    const mine = records.filter((r) => r.db === db);
    if (mine.length === 0) continue;
    databases[db] = { records: mine.length, gross: rounded(grossOf(mine)), ...(db === 'nstdb' ? { bySnr: bySnr(mine) } : {}) };
  }
  return {
    gross: rounded(grossOf(records)),
    records,
    databases,
    worst: worstOf(records, 5),
    settings: {
      data: opts.dataDir,
      db: opts.db,
      lead: opts.lead ?? 'both',
      resampleHz: opts.resampleHz ?? null,
      fromSeconds: opts.fromSeconds ?? 0,
      records: opts.records ?? null,
    },
    scoring: scoringNote(opts.fromSeconds),
    revision: sourceRevision() ?? null,
  };
}

function scoreRecord(ref: RecordRef, opts: AccuracyOptions): RecordAccuracy {
  const header = readHeader(ref.path);
  const nsig = header.signals.length;
  if (opts.lead !== undefined && opts.lead > nsig) {
    throw new CliError(`${header.file}: --lead ${opts.lead} asked for, but the record has ${nsig} signal(s)`);
  }
  const channels = opts.lead !== undefined ? [opts.lead - 1] : nsig >= 2 ? [0, 1] : [0];
  const rec = readRecord(header, { channels });
  let reference = readReference(ref.path);
  let leads = rec.signals;
  let sampleRate = rec.sampleRate;
  if (opts.resampleHz !== undefined && opts.resampleHz !== sampleRate) {
    ({ leads, reference } = resampleRecord(leads, reference, sampleRate, opts.resampleHz));
    sampleRate = opts.resampleHz;
  }
  const beats = detectBeats(leads, sampleRate);
  const score = scoreEc57(reference, beats, { sampleRate, fromSample: Math.round((opts.fromSeconds ?? 0) * sampleRate) });
  return {
    db: ref.db,
    record: ref.name,
    channels,
    sampleRate,
    referenceBeats: reference.filter((a) => EC57_BEAT_SYMBOLS.has(a.symbol)).length,
    detections: beats.length,
    paced: reference.some((a) => a.symbol === '/'),
    ...rounded(score),
  };
}

function bySnr(records: readonly RecordAccuracy[]): NonNullable<DatabaseSummary['bySnr']> {
  return records
    .map((r) => ({ snrDb: nstdbSnr(r.record) ?? Number.NaN, record: r.record, se: r.se, ppv: r.ppv, f1: r.f1 }))
    .sort((a, b) => b.snrDb - a.snrDb);
}

/** Lowest F1 first; a record with nothing to score (F1 undefined) is not "worst". */
function worstOf(records: readonly RecordAccuracy[], n: number): AccuracyReport['worst'] {
  return records
    .filter((r) => r.f1 !== null)
    .sort((a, b) => (a.f1 as number) - (b.f1 as number) || b.fn + b.fp - (a.fn + a.fp))
    .slice(0, n)
    .map((r) => ({ db: r.db, record: r.record, f1: r.f1 }));
}

const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);

function rounded(a: Accuracy): Accuracy {
  return { tp: a.tp, fn: a.fn, fp: a.fp, se: round3(a.se), ppv: round3(a.ppv), f1: round3(a.f1) };
}

/** Aligned tables: per record, gross per database and overall, SNR (nstdb), five worst. */
export function formatAccuracy(report: AccuracyReport): string {
  const multiDb = Object.keys(report.databases).length > 1;
  const row = (name: string, a: Accuracy): string[] => [name, pct(a.se), pct(a.ppv), pct(a.f1), `${a.tp}`, `${a.fn}`, `${a.fp}`];
  const header = ['record', 'Se %', '+P %', 'F1 %', 'TP', 'FN', 'FP'];
  const rows = report.records.map((r) => row(`${multiDb ? `${r.db}/` : ''}${r.record}${r.paced ? ' (paced)' : ''}`, r));
  for (const [db, s] of Object.entries(report.databases)) rows.push(row(`gross ${db}`, s.gross));
  if (multiDb) rows.push(row('gross all', report.gross));
  const parts = [formatTable(header, rows)];
  const nst = report.databases.nstdb?.bySnr;
  if (nst) {
    parts.push(formatTable(['nstdb SNR', 'record', 'Se %', '+P %', 'F1 %'], nst.map((s) => [`${s.snrDb} dB`, s.record, pct(s.se), pct(s.ppv), pct(s.f1)])));
  }
  parts.push(`five worst (F1): ${report.worst.map((w) => `${w.db}/${w.record} ${pct(w.f1)}`).join(', ') || '-'}`);
  const lead = report.settings.lead === 'both' ? 'both leads where there are two' : `lead ${report.settings.lead} only`;
  const rate = report.settings.resampleHz ? `, resampled to ${report.settings.resampleHz} Hz` : '';
  parts.push(`${lead}${rate}. ${report.scoring}.`);
  return parts.join('\n\n');
}

/** Default JSON path: bench/results/accuracy-<db>[-<rate>hz][-lead<n>][-from<s>s].json */
export function accuracyResultName(opts: Pick<AccuracyOptions, 'db' | 'lead' | 'resampleHz' | 'fromSeconds'>): string {
  const rate = opts.resampleHz ? `-${opts.resampleHz}hz` : '';
  const from = opts.fromSeconds ? `-from${opts.fromSeconds}s` : '';
  const lead = opts.lead ? `-lead${opts.lead}` : '';
  return `accuracy-${opts.db}${rate}${lead}${from}.json`;
}
