import path from 'node:path';
import {
  applyFilter,
  BiquadCascade,
  butterworthBandpass,
  detectQrs,
  resample,
  ShockableDetector,
  type SampleArray,
  type ShockableModel,
  type ShockDecision,
} from '@clinic-edge/dsp';
import { readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';
import {
  annotatedEpisodes,
  DEFINITIONS,
  localRate,
  referenceSegments,
  segmentIndex,
  VF_DATABASES,
  vfRecords,
  type AnnotatedEpisode,
  type RhythmClass,
  type Segment,
  type VfDatabase,
} from './vf/reference.js';

export { annotatedEpisodes, DEFINITIONS, localRate, referenceSegments, segmentIndex, VF_DATABASES, vfRecords };
export type { AnnotatedEpisode, RhythmClass, Segment, VfDatabase };

/**
 * Shockable-rhythm benchmark (issue 3 §6): runs ShockableDetector over vfdb and cudb (scored
 * per second and per episode against the rhythm annotations) and over mitdb and nstdb 118e*
 * (false VFIB/VT seconds; only mitdb 207's ventricular flutter is shockable there).
 */



export const SCORING_NOTE =
  `per second: class at the second's midpoint; seconds within ${DEFINITIONS.graceSeconds} s after an annotated rhythm change ` +
  `and noise ('(NOISE', '~') are not scored; a second counts as flagged when a VFIB or VT alarm of the tier is raised at its midpoint ` +
  `(urgent: between its escalation and close events; any tier: between open and close, in real time). VF = (VF, (VFIB, (VFL, [..]; coarse VF ≥ ${DEFINITIONS.coarseVfMv} mV p-p; ` +
  `rapid VT = (VT at ≥ ${DEFINITIONS.rapidVtBpm}/min; NSR = (N, (NSR; ASYS = (ASYS; other = the rest (cudb outside [..] and (VT).`;

export interface VfOptions {
  dataDir: string;
  dbs?: readonly VfDatabase[]; // default all four
  records?: readonly string[];
  /** Window model weights for the detector (default: the shipped MODEL); per record for leave-one-out runs. */
  model?: Readonly<ShockableModel> | ((rec: { db: VfDatabase; record: string }) => Readonly<ShockableModel>);
  /** Window probability threshold of the detector (default its DEFAULT_THRESHOLD): the warning tier. */
  threshold?: number;
  /** Window probability of the detector's urgent tier (default its DEFAULT_URGENT_THRESHOLD). */
  urgentThreshold?: number;
  /** The detector keeps an escalated episode urgent until it closes (default: lowered below the tier). */
  latchUrgent?: boolean;
  /** Window probability from which one window alone raises an urgent flag (default the detector's DEFAULT_SURE_THRESHOLD; 1: never). */
  sureThreshold?: number;
  /** Time between decisions, s (default the detector's HOP_SECONDS). */
  hopSeconds?: number;
  /** The detector counts its hysteresis on every decision, not on whole seconds only. */
  countEveryDecision?: boolean;
  /**
   * Resample every record to this rate, Hz, before the detector sees it (annotations follow), to
   * check that the detector judges a device's 125 or 500 Hz like the recorders' 250 Hz.
   */
  resampleHz?: number;
  /** Mains hum added to every lead (after any resampling): a sine of `mv` mV peak at `hz`, a different phase per lead. */
  hum?: { hz: number; mv: number };
  /** Sees every decision of every record with the reference class at the window's end (tuning). */
  onDecision?: (
    rec: { db: VfDatabase; record: string },
    d: Readonly<ShockDecision>,
    truth: { cls: RhythmClass; noise: boolean; scored: boolean; rateBpm: number },
  ) => void;
}

export interface SecondCounts {
  vf: Rate; // Se: VF seconds flagged
  coarseVf: Rate;
  rapidVt: Rate;
  slowVt: Rate; // VT below the rapid rate: intermediate rhythm, no goal
  nsr: Rate; // Sp: NSR seconds not flagged
  other: Rate;
  asys: Rate;
}

export interface Rate {
  hit: number; // flagged (Se) or not flagged (Sp)
  total: number;
  pct: number | null;
}

export interface EpisodeResult {
  kind: 'VF' | 'VT';
  onset: number; // s
  duration: number; // s
  rapid: boolean | null; // VT only
  detected: boolean;
  delay: number | null; // s from annotated onset to the open event (0 when an alarm was already open)
  flaggedAs: string | null; // 'VFIB' | 'VT' of the first alarm
}

/** The scores of one alarm tier of one record. */
export interface TierResult {
  seconds: SecondCounts;
  falseAlarmSeconds: number; // flagged seconds whose class is neither VF nor VT
  falseEpisodes: number; // alarms overlapping no annotated VF/VT (+grace)
  episodes: EpisodeResult[];
}

/**
 * The top-level figures are the URGENT tier's (the AHA goals are quoted for it: a flag counts from
 * its escalation to its close); `anyTier` scores every flag, warning or urgent, from its open.
 */
export interface VfRecordResult extends TierResult {
  db: VfDatabase;
  record: string;
  anyTier: TierResult;
}

export interface TierSummary {
  seconds: SecondCounts;
  falseAlarmSeconds: number;
  falseEpisodes: number;
  episodes: { vf: EpisodeStats; vt: EpisodeStats; rapidVt: EpisodeStats };
}

export interface VfDbSummary extends TierSummary {
  anyTier: TierSummary;
}

export interface EpisodeStats {
  scored: number; // episodes ≥ minEpisodeSeconds
  detected: number;
  within5s: number;
  se: number | null;
  medianDelay: number | null; // s
  maxDelay: number | null; // s
}

export interface VfReport {
  databases: Partial<Record<VfDatabase, VfDbSummary>>;
  records: VfRecordResult[];
  definitions: typeof DEFINITIONS;
  scoring: string;
  revision: string | null;
}

/** Records of `db` under dataDir that have a .atr (nstdb: the 118e* records only). */

export function runVf(opts: VfOptions): VfReport {
  const dbs = opts.dbs ?? VF_DATABASES;
  const records: VfRecordResult[] = [];
  for (const db of dbs) for (const name of vfRecords(opts.dataDir, db, opts.records)) records.push(scoreRecord(opts, db, name));
  if (records.length === 0) throw new CliError(`no records with a .atr in ${dbs.join(', ')} under ${opts.dataDir}`);
  const databases: Partial<Record<VfDatabase, VfDbSummary>> = {};
  for (const db of dbs) {
    const mine = records.filter((r) => r.db === db);
    if (mine.length > 0) databases[db] = summarise(mine);
  }
  return { databases, records, definitions: DEFINITIONS, scoring: SCORING_NOTE, revision: sourceRevision() ?? null };
}


interface Alarm {
  type: string; // 'VFIB' | 'VT'
  open: number; // sample of the open event (real time)
  close: number; // sample of the close event; end of record if never closed
}

interface TieredAlarm extends Alarm {
  /** When it was urgent: from an open or escalation to a lowering or the close (samples, real time). */
  urgent: { from: number; to: number }[];
}

/** The alarms of one tier: each urgent stretch of an alarm, or every alarm from its open. */
function tierAlarms(alarms: readonly TieredAlarm[], tier: 'urgent' | 'any'): Alarm[] {
  if (tier === 'any') return alarms.map(({ type, open, close }) => ({ type, open, close }));
  return alarms.flatMap((a) => a.urgent.map((u) => ({ type: a.type, open: u.from, close: Math.min(u.to, a.close) })));
}

/** Runs the detector in real time order and records when each alarm was raised and cleared. */
function runAlarms(
  leads: readonly SampleArray[],
  fs: number,
  model: Readonly<ShockableModel> | undefined,
  thresholds: { threshold?: number; urgentThreshold?: number; latchUrgent?: boolean; sureThreshold?: number; hopSeconds?: number; countEveryDecision?: boolean },
  observe: (d: Readonly<ShockDecision>) => void,
): TieredAlarm[] {
  const alarms: TieredAlarm[] = [];
  let now = 0;
  const { threshold, urgentThreshold, latchUrgent, sureThreshold, hopSeconds, countEveryDecision } = thresholds;
  const options = { sampleRate: fs, leads: leads.length >= 2 ? 2 : 1, model, threshold, urgentThreshold, latchUrgent, sureThreshold, hopSeconds, countEveryDecision } as const;
  const detector = new ShockableDetector(options, (e, event) => {
    let last = alarms[alarms.length - 1];
    const reopened = event === 'open' && last?.close === Number.POSITIVE_INFINITY; // escalation or lowering of the open alarm
    if (event === 'open' && !reopened) alarms.push((last = { type: e.type, open: now, close: Number.POSITIVE_INFINITY, urgent: [] }));
    const stretch = last.urgent[last.urgent.length - 1];
    const urgentNow = stretch !== undefined && stretch.to === Number.POSITIVE_INFINITY;
    if (event === 'close') last.close = now;
    if (urgentNow && (event === 'close' || e.severity !== 'urgent')) stretch.to = now;
    else if (!urgentNow && event === 'open' && e.severity === 'urgent') last.urgent.push({ from: now, to: Number.POSITIVE_INFINITY });
  }, (d) => {
    now = d.sample; // events are raised by the decision just observed
    observe(d);
  });
  detector.push(leads[0], leads.length >= 2 ? leads[1] : undefined);
  detector.flush();
  const n = leads[0].length;
  for (const a of alarms) a.close = Math.min(a.close, n);
  return alarms;
}

function scoreRecord(opts: VfOptions, db: VfDatabase, name: string): VfRecordResult {
  const recPath = path.join(opts.dataDir, db, name);
  const rec = readRecord(recPath, {});
  const to = opts.resampleHz ?? rec.sampleRate;
  const fs = to;
  const leads = rec.signals.slice(0, 2).map((x, l) => withHum(to === rec.sampleRate ? x : resample(x, rec.sampleRate, to), to, l, opts.hum));
  const n = leads[0].length;
  const annotations = readAnnotations(`${recPath}.atr`).map((a) => (to === rec.sampleRate ? a : { ...a, sample: Math.round((a.sample * to) / rec.sampleRate) }));
  const segments = referenceSegments(annotations, n);
  const changes = segments.slice(1).map((s) => s.start);
  const grace = DEFINITIONS.graceSeconds * fs;
  const segAt = (sample: number): Segment => segments[segmentIndex(segments, sample)];
  const inGrace = (sample: number): boolean => changes.some((c) => c <= sample && sample - c < grace);

  const beats = detectQrs(leads, fs);
  const model = typeof opts.model === 'function' ? opts.model({ db, record: name }) : opts.model;
  const alarms = runAlarms(leads, fs, model, opts, (d) => {
    if (!opts.onDecision) return;
    const at = d.sample - 1;
    const seg = segAt(at);
    opts.onDecision({ db, record: name }, d, { cls: seg.cls, noise: seg.noise, scored: !inGrace(at), rateBpm: localRate(beats, at, fs) });
  });
  const ref: RecordReference = { segments, segAt, inGrace, beats, p2p: secondP2p(leads, fs), fs, n };
  const anyTier = scoreTier(ref, tierAlarms(alarms, 'any'));
  return { db, record: name, ...scoreTier(ref, tierAlarms(alarms, 'urgent')), anyTier };
}

/** `x` plus opts.hum on lead `lead` (a copy), or `x` itself without hum. */
function withHum(x: SampleArray, fs: number, lead: number, hum: VfOptions['hum']): SampleArray {
  if (!hum) return x;
  const w = (2 * Math.PI * hum.hz) / fs;
  return Float64Array.from(x, (v, i) => v + hum.mv * Math.sin(w * i + lead));
}

/** What one record's alarms are scored against. */
interface RecordReference {
  segments: readonly Segment[];
  segAt: (sample: number) => Segment;
  inGrace: (sample: number) => boolean;
  beats: Int32Array;
  p2p: Float64Array; // per second, mV
  fs: number; // Hz
  n: number; // samples
}

function scoreTier(ref: RecordReference, alarms: readonly Alarm[]): TierResult {
  const { segments, segAt, inGrace, beats, p2p, fs, n } = ref;
  const grace = DEFINITIONS.graceSeconds * fs;
  const seconds = emptyCounts();
  let falseAlarmSeconds = 0;
  for (let s = 0; (s + 1) * fs <= n; s++) {
    const mid = Math.floor((s + 0.5) * fs);
    const seg = segAt(mid);
    if (seg.noise || inGrace(mid)) continue;
    const flagged = alarms.some((a) => a.open <= mid && mid < a.close);
    if (seg.cls === 'VF') {
      count(seconds.vf, flagged);
      if (p2p[s] >= DEFINITIONS.coarseVfMv) count(seconds.coarseVf, flagged);
    } else if (seg.cls === 'VT') {
      count(localRate(beats, mid, fs) >= DEFINITIONS.rapidVtBpm ? seconds.rapidVt : seconds.slowVt, flagged);
    } else {
      if (flagged) falseAlarmSeconds++;
      count(seg.cls === 'NSR' ? seconds.nsr : seg.cls === 'ASYS' ? seconds.asys : seconds.other, !flagged);
    }
  }
  finishCounts(seconds);
  const episodes = annotatedEpisodes(segments, fs).map((e) => scoreEpisode(e, alarms, beats, fs));
  const falseEpisodes = alarms.filter((a) => !segments.some((g) => (g.cls === 'VF' || g.cls === 'VT') && g.start < a.close && a.open < g.end + grace)).length;
  return { seconds, falseAlarmSeconds, falseEpisodes, episodes };
}


/** Largest peak-to-peak amplitude over the leads of each whole second, 1-30 Hz band, mV. */
function secondP2p(leads: readonly SampleArray[], fs: number): Float64Array {
  const seconds = Math.floor(leads[0].length / fs);
  const out = new Float64Array(seconds);
  for (const lead of leads) {
    const y = applyFilter(new BiquadCascade(butterworthBandpass(2, 1, 30, fs)), lead);
    for (let s = 0; s < seconds; s++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = Math.floor(s * fs); i < Math.floor((s + 1) * fs); i++) {
        if (y[i] < lo) lo = y[i];
        if (y[i] > hi) hi = y[i];
      }
      out[s] = Math.max(out[s], hi - lo);
    }
  }
  return out;
}


