import { existsSync } from 'node:fs';
import path from 'node:path';
import { RhythmAnalyzer, type Episode } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { listRecords } from '../lib/records.js';
import { formatTable } from '../lib/table.js';
import { addNoise } from './leadoff.js';
import { noiseRms, NST_NORMAL_BEATS, nstGain, qrsPeakToPeak } from './noise-mix.js';
import { PACED } from './vbeats.js';

/**
 * Asystole written into real recordings: the alarm that matters most, on every kind of patient the
 * shared data has. Each unpaced two-lead mitdb record is cut after the T wave of its first beat
 * past AT_S: from there both leads hold their level plus a 20 µV RMS noise floor (a living body
 * on connected electrodes is never a flat line; a flat line is lead-off) for ASYSTOLE_S, and the
 * record ends. The full analyzer must raise an urgent ASYSTOLE or PAUSE over that gap, whatever
 * the second lead looked like before (mitdb 101's V1 never showed a detectable QRS).
 *
 * Then again under real baseline wander: nstdb's bw record (respiration and electrode drift of
 * ambulatory subjects) on both leads from the first sample, at the gain nst would use for each
 * lead's own QRS at WANDER_SNRS_DB (noise-mix.ts). The record is far from stationary (at 6 dB,
 * the wander's RMS over the asystole is 0.2 to 5.5 mV, record by record), so each patient takes it
 * from a different place (WANDER_STEP_S times its number into it, wrapped round). Wander cannot
 * hide a QRS complex (every beat detector filters it out); what it can do is make the quality
 * stage call the asystole noise and lower the alarm.
 *
 * Then with the P waves going on (P_WAVE_MV): ventricular standstill in complete heart block, where
 * the atria still beat and only the QRS is gone, is asystole to the clinician, and the P waves are
 * the nearest thing to a QRS the detector can be shown: a 100-ms hump (sigma 20 ms) at the
 * patient's sinus rate (median of the last 20 RR before the cut), on the first lead at that size
 * and on the second at half of it.
 */
export const AT_S = 300;
export const ASYSTOLE_S = 30;
const FLOOR_RMS_MV = 0.02;
const T_WAVE_S = 0.4; // the cut comes this long after the last R peak
/**
 * nst SNRs of the wander runs. The issue's noise targets are at 6 and 0 dB; nst's RMS, taken over
 * 1-s windows with their mean removed, counts little of bw's slow wander, so at 6 dB it is often
 * several mV, and 12 dB is the breathing-sized case.
 */
export const WANDER_SNRS_DB = [12, 6, 0];
/** P-wave sizes of the P-wave asystole runs, mV: a normal P wave (under 0.25 mV in lead II) and a tall one. */
export const P_WAVE_MV = [0.2, 0.3];
/**
 * Ventricular standstill that goes on for minutes (P waves of a normal size, for this long, s): the
 * P waves come to outnumber the heart's old beats in the classifier's memory, and must still not
 * end the alarm.
 */
export const LONG_STANDSTILL = { mv: 0.2, seconds: 300 };
const P_SIGMA_S = 0.02;
/** The P wave's peak before the R peak it would have led to, s (a PR interval less half the P). */
const P_BEFORE_R_S = 0.16;
/** How much further into the bw record each record's wander starts, s (a prime, so the asystoles spread over it). */
const WANDER_STEP_S = 97;

/**
 * 'clean', nstdb bw at an nst SNR (dB), or P waves of that size going on (`P 0.2 mV`), over an
 * asystole of ASYSTOLE_S or of the seconds given (`P 0.2 mV for 300 s`).
 */
export type AsystoleCondition = 'clean' | number | `P ${number} mV` | `P ${number} mV for ${number} s`;

