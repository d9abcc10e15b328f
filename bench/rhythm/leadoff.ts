import { analyzeRecord, type Episode } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';
import { listRecords } from '../lib/records.js';
import { formatTable } from '../lib/table.js';
import { flagBacked, readReference, type Reference } from './alarms.js';
import { PACED } from './vbeats.js';

/**
 * One electrode off: the commonest event in a clinic van. Each shared two-lead mitdb record (paced
 * ones left out) is analysed with one lead replaced, from OFF_AT_S to the end, by what a lead
 * whose electrode came off shows, one kind at a time:
 * - flat: 0 mV (what a device with its own lead-off detection sends, or a saturated input);
 * - quiet: 30 µV of noise on a flat line (an input held at a quiet baseline; to the analyzer this
 *   is what asystole looks like on that lead);
 * - hum: 1 mV of 50 Hz and the same noise (a floating input picking up the mains).
 * The other lead is left as recorded. Every urgent flag after the lead came off is judged against
 * the reference beats (alarms.ts flagBacked); a cardiologist expects the box to go on with the
 * other lead, or, where that lead cannot show the beats, to say so (LEADOFF) rather than raise
 * asystole.
 */
export const OFF_AT_S = 300;
export const KINDS = ['flat', 'quiet', 'hum'] as const;
export type LeadOffKind = (typeof KINDS)[number];

const NOISE_MV = 0.03; // peak to peak
const HUM_MV = 1; // peak to peak
const HUM_HZ = 50;

/** Seeded uniform noise, mV peak to peak, into x[from..). */
export function addNoise(x: Float64Array, from: number, mv: number, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = from; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] += mv * (s / 2 ** 32 - 0.5);
  }
}

/** The lead's samples from `from` on replaced by what an electrode that came off shows. */
export function electrodeOff(lead: ArrayLike<number>, from: number, kind: LeadOffKind, fs: number): Float64Array {
  const x = Float64Array.from(lead);
  x.fill(0, from);
  if (kind === 'flat') return x;
  addNoise(x, from, NOISE_MV, 7);
  if (kind === 'hum') for (let i = from; i < x.length; i++) x[i] += (HUM_MV / 2) * Math.sin((2 * Math.PI * HUM_HZ * i) / fs);
  return x;
}

export interface LeadOffRow {
  lead: number; // 0-based, the lead taken off
  kind: LeadOffKind | 'none';
  records: number;
  hours: number; // after the lead came off
  urgent: number;
  urgentBacked: number;
  warnings: number;
  warningsBacked: number;
  leadOffMinutes: number; // under a LEADOFF flag
  beatsReported: number; // after the lead came off
  referenceBeats: number;
  /** Urgent flags the reference does not back: record, type, start (s). */
  unbacked: string[];
}

export interface LeadOffReport {
  offAtS: number;
  rows: LeadOffRow[];
}

function emptyRow(lead: number, kind: LeadOffRow['kind']): LeadOffRow {
  return { lead, kind, records: 0, hours: 0, urgent: 0, urgentBacked: 0, warnings: 0, warningsBacked: 0, leadOffMinutes: 0, beatsReported: 0, referenceBeats: 0, unbacked: [] };
}

/** Adds one analysis (flags and beats after `from`) to a row. */
function tally(row: LeadOffRow, name: string, episodes: readonly Episode[], beats: readonly { sample: number }[], ref: Reference, from: number, n: number): void {
  const fs = ref.fs;
  row.records++;
  row.hours += (n - from) / fs / 3600;
  row.beatsReported += beats.filter((b) => b.sample >= from).length;
  row.referenceBeats += ref.beats.filter((b) => b.sample >= from).length;
  for (const e of episodes) {
    const end = e.end ?? n - 1;
    if (end < from) continue;
    if (e.type === 'LEADOFF') row.leadOffMinutes += (end - Math.max(from, e.start)) / fs / 60;
    if (e.severity === 'info' || e.type === 'LEADOFF' || e.type === 'NOISE') continue;
    const backed = flagBacked({ type: e.type, severity: e.severity, start: e.start, end }, ref) === true;
    if (e.severity === 'urgent') {
      row.urgent++;
      if (backed) row.urgentBacked++;
      else row.unbacked.push(`${name} ${e.type}@${Math.round(e.start / fs)}s`);
    } else {
      row.warnings++;
      if (backed) row.warningsBacked++;
    }
  }
}

export function runLeadOff(opts: { dataDir: string; records?: readonly string[] }): LeadOffReport {
  const rows = new Map<string, LeadOffRow>();
  const row = (lead: number, kind: LeadOffRow['kind']): LeadOffRow => {
    const key = `${lead}/${kind}`;
    if (!rows.has(key)) rows.set(key, emptyRow(lead, kind));
    return rows.get(key) as LeadOffRow;
  };
  for (const r of listRecords(opts.dataDir, 'mitdb', opts.records)) {
    if (PACED.has(r.name)) continue;
    const rec = readRecord(r.path, { channels: [0, 1] });
    const fs = rec.sampleRate;
    const n = rec.signals[0].length;
    const from = Math.round(OFF_AT_S * fs);
    const ref = readReference(r.path, fs);
    const clean = rec.signals.map((s) => Float64Array.from(s));
    const base = analyzeRecord(clean, { sampleRate: fs });
    tally(row(-1, 'none'), r.name, base.episodes, base.beats, ref, from, n);
    for (const lead of [0, 1]) {
      for (const kind of KINDS) {
        const leads = clean.map((s, l) => (l === lead ? electrodeOff(s, from, kind, fs) : s));
        const a = analyzeRecord(leads, { sampleRate: fs });
        tally(row(lead, kind), r.name, a.episodes, a.beats, ref, from, n);
      }
    }
  }
  return { offAtS: OFF_AT_S, rows: [...rows.values()] };
}

export function formatLeadOff(report: LeadOffReport): string {
  const head = ['lead off', 'kind', 'records', 'hours', 'urgent', 'backed', 'warnings / h', 'backed', 'LEADOFF min', 'beats reported / reference'];
  const body = report.rows.map((r) => [
    r.lead < 0 ? 'none' : `lead ${r.lead + 1}`,
    r.kind,
    `${r.records}`,
    r.hours.toFixed(1),
    `${r.urgent}`,
    `${r.urgentBacked}`,
    r.hours > 0 ? (r.warnings / r.hours).toFixed(1) : '-',
    `${r.warningsBacked} of ${r.warnings}`,
    r.leadOffMinutes.toFixed(1),
    r.referenceBeats > 0 ? `${((100 * r.beatsReported) / r.referenceBeats).toFixed(1)} %` : '-',
  ]);
  const unbacked = report.rows.filter((r) => r.unbacked.length > 0).map((r) => `${r.lead < 0 ? 'none' : `lead ${r.lead + 1}`} ${r.kind}: ${r.unbacked.join(', ')}`);
  return [
    formatTable(head, body),
    `urgent flags the reference does not back: ${unbacked.length ? unbacked.join('; ') : 'none'}`,
    `Each shared unpaced two-lead mitdb record with one lead replaced from ${report.offAtS} s to its end (flat: 0 mV; quiet: ${NOISE_MV * 1000} µV of noise; hum: ${HUM_MV} mV of ${HUM_HZ} Hz and that noise); flags and beats counted from then on; "none": the record as recorded.`,
  ].join('\n\n');
}