function scoreEpisode(e: AnnotatedEpisode, alarms: readonly Alarm[], beats: Int32Array, fs: number): EpisodeResult {
  const grace = DEFINITIONS.graceSeconds * fs;
  const hit = alarms.find((a) => a.open < e.end + grace && a.close > e.start);
  const delay = hit ? Math.max(0, hit.open - e.start) / fs : null;
  let rapid: boolean | null = null;
  if (e.kind === 'VT') rapid = localRate(beats, Math.floor((e.start + e.end) / 2), fs) >= DEFINITIONS.rapidVtBpm;
  return {
    kind: e.kind,
    onset: round(e.start / fs),
    duration: round((e.end - e.start) / fs),
    rapid,
    detected: hit !== undefined,
    delay: delay === null ? null : round(delay),
    flaggedAs: hit?.type ?? null,
  };
}

const round = (x: number): number => Math.round(x * 10) / 10;

function emptyCounts(): SecondCounts {
  const r = (): Rate => ({ hit: 0, total: 0, pct: null });
  return { vf: r(), coarseVf: r(), rapidVt: r(), slowVt: r(), nsr: r(), other: r(), asys: r() };
}

function count(rate: Rate, hit: boolean): void {
  rate.total++;
  if (hit) rate.hit++;
}

function finishCounts(c: SecondCounts): void {
  for (const r of Object.values(c) as Rate[]) r.pct = r.total > 0 ? Math.round((10000 * r.hit) / r.total) / 100 : null;
}

