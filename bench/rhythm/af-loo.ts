/**
 * Leave-one-record-out check of the AF detector's fitted thresholds on afdb (RR only).
 *
 * The values chosen on the shared afdb records, onThreshold and fastThresholdFactor (and, in
 * the second fit, cosenThreshold: off or a bar), are refitted on every 12 of the 13 records
 * (grid below; offThreshold 0.8 × on and the novelty bar 0.5 × on, the ratios the detector has
 * always used) and scored on the record left out. The held-out records' gross figures, not the
 * in-sample ones, are what to expect on afdb records that are not in the shared folder.
 *
 *   node dist/bench/rhythm/af-run.js afdb-loo
 */
import type { AfDetectorOptions } from '@clinic-edge/dsp';
import { formatTable, pct } from '../lib/table.js';
import { grossAf, runAfdb, type AfRecordResult, type AfScore } from './af.js';

export const LOO_GRID = {
  onThreshold: [0.05, 0.055, 0.06, 0.065, 0.07],
  fastThresholdFactor: [0.5, 0.6, 0.7, 0.8, 0.9, 1],
  cosenThreshold: [-Infinity, 3.8, 4, 4.2],
};

/** Targets of issue 3 (duration Se, Sp, per cent): a fit is judged by how far it falls short of them. */
const TARGET_SE = 97.5;
const TARGET_SP = 98.5;

/** One leave-one-record-out fit: the grid it chooses from, its in-sample pick and the held-out scores. */
export interface LooFit {
  name: string;
  inSample: { detector: Partial<AfDetectorOptions>; gross: AfScore };
  heldOut: { record: string; detector: Partial<AfDetectorOptions>; score: AfRecordResult }[];
  gross: AfScore;
}

/**
 * Two fits over the same grid runs: the detector as shipped (COSEn bar off, two values fitted)
 * and with the COSEn bar as a third fitted value (off among its choices).
 */
export interface LooReport {
  fits: LooFit[];
}

function settings(on: number, fast: number, cosen: number): Partial<AfDetectorOptions> {
  return { onThreshold: on, offThreshold: 0.8 * on, noveltyThreshold: 0.5 * on, fastThresholdFactor: fast, cosenThreshold: cosen };
}

/**
 * Minus the total shortfall to the two targets (0 when both are met); the fit maximises it.
 * Not the worse of the two margins: while Sp is short that one ignores Se altogether, so a fit
 * traded any amount of Se for a hundredth of Sp (and a record left out with much AF, 04936,
 * paid for it).
 */
function margin(s: AfScore): number {
  return Math.min(0, (s.se ?? 0) - TARGET_SE) + Math.min(0, (s.sp ?? 0) - TARGET_SP);
}

type GridRun = { detector: Partial<AfDetectorOptions>; records: AfRecordResult[] };

/** Refits on all records but one, for each record in turn, choosing among `runs`. */
function leaveOneOut(name: string, runs: readonly GridRun[]): LooFit {
  const best = (keep: (r: AfRecordResult) => boolean) =>
    runs.reduce((a, b) => (margin(grossAf(b.records.filter(keep))) > margin(grossAf(a.records.filter(keep))) ? b : a));
  const all = best(() => true);
  const names = runs[0].records.filter((r) => r.afSeconds + r.otherSeconds > 0).map((r) => r.record);
  const heldOut = names.map((record) => {
    const fit = best((r) => r.record !== record);
    return { record, detector: fit.detector, score: fit.records.find((r) => r.record === record) as AfRecordResult };
  });
  return { name, inSample: { detector: all.detector, gross: grossAf(all.records) }, heldOut, gross: grossAf(heldOut.map((h) => h.score)) };
}

export function runAfLoo(dataDir: string): LooReport {
  const runs: GridRun[] = LOO_GRID.onThreshold.flatMap((on) =>
    LOO_GRID.fastThresholdFactor.flatMap((fast) =>
      LOO_GRID.cosenThreshold.map((cosen) => {
        const detector = settings(on, fast, cosen);
        return { detector, records: runAfdb({ dataDir, detector }).records };
      }),
    ),
  );
  return {
    fits: [
      leaveOneOut('as shipped: COSEn bar off, onThreshold and fastThresholdFactor fitted', runs.filter((f) => f.detector.cosenThreshold === -Infinity)),
      leaveOneOut('COSEn bar fitted too (off, 3.8, 4 or 4.2)', runs),
    ],
  };
}

export function formatAfLoo(r: LooReport): string {
  const fmt = (d: Partial<AfDetectorOptions>) => `on ${d.onThreshold}, fast x${d.fastThresholdFactor}, COSEn ${d.cosenThreshold === -Infinity ? 'off' : d.cosenThreshold}`;
  const parts = r.fits.map((fit) => {
    const rows = fit.heldOut.map((h) => [h.record, fmt(h.detector), pct(h.score.se), pct(h.score.sp), (h.score.fpSeconds / 60).toFixed(1)]);
    rows.push(['gross, held out', '', pct(fit.gross.se), pct(fit.gross.sp), (fit.gross.fpSeconds / 60).toFixed(1)]);
    rows.push(['in-sample fit', fmt(fit.inSample.detector), pct(fit.inSample.gross.se), pct(fit.inSample.gross.sp), (fit.inSample.gross.fpSeconds / 60).toFixed(1)]);
    return `${fit.name}\n\n${formatTable(['left out', 'fitted on the other records', 'Se %', 'Sp %', 'FP min'], rows)}`;
  });
  parts.push('afdb RR only, duration Se/Sp; each record scored with the thresholds fitted without it.');
  return parts.join('\n\n');
}
