import path from 'node:path';
import { analyzeRecord, type Episode } from '@clinic-edge/dsp';
import { isBeatCode, readAnnotations, readRecord, type Annotation } from '@clinic-edge/wfdb';
import { listRecords } from '../lib/records.js';
import { formatTable } from '../lib/table.js';
import { NST_NORMAL_BEATS, qrsPeakToPeak } from './noise-mix.js';

/**
 * Electrode-motion noise on other patients. nstdb's em record is not in the shared data, but its
 * 118e_6 is `nst`'s sum of mitdb 118 and em at -6 dB (with a constant offset set wherever the gain
 * switches), so 118e_6 - 118 is that scaled em, sample for sample, on both leads, already cut to
 * nst's protocol (clean for 5 min, then 2 min on, 2 min off), once the constant difference of the
 * two records' baselines is taken off. Rescaled by the ratio of QRS
 * amplitudes it gives any record the em noise nst would at any SNR: for record r at x dB,
 * residual × (S_r / S_118) × 10^(-(x + 6) / 20), S the median peak-to-peak of the normal beats'
 * QRS on that lead (nst's definition, noise-mix.ts). Its 118 at -6 dB is 118e_6 itself.
 *
 * Every shared two-lead mitdb record with no pause, VT, VF or asystole in its reference (and not
 * paced) gets it at EM_SNRS; every urgent flag there is false. This is how the held-out nstdb
 * records (119e*) are made, on twenty patients instead of one.
 */
export const EM_SNRS = [6, 0, -6];
const PACED = new Set(['102', '104', '107', '217']);
const URGENT_RHYTHMS = ['(VT', '(VFL', '(VF', '(ASYS', '(BII'];
const PAUSE_S = 3; // a reference RR this long is a real pause
const LEAD_IN_S = 300; // nst's noise-free first 5 minutes

export interface EmNoise {
  residual: Float64Array[]; // per lead, mV: 118e_6 - 118
  qrsMv: number[]; // per lead: 118's normal QRS peak to peak
}

export function emNoise(dataDir: string): EmNoise {
  const clean = readRecord(path.join(dataDir, 'mitdb', '118'));
  const noisy = readRecord(path.join(dataDir, 'nstdb', '118e_6'));
  const beats = normalBeats(readAnnotations(path.join(dataDir, 'mitdb', '118.atr')));
  const residual = [0, 1].map((l) => Float64Array.from(noisy.signals[l], (v, i) => v - clean.signals[l][i]));
  // The two records' baselines differ by a constant (about 5 mV): the noise-free lead-in shows it.
  const leadIn = Math.round(LEAD_IN_S * clean.sampleRate);
  for (const r of residual) {
    let offset = 0;
    for (let i = 0; i < leadIn; i++) offset += r[i] / leadIn;
    for (let i = 0; i < r.length; i++) r[i] -= offset;
  }
  return { residual, qrsMv: [0, 1].map((l) => qrsPeakToPeak(clean.signals[l], beats, clean.sampleRate)) };
}

/** `signal` (one lead, mV, QRS `qrsMv` peak to peak) plus the em of lead `lead` at `snrDb`. */
export function addEm(signal: ArrayLike<number>, qrsMv: number, em: EmNoise, lead: number, snrDb: number): Float64Array {
  const k = (qrsMv / em.qrsMv[lead]) * 10 ** (-(snrDb + 6) / 20);
  const noise = em.residual[lead];
  return Float64Array.from({ length: signal.length }, (_, i) => signal[i] + k * noise[i % noise.length]);
}

function normalBeats(atr: readonly Annotation[]): number[] {
  return atr.filter((a) => NST_NORMAL_BEATS.has(a.symbol)).map((a) => a.sample);
}

/** nst's QRS size S of each of the first two leads: the median peak-to-peak of the normal beats' QRS. */
export function qrsSizes(signals: readonly ArrayLike<number>[], atr: readonly Annotation[], sampleRate: number): number[] {
  const beats = normalBeats(atr);
  return [0, 1].map((l) => qrsPeakToPeak(signals[l], beats, sampleRate));
}

