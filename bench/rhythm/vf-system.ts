import path from 'node:path';
import { detectQrs, RENAMED_FROM, type Episode } from '@clinic-edge/dsp';
import { readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';
import { streamInRealTime } from './real-time.js';
import { annotatedEpisodes, DEFINITIONS, localRate, referenceSegments, segmentIndex, vfRecords, type Segment } from './vf.js';

/**
 * Shockable rhythms at system level: what the monitor shows, not what one detector thinks. Every
 * vfdb and cudb record goes through the full RhythmAnalyzer (QRS, beat labels, shockable detector,
 * quality, rules, gate; the leads the record has) in real time, and any URGENT flag counts,
 * whatever its type (VFIB, VT from the waveform or from beats, ASYSTOLE, TACHY, ...): during VF
 * the bedside needs an urgent alarm, not the right label.
 * - Per reference shockable episode (VF/VFL, or VT at >= DEFINITIONS.rapidVtBpm; >= 5 s): is an
 *   urgent flag up at some time from its onset to DEFINITIONS.graceSeconds after its end, and how
 *   long after the onset was the first one raised (0 when one was already up)?
 * - Per second of NSR and of other non-shockable rhythm (scored as bench/rhythm/vf.ts scores:
 *   noise and the seconds just after a rhythm change left out): the share with no urgent flag up.
 * Urgent time runs from the event that made a flag urgent (its open or an escalation) to its close.
 */
export const SYSTEM_DATABASES = ['vfdb', 'cudb'] as const;
export type SystemDatabase = (typeof SYSTEM_DATABASES)[number];

/** When an urgent flag was up, in real time (samples). */
export interface UrgentSpan {
  type: Episode['type'];
  from: number; // sample at which it became urgent
  to: number; // sample at which it closed (or was lowered); end of record if never
}

export interface SystemEpisode {
  kind: 'VF' | 'VT'; // VT: rapid only
  onset: number; // s
  duration: number; // s
  found: boolean;
  delay: number | null; // s from onset to the first urgent flag
  flaggedAs: string | null; // type of that flag
}

export interface Share {
  hit: number; // seconds with no urgent flag (NSR, other) or with one (VF, rapid VT, ASYS, slow VT)
  total: number;
  pct: number | null;
}

export interface SystemSeconds {
  nsr: Share; // Sp
  other: Share; // Sp
  /**
   * Sp of other rhythms against the shockable flags only (VFIB, VT): what the AHA's "other
   * non-shockable" goal judges, shock advice. An urgent PAUSE, ASYSTOLE or BRADY flag in an
   * "other" stretch is often right (cudb cu31: 16 reference RR intervals over 3 s, up to 14.6 s,
   * in a rhythm the reference calls neither asystole nor NSR), so `other` counts it and this does not.
   */
  otherShock: Share;
  asys: Share; // flagged share (ASYSTOLE is urgent, rightly)
  slowVt: Share; // flagged share, no goal
  vf: Share; // flagged share
  rapidVt: Share; // flagged share
}

export interface SystemRecord {
  db: SystemDatabase;
  record: string;
  episodes: SystemEpisode[];
  seconds: SystemSeconds;
  /** False urgent seconds (NSR or other) by the type of the flag that was up. */
  falseByType: Record<string, number>;
  alarms: AlarmCount;
}

/**
 * Urgent alarms the doctor got (each time a flag became urgent), and of those the re-alarms: raised
 * while another urgent flag was up, or within RE_ALARM_SECONDS of one going down (one arrest
 * alarming again and again is what makes staff silence a monitor).
 */
export interface AlarmCount {
  raised: number;
  reAlarms: number;
}

export const RE_ALARM_SECONDS = 5;

export interface SystemDbSummary {
  episodes: { scored: number; found: number; within5s: number; medianDelay: number | null; maxDelay: number | null };
  seconds: SystemSeconds;
  falseByType: Record<string, number>;
  alarms: AlarmCount;
}

export interface SystemReport {
  databases: Partial<Record<SystemDatabase, SystemDbSummary>>;
  records: SystemRecord[];
  revision: string | null;
}

/** The reference a record's urgent spans are scored against. */
export interface SystemReference {
  segments: readonly Segment[];
  rateAt: (sample: number) => number; // QRS rate, /min
  fs: number; // Hz
  length: number; // samples
}

export function runVfSystem(opts: { dataDir: string; dbs?: readonly SystemDatabase[]; records?: readonly string[] }): SystemReport {
  const dbs = opts.dbs ?? SYSTEM_DATABASES;
  const records: SystemRecord[] = [];
  for (const db of dbs) {
    for (const name of vfRecords(opts.dataDir, db, opts.records)) records.push({ db, record: name, ...systemRecord(path.join(opts.dataDir, db, name)) });
  }
  if (records.length === 0) throw new CliError(`no records with a .atr in ${dbs.join(', ')} under ${opts.dataDir}`);
  const databases: Partial<Record<SystemDatabase, SystemDbSummary>> = {};
  for (const db of dbs) {
    const mine = records.filter((r) => r.db === db);
    if (mine.length > 0) databases[db] = summarise(mine);
  }
  return { databases, records, revision: sourceRevision() ?? null };
}

function systemRecord(recPath: string): Omit<SystemRecord, 'db' | 'record'> {
  const rec = readRecord(recPath, {});
  const fs = rec.sampleRate;
  const leads = rec.signals.slice(0, 2).map((s) => Float64Array.from(s));
  const length = leads[0].length;
  const segments = referenceSegments(readAnnotations(`${recPath}.atr`), length);
  const beats = detectQrs(leads, fs);
  const spans = urgentSpans(leads, fs);
  return scoreSystem({ segments, rateAt: (at) => localRate(beats, at, fs), fs, length }, spans);
}

/** Runs the full analyzer in real-time chunks and records when each flag was urgent. */
export function urgentSpans(leads: readonly Float64Array[], fs: number): UrgentSpan[] {
  const spans = new SpanRecorder();
  streamInRealTime(leads, fs, (ep, event, now) => spans.event(ep, event, now));
  return spans.finish(leads[0].length);
}

/** Turns the analyzer's episode events into urgent spans: urgent from the open or escalation, to the close or a lowering. */
export class SpanRecorder {
  private readonly spans: UrgentSpan[] = [];
  private readonly up = new Map<string, UrgentSpan>(); // by type and start: the gate sends the same episode again to escalate or rename it

  event(ep: Readonly<Episode>, event: 'open' | 'close', now: number): void {
    const key = `${ep.type}@${ep.start}`;
    // a flag renamed in place (a waveform VT turned to VF, hysteresis.ts; a pause long enough to be
    // asystole, pause.ts) is the same flag
    const from = RENAMED_FROM[ep.type];
    const before = from !== undefined && !this.up.has(key) ? `${from}@${ep.start}` : undefined;
    const renamed = before !== undefined ? this.up.get(before) : undefined;
    if (before !== undefined && renamed) {
      this.up.delete(before);
      this.up.set(key, renamed);
    }
    const span = this.up.get(key);
    if (span && (event === 'close' || ep.severity !== 'urgent')) {
      span.to = now;
      this.up.delete(key);
    } else if (!span && event === 'open' && ep.severity === 'urgent') {
      const s: UrgentSpan = { type: ep.type, from: now, to: Number.POSITIVE_INFINITY };
      this.spans.push(s);
      this.up.set(key, s);
    }
  }

  /** The spans, those still up closed at `end` samples. */
  finish(end: number): UrgentSpan[] {
    return this.spans.map((s) => ({ ...s, to: Math.min(s.to, end) }));
  }
}

/** Scores one record's urgent spans against its reference rhythm (see the header). */
export function scoreSystem(ref: SystemReference, spans: readonly UrgentSpan[]): Omit<SystemRecord, 'db' | 'record'> {
  const { segments, rateAt, fs, length } = ref;
  const grace = DEFINITIONS.graceSeconds * fs;
  const changes = segments.slice(1).map((s) => s.start);
  const inGrace = (at: number): boolean => changes.some((c) => c <= at && at - c < grace);
  const byOnset = [...spans].sort((a, b) => a.from - b.from);
  const upAt = (at: number): UrgentSpan | undefined => byOnset.find((s) => s.from <= at && at < s.to);
  const shockUpAt = (at: number): boolean => byOnset.some((s) => SHOCK_TYPES.has(s.type) && s.from <= at && at < s.to);
  const seconds = emptySeconds();
  const falseByType: Record<string, number> = {};
  for (let s = 0; (s + 1) * fs <= length; s++) {
    const mid = Math.floor((s + 0.5) * fs);
    const seg = segments[segmentIndex(segments, mid)];
    if (seg.noise || inGrace(mid)) continue;
    const flag = upAt(mid);
    if (seg.cls === 'NSR' || seg.cls === 'OTHER') {
      count(seg.cls === 'NSR' ? seconds.nsr : seconds.other, flag === undefined);
      if (seg.cls === 'OTHER') count(seconds.otherShock, !shockUpAt(mid));
      if (flag) falseByType[flag.type] = (falseByType[flag.type] ?? 0) + 1;
    } else if (seg.cls === 'VT') {
      count(rateAt(mid) >= DEFINITIONS.rapidVtBpm ? seconds.rapidVt : seconds.slowVt, flag !== undefined);
    } else {
      count(seg.cls === 'VF' ? seconds.vf : seconds.asys, flag !== undefined);
    }
  }
  for (const r of Object.values(seconds)) finish(r);
  const episodes = annotatedEpisodes(segments, fs)
    .filter((e) => e.end - e.start >= DEFINITIONS.minEpisodeSeconds * fs)
    .filter((e) => e.kind === 'VF' || rateAt(Math.floor((e.start + e.end) / 2)) >= DEFINITIONS.rapidVtBpm)
    .map((e): SystemEpisode => {
      const hit = byOnset.find((s) => s.from < e.end + grace && s.to > e.start);
      const delay = hit ? Math.max(0, hit.from - e.start) / fs : null;
      return { kind: e.kind, onset: round(e.start / fs), duration: round((e.end - e.start) / fs), found: hit !== undefined, delay: delay === null ? null : round(delay), flaggedAs: hit?.type ?? null };
    });
  return { episodes, seconds, falseByType, alarms: countAlarms(spans, RE_ALARM_SECONDS * fs) };
}

/** Urgent alarms raised, and how many came while another was up or within `gap` samples of one going down. */
export function countAlarms(spans: readonly UrgentSpan[], gap: number): AlarmCount {
  const byStart = [...spans].sort((a, b) => a.from - b.from);
  let reAlarms = 0;
  let lastDown = Number.NEGATIVE_INFINITY; // latest end among the alarms raised so far
  for (const s of byStart) {
    if (s.from <= lastDown + gap) reAlarms++;
    lastDown = Math.max(lastDown, s.to);
  }
  return { raised: spans.length, reAlarms };
}

function summarise(records: readonly SystemRecord[]): SystemDbSummary {
  const episodes = records.flatMap((r) => r.episodes);
  const delays = episodes.flatMap((e) => (e.delay === null ? [] : [e.delay])).sort((a, b) => a - b);
  const seconds = emptySeconds();
  const falseByType: Record<string, number> = {};
  const alarms: AlarmCount = { raised: 0, reAlarms: 0 };
  for (const r of records) {
    alarms.raised += r.alarms.raised;
    alarms.reAlarms += r.alarms.reAlarms;
    for (const k of Object.keys(seconds) as (keyof SystemSeconds)[]) {
      seconds[k].hit += r.seconds[k].hit;
      seconds[k].total += r.seconds[k].total;
    }
    for (const [t, c] of Object.entries(r.falseByType)) falseByType[t] = (falseByType[t] ?? 0) + c;
  }
  for (const r of Object.values(seconds)) finish(r);
  return {
    episodes: {
      scored: episodes.length,
      found: delays.length,
      within5s: delays.filter((d) => d <= 5).length,
      medianDelay: delays.length > 0 ? delays[(delays.length - 1) >> 1] : null,
      maxDelay: delays.length > 0 ? delays[delays.length - 1] : null,
    },
    seconds,
    falseByType,
    alarms,
  };
}

const share = (): Share => ({ hit: 0, total: 0, pct: null });
const emptySeconds = (): SystemSeconds => ({ nsr: share(), other: share(), otherShock: share(), asys: share(), slowVt: share(), vf: share(), rapidVt: share() });

/** The flags that stand for shock advice. */
const SHOCK_TYPES: ReadonlySet<Episode['type']> = new Set(['VFIB', 'VT']);
const round = (x: number): number => Math.round(x * 10) / 10;

function count(r: Share, hit: boolean): void {
  r.total++;
  if (hit) r.hit++;
}

function finish(r: Share): void {
  r.pct = r.total > 0 ? Math.round((10000 * r.hit) / r.total) / 100 : null;
}

/** Per database: episodes found by an urgent flag, delays, urgent-free NSR and other seconds; then the misses. */
export function formatVfSystem(report: SystemReport): string {
  const rate = (r: Share): string => (r.total === 0 ? '-' : `${pct(r.pct)} (${r.total})`);
  const head = ['', 'episodes', 'urgent', '≤ 5 s', 'median delay s', 'max delay s', 'NSR Sp', 'other Sp', 'other Sp, VFIB/VT flags', 'VF s flagged', 'rapid VT s flagged', 'false s by type', 'urgent alarms (re-alarms)'];
  const rows = Object.entries(report.databases).map(([db, s]) => {
    const e = s.episodes;
    const byType = Object.entries(s.falseByType).map(([t, c]) => `${t} ${c}`).join(', ') || '-';
    return [db, `${e.scored}`, `${e.found}`, `${e.within5s}`, e.medianDelay?.toFixed(1) ?? '-', e.maxDelay?.toFixed(1) ?? '-', rate(s.seconds.nsr), rate(s.seconds.other), rate(s.seconds.otherShock), rate(s.seconds.vf), rate(s.seconds.rapidVt), byType, `${s.alarms.raised} (${s.alarms.reAlarms})`];
  });
  const worst = report.records
    .filter((r) => (r.seconds.nsr.pct ?? 100) < 99 || (r.seconds.other.pct ?? 100) < 95)
    .map((r) => `${r.db}/${r.record} NSR ${pct(r.seconds.nsr.pct)} other ${pct(r.seconds.other.pct)} (${Object.entries(r.falseByType).map(([t, c]) => `${t} ${c}`).join(', ')})`);
  const missed = report.records.flatMap((r) =>
    r.episodes.filter((e) => !e.found || (e.delay ?? 0) > 5).map((e) => `${r.db}/${r.record} ${e.kind}@${e.onset}s ${e.duration}s: ${e.found ? `late ${e.delay}s (${e.flaggedAs})` : 'missed'}`),
  );
  return [
    'Full analyzer, any URGENT flag: reference VF/VFL and rapid VT episodes ≥ 5 s found, and seconds of NSR / other rhythm with no urgent flag up (%)',
    formatTable(head, rows),
    `records below NSR 99 / other 95: ${worst.join('; ') || '-'}`,
    `missed or late (> 5 s) episodes: ${missed.join('; ') || '-'}`,
  ].join('\n\n');
}
