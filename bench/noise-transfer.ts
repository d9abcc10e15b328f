import path from 'node:path';
import { readRecord } from '@clinic-edge/wfdb';
import { detectBeats, type Lead } from '../bin/lib/detect-beats.js';
import { CliError } from '../bin/lib/errors.js';
import { listRecords } from './lib/records.js';
import { readReference } from './lib/reference.js';
import { formatTable, pct } from './lib/table.js';
import { EC57_BEAT_SYMBOLS, grossOf, scoreEc57, type Ec57Counts, type ScoredAnnotation } from './scoring/ec57.js';

/**
 * Electrode-motion noise carried over to other patients.
 *
 * The noise stress test adds one noise recording to one record (118) only, and tuning on it alone
 * could fit that patient. PhysioNet's em noise record is not among the shared files, but each
 * 118eXX record is 118 plus that noise at a known scale, so `118eXX - 118` gives the noise back
 * (minus a constant offset). It is added here to the other shared MIT-BIH records, scaled per lead
 * by their QRS amplitude relative to 118's so the signal-to-noise ratio stays what nst made it.
 */
export interface NoiseTransferOptions {
  dataDir: string;
  records?: string[]; // mitdb records to corrupt (default: every shared one except 118 and the paced)
  snrs?: string[]; // nstdb suffixes (default 12, 06, 00, _6)
}

export interface NoiseTransferRow {
  snr: string; // as in the nstdb record name: '06' is 6 dB, '_6' is -6 dB
  leads: 1 | 2;
  records: number;
  gross: Ec57Counts & { se: number | null; ppv: number | null; f1: number | null };
}

const PACED = new Set(['102', '104', '107', '217']);

export function runNoiseTransfer(opts: NoiseTransferOptions): NoiseTransferRow[] {
  const mitdb = path.join(opts.dataDir, 'mitdb');
  const clean = readRecord(path.join(mitdb, '118'), { channels: [0, 1] });
  const clean118Beats = beatsOf(readReference(path.join(mitdb, '118')));
  const amp118 = clean.signals.map((s) => qrsAmplitude(s, clean118Beats, clean.sampleRate));
  const targets = listRecords(opts.dataDir, 'mitdb', opts.records).filter((r) => r.name !== '118' && (opts.records || !PACED.has(r.name)));
  if (targets.length === 0) throw new CliError(`no mitdb records to corrupt under ${opts.dataDir}`);
  const loaded = targets.map((t) => {
    const rec = readRecord(t.path, { channels: [0, 1] });
    const reference = readReference(t.path);
    return { rec, reference, amp: rec.signals.map((s) => qrsAmplitude(s, beatsOf(reference), rec.sampleRate)) };
  });
  const rows: NoiseTransferRow[] = [];
  for (const snr of opts.snrs ?? ['12', '06', '00', '_6']) {
    const noisy = readRecord(path.join(opts.dataDir, 'nstdb', `118e${snr}`), { channels: [0, 1] });
    const noise = noisy.signals.map((s, c) => subtract(s, clean.signals[c]));
    const one: Ec57Counts[] = [];
    const two: Ec57Counts[] = [];
    for (const { rec, reference, amp } of loaded) {
      const n = Math.min(rec.signals[0].length, noise[0].length);
      const mixed = rec.signals.map((s, c) => addScaled(s, noise[c], amp[c] / amp118[c], n));
      one.push(scoreEc57(reference, detectBeats([mixed[0]], rec.sampleRate), { sampleRate: rec.sampleRate }));
      two.push(scoreEc57(reference, detectBeats(mixed, rec.sampleRate), { sampleRate: rec.sampleRate }));
    }
    rows.push({ snr, leads: 1, records: loaded.length, gross: grossOf(one) });
    rows.push({ snr, leads: 2, records: loaded.length, gross: grossOf(two) });
  }
  return rows;
}

export function formatNoiseTransfer(rows: readonly NoiseTransferRow[]): string {
  const db = (s: string): string => `${s.startsWith('_') ? '-' : ''}${Number(s.replace('_', ''))} dB`;
  const table = formatTable(
    ['SNR', 'leads', 'records', 'Se %', '+P %', 'F1 %', 'TP', 'FN', 'FP'],
    rows.map((r) => [db(r.snr), String(r.leads), String(r.records), pct(r.gross.se), pct(r.gross.ppv), pct(r.gross.f1), String(r.gross.tp), String(r.gross.fn), String(r.gross.fp)]),
  );
  return `${table}\n\nelectrode-motion noise of nstdb 118eXX (118eXX - 118) added to other mitdb records at the same SNR; EC57 beat by beat, 150 ms, whole record.\n`;
}

function beatsOf(reference: readonly ScoredAnnotation[]): number[] {
  return reference.filter((a) => EC57_BEAT_SYMBOLS.has(a.symbol)).map((a) => a.sample);
}

/** Median peak-to-peak amplitude within ±50 ms of the reference beats: the QRS size nst scales noise by. */
function qrsAmplitude(signal: Lead, beats: readonly number[], sampleRate: number): number {
  const half = Math.round(0.05 * sampleRate);
  const amps = beats.map((b) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = Math.max(0, b - half); i < Math.min(signal.length, b + half); i++) {
      const v = signal[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo;
  });
  amps.sort((a, b) => a - b);
  return amps[amps.length >> 1] ?? 1;
}

/** a - b with the constant offset between them (nstdb headers' baseline quirk) removed. */
function subtract(a: Lead, b: Lead): Float64Array {
  const out = new Float64Array(a.length);
  const offset = a[0] - b[0];
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i] - offset;
  return out;
}

function addScaled(signal: Lead, noise: Float64Array, scale: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = signal[i] + scale * noise[i];
  return out;
}
