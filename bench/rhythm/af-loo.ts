/**
 * Leave-one-record-out check of the AF detector's fitted thresholds on afdb (RR only).
 *
 * The two values chosen on the shared afdb records, onThreshold and fastThresholdFactor, are
 * refitted on every 12 of the 13 records (grid below; offThreshold 0.8 × on and the novelty bar
 * 0.5 × on, the ratios the detector has always used) and scored on the record left out. The
 * held-out records' gross figures, not the in-sample ones, are what to expect on afdb records
 * that are not in the shared folder.
 *
 *   node dist/bench/rhythm/af-loo.js
 */
import type { AfDetectorOptions } from '@clinic-edge/dsp';
import { formatTable, pct } from '../lib/table.js';
import { grossAf, runAfdb, type AfRecordResult, type AfScore } from './af.js';

export const LOO_GRID = {
  onThreshold: [0.05, 0.055, 0.06, 0.065, 0.07],
  fastThresholdFactor: [0.5, 0.6, 0.7, 0.8, 0.9, 1],
};

/** Targets of issue 3 (duration Se, Sp, per cent): a fit is judged by how far it falls short of either. */
const TARGET_SE = 97.5;
const TARGET_SP = 98.5;

export interface LooReport {
  inSample: { detector: Partial<AfDetectorOptions>; gross: AfScore };
  heldOut: { record: string; detector: Partial<AfDetectorOptions>; score: AfRecordResult }[];
  gross: AfScore;
}

function settings(on: number, fast: number): Partial<AfDetectorOptions> {
  return { onThreshold: on, offThreshold: 0.8 * on, noveltyThreshold: 0.5 * on, fastThresholdFactor: fast };
}

/** The worse of the two margins to target; the fit maximises it. */
function margin(s: AfScore): number {
  return Math.min((s.se ?? 0) - TARGET_SE, (s.sp ?? 0) - TARGET_SP);
}

export function runAfLoo(dataDir: string): LooReport {
  const fits = LOO_GRID.onThreshold.flatMap((on) =>
    LOO_GRID.fastThresholdFactor.map((fast) => {
      const detector = settings(on, fast);
      return { detector, records: runAfdb({ dataDir, detector }).records };
    }),
  );
  const best = (keep: (r: AfRecordResult) => boolean) =>
    fits.reduce((a, b) => (margin(grossAf(b.records.filter(keep))) > margin(grossAf(a.records.filter(keep))) ? b : a));
  const all = best(() => true);
  const names = fits[0].records.filter((r) => r.afSeconds + r.otherSeconds > 0).map((r) => r.record);
  const heldOut = names.map((record) => {
    const fit = best((r) => r.record !== record);
    return { record, detector: fit.detector, score: fit.records.find((r) => r.record === record) as AfRecordResult };
  });
  return {
    inSample: { detector: all.detector, gross: grossAf(all.records) },
    heldOut,
    gross: grossAf(heldOut.map((h) => h.score)),
  };
}

export function formatAfLoo(r: LooReport): string {
  const fmt = (d: Partial<AfDetectorOptions>) => `on ${d.onThreshold}, fast x${d.fastThresholdFactor}`;
  const rows = r.heldOut.map((h) => [h.record, fmt(h.detector), pct(h.score.se), pct(h.score.sp), (h.score.fpSeconds / 60).toFixed(1)]);
  rows.push(['gross, held out', '', pct(r.gross.se), pct(r.gross.sp), (r.gross.fpSeconds / 60).toFixed(1)]);
  rows.push(['in-sample fit', fmt(r.inSample.detector), pct(r.inSample.gross.se), pct(r.inSample.gross.sp), (r.inSample.gross.fpSeconds / 60).toFixed(1)]);
  return [
    formatTable(['left out', 'fitted on the other records', 'Se %', 'Sp %', 'FP min'], rows),
    'afdb RR only, duration Se/Sp; each record scored with the thresholds fitted without it.',
  ].join('\n\n');
}
