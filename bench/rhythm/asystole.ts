import { RhythmAnalyzer, type Episode } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { listRecords } from '../lib/records.js';
import { formatTable } from '../lib/table.js';
import { addNoise } from './leadoff.js';
import { PACED } from './vbeats.js';

/**
 * Asystole written into real recordings: the alarm that matters most, on every kind of patient the
 * shared data has. Each unpaced two-lead mitdb record is cut after the T wave of its first beat
 * past AT_S: from there both leads hold their level plus a 20 µV RMS noise floor (a living body
 * on connected electrodes is never a flat line; a flat line is lead-off) for ASYSTOLE_S, and the
 * record ends. The full analyzer must raise an urgent ASYSTOLE or PAUSE over that gap, whatever
 * the second lead looked like before (mitdb 101's V1 never showed a detectable QRS).
 */
export const AT_S = 300;
export const ASYSTOLE_S = 30;
const FLOOR_RMS_MV = 0.02;
const T_WAVE_S = 0.4; // the cut comes this long after the last R peak

export interface AsystoleRow {
  record: string;
  /** Urgent ASYSTOLE or PAUSE over the gap: its type, or null. */
  urgent: 'ASYSTOLE' | 'PAUSE' | null;
  /** Seconds from the last beat to the urgent flag's raising, or null. */
  delayS: number | null;
  /** Every ASYSTOLE or PAUSE flag over the gap, as type:severity. */
  flags: string[];
}

export interface AsystoleReport {
  atS: number;
  asystoleS: number;
  rows: AsystoleRow[];
}

/** The two leads of a record up to the end of the written asystole, which starts at `from`. */
export function withAsystole(signals: readonly ArrayLike<number>[], from: number, fs: number): Float64Array[] {
  const to = from + Math.round(ASYSTOLE_S * fs);
  return signals.map((x, lead) => {
    const y = Float64Array.from({ length: to }, (_, i) => (i < x.length ? x[i] : Number.NaN));
    y.fill(y[from], from);
    addNoise(y, from, FLOOR_RMS_MV * Math.sqrt(12), 12345 + lead); // uniform noise of that RMS
    return y;
  });
}

export function runAsystole(opts: { dataDir: string; records?: readonly string[] }): AsystoleReport {
  const rows: AsystoleRow[] = [];
  for (const r of listRecords(opts.dataDir, 'mitdb', opts.records)) {
    if (PACED.has(r.name)) continue;
    const rec = readRecord(r.path, { channels: [0, 1] });
    const fs = rec.sampleRate;
    const beats = readAnnotations(`${r.path}.atr`).filter((a) => isBeatCode(a.code)).map((a) => a.sample);
    const last = beats.find((b) => b >= AT_S * fs);
    if (last === undefined) continue;
    const from = last + Math.round(T_WAVE_S * fs);
    const { flags, raisedAt } = gapFlags(withAsystole(rec.signals, from, fs), fs, last);
    const urgent = flags.find((e) => e.severity === 'urgent') ?? null;
    rows.push({
      record: r.name,
      urgent: urgent ? (urgent.type as 'ASYSTOLE' | 'PAUSE') : null,
      delayS: urgent ? Math.round(((raisedAt - last) / fs) * 10) / 10 : null,
      flags: flags.map((e) => `${e.type}:${e.severity}`),
    });
  }
  return { atS: AT_S, asystoleS: ASYSTOLE_S, rows };
}

/**
 * The ASYSTOLE and PAUSE flags over the gap after the beat at `last` (as they ended), and the
 * sample pushed when one of them was first urgent: the analyzer is streamed a second at a time,
 * so that is when the alarm would have sounded.
 */
function gapFlags(leads: readonly Float64Array[], fs: number, last: number): { flags: Episode[]; raisedAt: number } {
  const flags = new Map<Readonly<Episode>, Episode>();
  let pushed = 0;
  let raisedAt = Number.NaN;
  const an = new RhythmAnalyzer({ sampleRate: fs, leads: 2 }, {
    onEpisode: (ep, event) => {
      if ((ep.type !== 'ASYSTOLE' && ep.type !== 'PAUSE') || ep.start < last - fs) return;
      const worst = flags.get(ep)?.severity === 'urgent' ? 'urgent' : ep.severity;
      flags.set(ep, { ...ep, severity: worst });
      if (event === 'open' && ep.severity === 'urgent' && Number.isNaN(raisedAt)) raisedAt = pushed;
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

export function formatAsystole(report: AsystoleReport): string {
  const body = report.rows.map((r) => [r.record, r.urgent ?? 'none', r.delayS === null ? '-' : r.delayS.toFixed(1), r.flags.join(' ')]);
  const found = report.rows.filter((r) => r.urgent !== null);
  const delays = found.map((r) => r.delayS as number).sort((a, b) => a - b);
  const median = delays.length > 0 ? delays[Math.floor((delays.length - 1) / 2)] : null;
  return [
    formatTable(['record', 'urgent', 's after last beat', 'flags over the gap'], body),
    `urgent over the asystole: ${found.length} of ${report.rows.length} records; delay from the last beat median ${median === null ? '-' : median.toFixed(1)} s, max ${delays.length ? delays[delays.length - 1].toFixed(1) : '-'} s`,
    `Each shared unpaced two-lead mitdb record cut ${T_WAVE_S} s after its first beat past ${report.atS} s: both leads then hold their level plus ${FLOOR_RMS_MV * 1000} µV RMS of noise for ${report.asystoleS} s. Delay: from the last beat to the end of the second pushed when the flag was first urgent (the analyzer streamed a second at a time).`,
  ].join('\n\n');
}