function summarise(records: readonly VfRecordResult[]): VfDbSummary {
  return { ...summariseTier(records), anyTier: summariseTier(records.map((r) => r.anyTier)) };
}

function summariseTier(records: readonly TierResult[]): TierSummary {
  const seconds = emptyCounts();
  for (const r of records) {
    for (const k of Object.keys(seconds) as (keyof SecondCounts)[]) {
      seconds[k].hit += r.seconds[k].hit;
      seconds[k].total += r.seconds[k].total;
    }
  }
  finishCounts(seconds);
  const all = records.flatMap((r) => r.episodes);
  return {
    seconds,
    falseAlarmSeconds: records.reduce((s, r) => s + r.falseAlarmSeconds, 0),
    falseEpisodes: records.reduce((s, r) => s + r.falseEpisodes, 0),
    episodes: {
      vf: episodeStats(all.filter((e) => e.kind === 'VF')),
      vt: episodeStats(all.filter((e) => e.kind === 'VT')),
      rapidVt: episodeStats(all.filter((e) => e.kind === 'VT' && e.rapid)),
    },
  };
}

function episodeStats(episodes: readonly EpisodeResult[]): EpisodeStats {
  const scored = episodes.filter((e) => e.duration >= DEFINITIONS.minEpisodeSeconds);
  const delays = scored.flatMap((e) => (e.delay === null ? [] : [e.delay])).sort((a, b) => a - b);
  const detected = scored.filter((e) => e.detected).length;
  return {
    scored: scored.length,
    detected,
    within5s: delays.filter((d) => d <= 5).length,
    se: scored.length > 0 ? Math.round((10000 * detected) / scored.length) / 100 : null,
    medianDelay: delays.length > 0 ? delays[(delays.length - 1) >> 1] : null,
    maxDelay: delays.length > 0 ? delays[delays.length - 1] : null,
  };
}

