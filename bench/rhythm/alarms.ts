import { analyzeRecord, DEFAULT_EPISODE_RULES, type Episode, type EpisodeRules } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { listRecords, type Database } from '../lib/records.js';
import { formatTable } from '../lib/table.js';
import { PACED, QTDB_PACED } from './vbeats.js';

/**
 * Alarm load on records with reference beats: how many urgent and warning flags the full analyzer
 * raises per hour of monitoring, and whether each is borne out by the reference beats and rhythm
 * labels. svdb and qtdb were not used to fit any alarm rule, so their flags show how the rules carry
 * over to other patients and other recorders (128 and 250 Hz). (Not the premature-beat burden of
 * the summary: that is rhythm/episodes/burden.ts.)
 */

export const ALARM_DATABASES = ['mitdb', 'svdb', 'qtdb'] as const satisfies readonly Database[];
export type AlarmDatabase = (typeof ALARM_DATABASES)[number];

/** Reference beat symbols of ventricular origin (AAMI V: V, E; fusion F counts too). */
const VENTRICULAR = new Set(['V', 'E', 'F']);
const VENTRICULAR_RHYTHMS = ['(VT', '(VFL', '(VF', '(VFIB'];
const ATRIAL_FIBRILLATION = ['(AFIB', '(AFL'];
/** How far either side of a flag the reference may back it, s: the matching window of EC57's beat scoring. */
const SLACK_S = 0.15;
/** Consecutive ventricular reference beats that make a run (VT by the 2006 ACC/AHA/ESC definition). */
const VRUN_BEATS = 3;

export interface ReferenceBeat {
  sample: number;
  symbol: string;
}

export interface Reference {
  beats: readonly ReferenceBeat[];
  /** Rhythm labels in order; empty when the record has none (svdb, qtdb), and AFIB is then not judged. */
  rhythms: readonly { sample: number; rhythm: string }[];
  fs: number; // Hz
}

export interface Flag {
  type: string;
  severity: 'urgent' | 'warning';
  start: number; // sample
  end: number; // sample
}

/**
 * Whether the reference backs a flag over [start, end] (samples, give or take SLACK_S), by what
 * the flag claims at its severity: a PAUSE or ASYSTOLE a reference RR of at least the pause limit;
 * a TACHY or BRADY a reference rate (median of the rules' `medianOf` intervals, as the box computes
 * it) beyond the limit at some beat; a VT, VFIB or VRUN VRUN_BEATS consecutive ventricular beats or
 * a ventricular rhythm label; BIGEMINY the rules' count of N-V cycles in a row; AFIB an atrial
 * fibrillation or flutter label. Null where the reference cannot judge (no rhythm labels for AFIB;
 * lead-off and noise, which are about the signal).
 */
export function flagBacked(f: Readonly<Flag>, ref: Reference, rules: Readonly<EpisodeRules> = DEFAULT_EPISODE_RULES): boolean | null {
  const slack = Math.round(SLACK_S * ref.fs);
  const span = { from: f.start - slack, to: f.end + slack };
  const urgent = f.severity === 'urgent';
  switch (f.type) {
    case 'PAUSE':
    case 'ASYSTOLE':
      return longestRr(ref, span) >= (urgent ? rules.pause.urgentS : rules.pause.warningS) - SLACK_S;
    case 'TACHY':
      return rateBeyond(ref, span, rules.rate.medianOf, (bpm) => bpm > (urgent ? rules.rate.tachyUrgentBpm : rules.rate.tachyWarningBpm));
    case 'BRADY':
      return rateBeyond(ref, span, rules.rate.medianOf, (bpm) => bpm < (urgent ? rules.rate.bradyUrgentBpm : rules.rate.bradyWarningBpm));
    case 'VT':
    case 'VFIB':
    case 'VRUN':
      return labelled(ref, span, VENTRICULAR_RHYTHMS) || longestVRun(ref, span) >= VRUN_BEATS;
    case 'BIGEMINY':
      return bigeminyCycles(ref, span) >= rules.ventricular.bigeminyCycles;
    case 'AFIB':
      return ref.rhythms.length > 0 ? labelled(ref, span, ATRIAL_FIBRILLATION) : null;
    default:
      return null;
  }
}

interface Span {
  from: number; // sample
  to: number; // sample
}