export interface AsystoleRow {
  record: string;
  condition: AsystoleCondition;
  /** Length of the written asystole, s. */
  asystoleS: number;
  /** Urgent ASYSTOLE or PAUSE over the gap: its type, or null. */
  urgent: 'ASYSTOLE' | 'PAUSE' | null;
  /** Seconds from the last beat to the urgent flag's raising, or null. */
  delayS: number | null;
  /**
   * Seconds from the last beat to where the asystole stopped being under an urgent gap flag: the
   * end of the last urgent ASYSTOLE or PAUSE (the record's end, ASYSTOLE_S + the T wave, when one
   * was still open), or null. An alarm that closes while the heart is still stopped tells the
   * clinician it has started again.
   */
  urgentUntilS: number | null;
  /** Every flag over the gap but NOISE, as type:severity (the worst it reached). */
  flags: string[];
}

export interface AsystoleReport {
  atS: number;
  asystoleS: number;
  /** The conditions run: clean, and each wander SNR when nstdb/bw is there. */
  conditions: AsystoleCondition[];
  rows: AsystoleRow[];
}

/** The two leads of a record up to the end of the written asystole, which starts at `from` and lasts `seconds`. */
export function withAsystole(signals: readonly ArrayLike<number>[], from: number, fs: number, seconds = ASYSTOLE_S): Float64Array[] {
  const to = from + Math.round(seconds * fs);
  return signals.map((x, lead) => {
    const y = Float64Array.from({ length: to }, (_, i) => (i < x.length ? x[i] : Number.NaN));
    y.fill(y[from], from);
    addNoise(y, from, FLOOR_RMS_MV * Math.sqrt(12), 12345 + lead); // uniform noise of that RMS
    return y;
  });
}

/**
 * `leads` with nstdb bw (its channel i on lead i) added from the first sample at the nst gain for
 * `snrDb` against each lead's own QRS (measured on `signals`, the record before the cut).
 */
export function withWander(leads: readonly Float64Array[], signals: readonly ArrayLike<number>[], normalBeats: readonly number[], bw: readonly Float64Array[], snrDb: number, fs: number, offset: number): Float64Array[] {
  return leads.map((y, lead) => {
    const noise = bw[lead % bw.length];
    const gain = nstGain(snrDb, qrsPeakToPeak(signals[lead], normalBeats, fs), noiseRms(noise, fs));
    const out = Float64Array.from(y);
    for (let i = 0; i < out.length; i++) out[i] += gain * noise[(i + offset) % noise.length];
    return out;
  });
}

/** P-wave size (mV) and asystole length (s) of a P-wave condition; null for the others. */
function pWaveCondition(c: AsystoleCondition): { mv: number; seconds: number } | null {
  if (typeof c !== 'string' || !c.startsWith('P ')) return null;
  const m = /^P ([\d.]+) mV(?: for (\d+) s)?$/.exec(c) as RegExpExecArray;
  return { mv: Number.parseFloat(m[1]), seconds: m[2] ? Number.parseInt(m[2], 10) : ASYSTOLE_S };
}

export function runAsystole(opts: { dataDir: string; records?: readonly string[]; wanderSnrsDb?: readonly number[]; pWaveMv?: readonly number[]; longStandstill?: boolean }): AsystoleReport {
  const bwPath = path.join(opts.dataDir, 'nstdb', 'bw');
  const bw = existsSync(`${bwPath}.hea`) ? readRecord(bwPath, { channels: [0, 1] }).signals.map((x) => Float64Array.from(x)) : null;
  const pWaves = (opts.pWaveMv ?? P_WAVE_MV).map((mv): AsystoleCondition => `P ${mv} mV`);
  if (opts.longStandstill ?? true) pWaves.push(`P ${LONG_STANDSTILL.mv} mV for ${LONG_STANDSTILL.seconds} s`);
  const conditions: AsystoleCondition[] = ['clean', ...(bw ? (opts.wanderSnrsDb ?? WANDER_SNRS_DB) : []), ...pWaves];
  const rows: AsystoleRow[] = [];
  for (const r of listRecords(opts.dataDir, 'mitdb', opts.records)) {
    if (PACED.has(r.name)) continue;
    const rec = readRecord(r.path, { channels: [0, 1] });
    const fs = rec.sampleRate;
    const annotations = readAnnotations(`${r.path}.atr`);
    const beats = annotations.filter((a) => isBeatCode(a.code)).map((a) => a.sample);
    const last = beats.find((b) => b >= AT_S * fs);
    if (last === undefined) continue;
    const from = last + Math.round(T_WAVE_S * fs);
    const leads = withAsystole(rec.signals, from, fs);
    const normal = annotations.filter((a) => NST_NORMAL_BEATS.has(a.symbol) && a.sample < from).map((a) => a.sample);
    const offset = Math.round((Number.parseInt(r.name, 10) || 0) * WANDER_STEP_S * fs); // the same for a record whichever others run
    const pp = sinusInterval(beats, last);
    for (const condition of conditions) {
      const p = pWaveCondition(condition);
      const asystoleS = p?.seconds ?? ASYSTOLE_S;
      const signals =
        condition === 'clean' ? leads
        : p ? withPWaves(asystoleS === ASYSTOLE_S ? leads : withAsystole(rec.signals, from, fs, asystoleS), from, last + pp, pp, p.mv, fs)
        : withWander(leads, rec.signals, normal.length > 0 ? normal : beats, bw as Float64Array[], condition as number, fs, offset);
      rows.push({ record: r.name, condition, asystoleS, ...judge(gapFlags(signals, fs, last), fs, last, signals[0].length) });
    }
  }
  return { atS: AT_S, asystoleS: ASYSTOLE_S, conditions, rows };
}