/** Tables: per-second Se/Sp per database and per record, episodes, false alarms. */
export function formatVf(report: VfReport): string {
  const head = ['', 'VF Se', 'coarse VF Se', 'rapid VT Se', 'slow VT Se', 'NSR Sp', 'other Sp', 'ASYS Sp', 'false s', 'false ep'];
  const rate = (r: Rate): string => (r.total === 0 ? '-' : `${pct(r.pct)} (${r.total})`);
  const row = (name: string, c: SecondCounts, fa: number, fe: number): string[] => [
    name, rate(c.vf), rate(c.coarseVf), rate(c.rapidVt), rate(c.slowVt), rate(c.nsr), rate(c.other), rate(c.asys), `${fa}`, `${fe}`,
  ];
  const rows = report.records.map((r) => row(`${r.db}/${r.record}`, r.seconds, r.falseAlarmSeconds, r.falseEpisodes));
  for (const [db, s] of Object.entries(report.databases)) rows.push(row(`all ${db}`, s.seconds, s.falseAlarmSeconds, s.falseEpisodes));
  for (const [db, s] of Object.entries(report.databases)) rows.push(row(`all ${db}, any tier`, s.anyTier.seconds, s.anyTier.falseAlarmSeconds, s.anyTier.falseEpisodes));
  const epHead = ['episodes ≥ 5 s', 'scored', 'detected', 'Se %', '≤ 5 s', 'median delay s', 'max delay s'];
  const epRows: string[][] = [];
  for (const [tier, pick] of [['urgent', (s: VfDbSummary) => s], ['any tier', (s: VfDbSummary) => s.anyTier]] as const) {
    for (const [db, s] of Object.entries(report.databases)) {
      for (const [k, e] of Object.entries(pick(s).episodes)) {
        if (e.scored === 0) continue;
        epRows.push([`${db} ${k} ${tier}`, `${e.scored}`, `${e.detected}`, pct(e.se), `${e.within5s}`, e.medianDelay?.toFixed(1) ?? '-', e.maxDelay?.toFixed(1) ?? '-']);
      }
    }
  }
  const missed = report.records.flatMap((r) =>
    r.episodes.filter((e) => e.duration >= DEFINITIONS.minEpisodeSeconds && (!e.detected || (e.delay ?? 0) > 5))
      .map((e) => `${r.db}/${r.record} ${e.kind}${e.rapid === false ? '(slow)' : ''}@${e.onset}s ${e.duration}s: ${e.detected ? `late ${e.delay}s` : 'missed'}`),
  );
  return [
    'Per second: Se/Sp % (seconds scored) of the URGENT tier per record and database (AHA goals: VF > 90, rapid VT > 75, NSR > 99, other > 95); ' +
      '"any tier" counts warnings too (window probability from the threshold, 0.5, instead of the urgent one, 0.7)',
    formatTable(head, rows),
    formatTable(epHead, epRows),
    `missed or late episodes: ${missed.join('; ') || '-'}`,
    report.scoring,
  ].join('\n\n');
}