/** Longest reference RR, s, that overlaps the span. */
function longestRr(ref: Reference, span: Span): number {
  let longest = 0;
  for (let i = 1; i < ref.beats.length; i++) {
    if (ref.beats[i].sample < span.from || ref.beats[i - 1].sample > span.to) continue;
    longest = Math.max(longest, (ref.beats[i].sample - ref.beats[i - 1].sample) / ref.fs);
  }
  return longest;
}

/** Whether the reference rate at some beat in the span, median of the last `n` RR, passes `beyond`. */
function rateBeyond(ref: Reference, span: Span, n: number, beyond: (bpm: number) => boolean): boolean {
  const rr: number[] = [];
  for (let i = n; i < ref.beats.length; i++) {
    if (ref.beats[i].sample < span.from || ref.beats[i].sample > span.to) continue;
    rr.length = 0;
    for (let k = i - n + 1; k <= i; k++) rr.push((ref.beats[k].sample - ref.beats[k - 1].sample) / ref.fs);
    rr.sort((a, b) => a - b);
    if (beyond(60 / rr[(n - 1) >> 1])) return true;
  }
  return false;
}

/** Whether one of `rhythms` holds at some point of the span. */
function labelled(ref: Reference, span: Span, rhythms: readonly string[]): boolean {
  return ref.rhythms.some((r, i) => rhythms.includes(r.rhythm) && r.sample <= span.to && (ref.rhythms[i + 1]?.sample ?? Infinity) >= span.from);
}