/** Median of the 20 RR intervals before the beat at `last`, samples: the sinus P-P interval. */
function sinusInterval(beats: readonly number[], last: number): number {
  const i = beats.indexOf(last);
  const rr: number[] = [];
  for (let k = Math.max(1, i - 20); k <= i; k++) rr.push(beats[k] - beats[k - 1]);
  rr.sort((a, b) => a - b);
  return rr[rr.length >> 1];
}

/**
 * `leads` with P waves of `mv` (first lead; half on the second) after `from`, one every `pp`
 * samples, P_BEFORE_R_S before the R peaks that would have followed: the first at `nextR`.
 */
export function withPWaves(leads: readonly Float64Array[], from: number, nextR: number, pp: number, mv: number, fs: number): Float64Array[] {
  const sigma = P_SIGMA_S * fs;
  const reach = Math.ceil(4 * sigma);
  return leads.map((x, lead) => {
    const y = Float64Array.from(x);
    const a = lead === 0 ? mv : mv / 2;
    for (let c = nextR - Math.round(P_BEFORE_R_S * fs); c - reach < y.length; c += pp) {
      for (let j = Math.max(from, c - reach); j < Math.min(y.length, c + reach); j++) y[j] += a * Math.exp(-0.5 * ((j - c) / sigma) ** 2);
    }
    return y;
  });
}

function judge({ flags, raisedAt }: { flags: Episode[]; raisedAt: number }, fs: number, last: number, length: number): Omit<AsystoleRow, 'record' | 'condition' | 'asystoleS'> {
  const urgent = flags.find((e) => isGap(e) && e.severity === 'urgent') ?? null;
  const until = Math.max(-1, ...flags.filter((e) => isGap(e) && e.severity === 'urgent').map((e) => e.end ?? length - 1));
  return {
    urgent: urgent ? (urgent.type as 'ASYSTOLE' | 'PAUSE') : null,
    delayS: urgent ? Math.round(((raisedAt - last) / fs) * 10) / 10 : null,
    urgentUntilS: urgent ? Math.round(((Math.min(until + 1, length) - last) / fs) * 10) / 10 : null,
    flags: flags.map((e) => `${e.type}:${e.severity}`),
  };
}

const isGap = (ep: Readonly<Episode>): boolean => ep.type === 'ASYSTOLE' || ep.type === 'PAUSE';

/**
 * The flags but NOISE over the gap after the beat at `last` (as they ended), and the sample pushed
 * when an ASYSTOLE or PAUSE was first urgent: the analyzer is streamed a second at a time, so that
 * is when the alarm would have sounded.
 */
