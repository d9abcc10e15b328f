import { detectQrs } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { quantile } from '../lib/quantile.js';
import { listRecords, type Database } from '../lib/records.js';
import { formatTable } from '../lib/table.js';

/**
 * Where the QRS detector's marks sit against the reference beat marks, and how steadily: the
 * offset (detected − reference, ms) of every matched beat (150 ms), and between consecutive
 * matched normal beats the change of that offset, which a steady mark keeps at 0 whatever its
 * offset. That change is what the RR intervals, and HRV's RMSSD and pNN50, take from the marks.
 */

export const MARK_DATABASES = ['mitdb', 'svdb', 'qtdb'] as const;
export type MarkDatabase = (typeof MARK_DATABASES)[number];

/** Reference symbols of beats conducted normally (AAMI N: normal, bundle-branch block, escape). */
const NORMAL = new Set(['N', 'L', 'R', 'e', 'j']);
const VENTRICULAR = new Set(['V', 'E']);
/** A change of the offset between consecutive normal beats above this (ms) is counted apart. */
export const STEP_MS = 15;
/** Records whose step rms (ms) is over this are listed: beyond the reference marks' own scatter and svdb's 7.8-ms sample grid. */
const UNSTEADY_MS = 10;

export interface MarkStats {
  normalOffsetMs: { p10: number | null; median: number | null; p90: number | null };
  ventricularOffsetMs: { p10: number | null; median: number | null; p90: number | null };
  steps: number; // consecutive matched normal pairs
  stepRmsMs: number | null;
  stepsOverPercent: number | null; // share of steps over STEP_MS
}

export interface MarkRecord extends MarkStats {
  db: MarkDatabase;
  record: string;
}

export interface MarksReport {
  records: MarkRecord[];
  databases: (MarkStats & { db: MarkDatabase; records: number })[];
}

interface Offsets {
  normal: number[];
  ventricular: number[];
  steps: number[];
}

/** Offsets (ms) of the detections matched to reference beats, and the steps between consecutive normal ones. */
export function markOffsets(reference: readonly { sample: number; symbol: string }[], detected: ArrayLike<number>, fs: number): Offsets {
  const tol = Math.round(0.15 * fs);
  const out: Offsets = { normal: [], ventricular: [], steps: [] };
  let j = 0;
  let prev = Number.NaN; // offset of the previous reference beat when it was a matched normal beat
  for (const a of reference) {
    while (j < detected.length && detected[j] < a.sample - tol) j++;
    const matched = j < detected.length && Math.abs(detected[j] - a.sample) <= tol;
    const offset = matched ? ((detected[j] - a.sample) * 1000) / fs : Number.NaN;
    if (matched && NORMAL.has(a.symbol)) {
      out.normal.push(offset);
      if (prev === prev) out.steps.push(offset - prev);
      prev = offset;
    } else {
      if (matched && VENTRICULAR.has(a.symbol)) out.ventricular.push(offset);
      prev = Number.NaN;
    }
    if (matched) j++;
  }
  return out;
}

export function markStats(o: Offsets): MarkStats {
  const spread = (v: number[]) => ({ p10: quantile(v, 0.1), median: quantile(v, 0.5), p90: quantile(v, 0.9) });
  const n = o.steps.length;
  return {
    normalOffsetMs: spread(o.normal),
    ventricularOffsetMs: spread(o.ventricular),
    steps: n,
    stepRmsMs: n ? Math.round(100 * Math.sqrt(o.steps.reduce((t, d) => t + d * d, 0) / n)) / 100 : null,
    stepsOverPercent: n ? Math.round((10000 * o.steps.filter((d) => Math.abs(d) > STEP_MS).length) / n) / 100 : null,
  };
}

export function runMarks(opts: { dataDir: string; dbs?: readonly MarkDatabase[]; records?: readonly string[] }): MarksReport {
  const records: MarkRecord[] = [];
  const databases: MarksReport['databases'] = [];
  for (const db of opts.dbs ?? MARK_DATABASES) {
    const all: Offsets = { normal: [], ventricular: [], steps: [] };
    const refs = listRecords(opts.dataDir, db as Database, opts.records);
    for (const ref of refs) {
      const rec = readRecord(ref.path, { channels: [0, 1] });
      const detected = detectQrs(rec.signals.map((s) => Float64Array.from(s)), rec.sampleRate);
      const reference = readAnnotations(`${ref.path}.atr`).filter((a) => isBeatCode(a.code));
      const o = markOffsets(reference, detected, rec.sampleRate);
      records.push({ db, record: ref.name, ...markStats(o) });
      all.normal.push(...o.normal);
      all.ventricular.push(...o.ventricular);
      all.steps.push(...o.steps);
    }
    databases.push({ db, records: refs.length, ...markStats(all) });
  }
  return { records, databases };
}

const f = (x: number | null): string => (x === null ? '-' : x.toFixed(1));

export function formatMarks(r: MarksReport): string {
  const row = (name: string, s: MarkStats) => [
    name,
    `${f(s.normalOffsetMs.median)} (${f(s.normalOffsetMs.p10)}..${f(s.normalOffsetMs.p90)})`,
    `${f(s.ventricularOffsetMs.median)} (${f(s.ventricularOffsetMs.p10)}..${f(s.ventricularOffsetMs.p90)})`,
    String(s.steps),
    f(s.stepRmsMs),
    s.stepsOverPercent === null ? '-' : s.stepsOverPercent.toFixed(2),
  ];
  const head = ['', 'N offset ms median (10..90 %)', 'V offset ms', 'N-N steps', 'step rms ms', `steps > ${STEP_MS} ms %`];
  const unsteady = r.records.filter((x) => (x.stepRmsMs ?? 0) > UNSTEADY_MS).map((x) => `${x.db}/${x.record} ${f(x.stepRmsMs)}`);
  return [
    formatTable(head, r.databases.map((d) => row(`${d.db} (${d.records})`, d))),
    '',
    `records whose step rms is over ${UNSTEADY_MS} ms: ${unsteady.join(', ') || 'none'}`,
    'offset = detected mark - reference mark (both leads, 150 ms match); step = change of the offset between consecutive matched normal beats (N L R e j): 0 for a steady mark.',
  ].join('\n');
}