function longestVRun(ref: Reference, span: Span): number {
  let run = 0;
  let longest = 0;
  for (const b of ref.beats) {
    if (b.sample < span.from || b.sample > span.to) continue;
    run = VENTRICULAR.has(b.symbol) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Most N-V cycles in a row in the span: each V preceded by exactly one other beat. */
function bigeminyCycles(ref: Reference, span: Span): number {
  let cycles = 0;
  let most = 0;
  let prev = ''; // symbol class of the previous beat: 'V', 'o' (other) or '' (none yet)
  let prev2 = '';
  for (const b of ref.beats) {
    if (b.sample < span.from || b.sample > span.to) continue;
    const c = VENTRICULAR.has(b.symbol) ? 'V' : 'o';
    if (c === 'V') cycles = prev === 'o' ? (prev2 === 'V' ? cycles + 1 : 1) : 0;
    else if (prev === 'o') cycles = 0;
    most = Math.max(most, cycles);
    prev2 = prev;
    prev = c;
  }
  return most;
}

export interface RaisedFlag {
  record: string;
  type: string;
  severity: 'urgent' | 'warning';
  start: number; // s
  seconds: number; // duration, s
  backed: boolean | null;
}

export interface AlarmDb {
  db: AlarmDatabase;
  /**
   * The paced records (mitdb 102, 104, 107, 217; qtdb sel102, sel104) apart, analysed as a clinician
   * would set the box up for them (pacedPatient, episodes/config.ts): without pacing-spike detection
   * the box takes paced complexes for ventricular ones, so their flags say how the box treats a
   * paced patient, not how often it is right about ectopy.
   */
  paced: boolean;
  records: number;
  hours: number;
  /** Every urgent and warning flag (the severity it ended with), in record order. */
  flags: RaisedFlag[];
}

export interface AlarmReport {
  databases: AlarmDb[];
}

/** Reads a record's reference beats and rhythm labels. */
export function readReference(recordPath: string, fs: number): Reference {
  const ann = readAnnotations(`${recordPath}.atr`);
  return {
    beats: ann.filter((a) => isBeatCode(a.code)).map((a) => ({ sample: a.sample, symbol: a.mnemonic })),
    rhythms: ann.filter((a) => a.aux?.startsWith('(')).map((a) => ({ sample: a.sample, rhythm: (a.aux ?? '').replace(/\0/g, '') })),
    fs,
  };
}

/** Runs the full analyzer (first two leads) over each record of each database and judges its flags. */
export function runAlarmLoad(opts: { dataDir: string; dbs?: readonly AlarmDatabase[]; records?: readonly string[] }): AlarmReport {
  const databases: AlarmDb[] = [];
  for (const db of opts.dbs ?? ALARM_DATABASES) {
    const refs = listRecords(opts.dataDir, db, opts.records);
    const isPaced = (name: string): boolean => (db === 'mitdb' ? PACED : db === 'qtdb' ? QTDB_PACED : new Set<string>()).has(name);
    for (const paced of [false, true]) {
      const mine = refs.filter((r) => isPaced(r.name) === paced);
      if (mine.length > 0) databases.push(analyseRecords(db, paced, mine));
    }
  }
  return { databases };
}

/** The full analyzer's flags on some records of one database, judged against their references. */
function analyseRecords(db: AlarmDatabase, paced: boolean, refs: readonly { name: string; path: string }[]): AlarmDb {
  const out: AlarmDb = { db, paced, records: 0, hours: 0, flags: [] };
  for (const ref of refs) {
    const rec = readRecord(ref.path, { channels: [0, 1] });
    const fs = rec.sampleRate;
    const n = rec.signals[0].length;
    const r = analyzeRecord(rec.signals.map((s) => Float64Array.from(s)), { sampleRate: fs, rules: paced ? { ventricular: { pacedPatient: true } } : undefined });
    const reference = readReference(ref.path, fs);
    out.records++;
    out.hours += n / fs / 3600;
    for (const e of r.episodes) if (e.severity !== 'info') out.flags.push(judged(e, e.severity, n, ref.name, reference));
  }
  out.hours = Math.round(out.hours * 100) / 100;
  return out;
}

function judged(e: Readonly<Episode>, severity: 'urgent' | 'warning', n: number, record: string, reference: Reference): RaisedFlag {
  const end = e.end ?? n - 1;
  const fs = reference.fs;
  const backed = flagBacked({ type: e.type, severity, start: e.start, end }, reference);
  return { record, type: e.type, severity, start: Math.round((10 * e.start) / fs) / 10, seconds: Math.round((10 * (end - e.start)) / fs) / 10, backed };
}

/** "backed of judged" over some flags. */
function backedOf(flags: readonly RaisedFlag[]): string {
  const judgedFlags = flags.filter((f) => f.backed !== null);
  return judgedFlags.length ? `${judgedFlags.filter((f) => f.backed).length} of ${judgedFlags.length}` : '-';
}

/** Count per hour, one decimal. */
const perHour = (count: number, hours: number): string => (hours > 0 ? (count / hours).toFixed(1) : '-');

export function formatAlarmLoad(report: AlarmReport): string {
  const types = [...new Set(report.databases.flatMap((d) => d.flags.map((f) => f.type)))].sort();
  const head = ['', 'records', 'hours', 'urgent', 'backed', 'warnings / h', 'backed', ...types.map((t) => `${t} w / h (backed)`)];
  const rows = report.databases.map((d) => {
    const urgent = d.flags.filter((f) => f.severity === 'urgent');
    const warnings = d.flags.filter((f) => f.severity === 'warning');
    const byType = types.map((t) => {
      const w = warnings.filter((f) => f.type === t);
      return w.length ? `${perHour(w.length, d.hours)} (${backedOf(w)})` : '-';
    });
    return [d.paced ? `${d.db} paced` : d.db, `${d.records}`, d.hours.toFixed(1), `${urgent.length}`, backedOf(urgent), perHour(warnings.length, d.hours), backedOf(warnings), ...byType];
  });
  const urgent = report.databases.flatMap((d) => d.flags.filter((f) => f.severity === 'urgent').map((f) => `${d.db}/${f.record} ${f.type}@${f.start}s ${f.seconds}s${f.backed === false ? ' NOT BACKED' : f.backed === null ? ' (not judged)' : ''}`));
  return [
    formatTable(head, rows),
    `urgent flags: ${urgent.length ? urgent.join('; ') : 'none'}`,
    `backed: judged / backed by the reference at the flag's severity, within ${SLACK_S} s of it: a PAUSE/ASYSTOLE by a reference RR over the pause limit (less ${SLACK_S} s), a TACHY/BRADY by a reference rate beyond the limit, a VT/VFIB/VRUN by ${VRUN_BEATS} consecutive reference V/E/F beats or a VT/VF label, a BIGEMINY by the rule's N-V cycles, an AFIB by an AFIB/AFL label (not judged without rhythm labels: svdb, qtdb). "w / h": warnings per hour of recording.`,
  ].join('\n\n');
}