function gapFlags(leads: readonly Float64Array[], fs: number, last: number): { flags: Episode[]; raisedAt: number } {
  const flags = new Map<Readonly<Episode>, Episode>();
  let pushed = 0;
  let raisedAt = Number.NaN;
  const an = new RhythmAnalyzer({ sampleRate: fs, leads: 2 }, {
    onEpisode: (ep, event) => {
      if (ep.type === 'NOISE' || ep.start < last - fs) return;
      const worst = flags.get(ep)?.severity === 'urgent' ? 'urgent' : ep.severity;
      flags.set(ep, { ...ep, severity: worst });
      if (isGap(ep) && event === 'open' && ep.severity === 'urgent' && Number.isNaN(raisedAt)) raisedAt = pushed;
    },
  });
  const sec = Math.round(fs);
  while (pushed < leads[0].length) {
    const len = Math.min(sec, leads[0].length - pushed);
    an.push(leads[0], leads[1], pushed, len);
    pushed += len;
  }
  an.flush();
  return { flags: [...flags.values()], raisedAt };
}

/** The urgent gap flag lasted to the asystole's end (within a second): no all-clear while the heart was stopped. */
export const heldToEnd = (r: AsystoleRow): boolean => r.urgentUntilS !== null && r.urgentUntilS >= T_WAVE_S + r.asystoleS - 1;

function conditionName(c: AsystoleCondition): string {
  const p = pWaveCondition(c);
  if (p) return `P ${p.mv} mV P waves${p.seconds === ASYSTOLE_S ? '' : ` for ${p.seconds} s`}`;
  return c === 'clean' ? 'clean' : `bw ${c} dB`;
}

export function formatAsystole(report: AsystoleReport): string {
  const names = [...new Set(report.rows.map((r) => r.record))];
  const cell = (r: AsystoleRow | undefined): string => {
    if (!r) return '-';
    if (r.urgent) return `${r.urgent} ${(r.delayS as number).toFixed(1)} s${heldToEnd(r) ? '' : ` (to ${(r.urgentUntilS as number).toFixed(1)} s)`}`;
    // the gap flags raised instead, and any other urgent flag (a VFIB called on the noise)
    const shown = r.flags.filter((f) => f.startsWith('ASYSTOLE') || f.startsWith('PAUSE') || f.endsWith(':urgent'));
    return `none: ${shown.join(' ') || 'no gap flag'}`;
  };
  const body = names.map((name) => [name, ...report.conditions.map((c) => cell(report.rows.find((r) => r.record === name && r.condition === c)))]);
  const summaries = report.conditions.map((c) => {
    const rows = report.rows.filter((r) => r.condition === c);
    const delays = rows.filter((r) => r.urgent !== null).map((r) => r.delayS as number).sort((a, b) => a - b);
    const median = delays.length > 0 ? delays[Math.floor((delays.length - 1) / 2)].toFixed(1) : '-';
    const max = delays.length > 0 ? delays[delays.length - 1].toFixed(1) : '-';
    const held = rows.filter(heldToEnd).length;
    return `${conditionName(c)}: urgent over the asystole in ${delays.length} of ${rows.length} records, to its end in ${held}; delay from the last beat median ${median} s, max ${max} s`;
  });
  return [
    formatTable(['record', ...report.conditions.map((c) => `${conditionName(c)}: urgent, s after the last beat`)], body),
    summaries.join('\n'),
    `Each shared unpaced two-lead mitdb record cut ${T_WAVE_S} s after its first beat past ${report.atS} s: both leads then hold their level plus ${FLOOR_RMS_MV * 1000} µV RMS of noise for ${report.asystoleS} s. ` +
      'bw: nstdb\'s baseline wander record added to both leads from the first sample, at the gain nst uses for that SNR against each lead\'s own QRS. ' +
      'P waves: the asystole with the P waves going on at the sinus rate (ventricular standstill), 100 ms long, that size on the first lead and half on the second; "for N s": an asystole that long instead. ' +
      'Delay: from the last beat to the end of the second pushed when the flag was first urgent (the analyzer streamed a second at a time); "to": where the last urgent gap flag closed, s after the last beat, when it closed before the asystole ended. "none": the gap flags raised instead, and any other urgent flag.',
  ].join('\n\n');
}