/** The first two leads with em added at `snrDb` as nst would (qrs: qrsSizes of those leads). */
export function emLeads(signals: readonly ArrayLike<number>[], qrs: readonly number[], em: EmNoise, snrDb: number): Float64Array[] {
  return [0, 1].map((l) => addEm(signals[l], qrs[l], em, l, snrDb));
}

/** A reference with no urgent event: no VT, flutter, fibrillation, asystole or 2nd-degree block, no RR over 3 s. */
function quietReference(atr: readonly Annotation[], fs: number): boolean {
  if (atr.some((a) => a.symbol === '+' && URGENT_RHYTHMS.some((r) => (a.aux ?? '').startsWith(r)))) return false;
  const beats = atr.filter((a) => isBeatCode(a.code));
  for (let i = 1; i < beats.length; i++) if (beats[i].sample - beats[i - 1].sample > PAUSE_S * fs) return false;
  return true;
}

export interface EmMixResult {
  record: string;
  snrDb: number;
  urgent: number;
  warning: number;
  urgentFlags: string[]; // 'TYPE@start s'
}

export interface NoiseEmReport {
  mixes: EmMixResult[];
  excluded: string[]; // shared mitdb records left out (paced, or an urgent event in the reference)
}

export function runNoiseEm(opts: { dataDir: string; records?: readonly string[] }): NoiseEmReport {
  const em = emNoise(opts.dataDir);
  const mixes: EmMixResult[] = [];
  const excluded: string[] = [];
  for (const ref of listRecords(opts.dataDir, 'mitdb', opts.records)) {
    const atr = readAnnotations(`${ref.path}.atr`);
    const rec = readRecord(ref.path);
    if (PACED.has(ref.name) || rec.signals.length < 2 || !quietReference(atr, rec.sampleRate)) {
      excluded.push(ref.name);
      continue;
    }
    const qrs = qrsSizes(rec.signals, atr, rec.sampleRate);
    for (const snrDb of EM_SNRS) {
      const leads = emLeads(rec.signals, qrs, em, snrDb);
      const episodes = analyzeRecord(leads, { sampleRate: rec.sampleRate }).episodes;
      mixes.push(summarise(ref.name, snrDb, episodes, rec.sampleRate));
    }
  }
  return { mixes, excluded };
}

function summarise(record: string, snrDb: number, episodes: readonly Episode[], fs: number): EmMixResult {
  const urgent = episodes.filter((e) => e.severity === 'urgent');
  return {
    record,
    snrDb,
    urgent: urgent.length,
    warning: episodes.filter((e) => e.severity === 'warning').length,
    urgentFlags: urgent.map((e) => `${e.type}@${(e.start / fs).toFixed(0)}s`),
  };
}

export function formatNoiseEm(r: NoiseEmReport): string {
  const snrs = EM_SNRS.map((s) => `${s} dB`);
  const byRecord = new Map<string, EmMixResult[]>();
  for (const m of r.mixes) byRecord.set(m.record, [...(byRecord.get(m.record) ?? []), m]);
  const rows = [...byRecord].map(([rec, ms]) => [rec, ...ms.map((m) => `${m.urgent} / ${m.warning}`), ms.flatMap((m) => m.urgentFlags.map((f) => `${m.snrDb} dB ${f}`)).join(', ')]);
  const total = EM_SNRS.map((s) => r.mixes.filter((m) => m.snrDb === s).reduce((n, m) => n + m.urgent, 0));
  rows.push(['all', ...total.map((t) => `${t} urgent`), '']);
  return [
    'Urgent / warning flags with electrode motion (118e_6 - 118, rescaled as nst would) on shared mitdb records without urgent events (target: 0 urgent)',
    formatTable(['record', ...snrs, 'urgent flags'], rows),
    `left out (paced, or a pause, VT, VF or asystole in the reference): ${r.excluded.join(', ')}`,
  ].join('\n');
}
