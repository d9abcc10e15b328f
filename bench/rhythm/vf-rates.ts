import { formatTable, pct } from '../lib/table.js';
import { runVf, type TierSummary, type VfDatabase } from './vf.js';

/**
 * The shockable-rhythm benchmark with vfdb and cudb resampled to the rates gateway devices run at
 * (the OpenView ADS1292R board's 125 Hz, 500 Hz boards) beside their own 250 Hz: the detector
 * must judge the same heart alike whatever the device samples it at. Urgent tier, per second and
 * per episode, with the shipped model (in-sample for these records).
 */
export const VF_RATES_HZ = [125, 250, 500] as const;
const DBS: readonly VfDatabase[] = ['vfdb', 'cudb'];

export interface VfRatesRow {
  db: VfDatabase;
  rateHz: number;
  urgent: TierSummary;
}

export function runVfRates(opts: { dataDir: string; rates?: readonly number[] }): VfRatesRow[] {
  const rows: VfRatesRow[] = [];
  for (const rateHz of opts.rates ?? VF_RATES_HZ) {
    const report = runVf({ dataDir: opts.dataDir, dbs: DBS, resampleHz: rateHz });
    for (const db of DBS) {
      const s = report.databases[db];
      if (s) rows.push({ db, rateHz, urgent: s });
    }
  }
  return rows;
}

export function formatVfRates(rows: readonly VfRatesRow[]): string {
  const head = ['', 'VF Se', 'rapid VT Se', 'NSR Sp', 'other Sp', 'ASYS Sp', 'false s', 'VF episodes found / ≤ 5 s / of'];
  const body = rows.map(({ db, rateHz, urgent: u }) => {
    const c = u.seconds;
    const e = u.episodes.vf;
    return [`${db} at ${rateHz} Hz`, pct(c.vf.pct), pct(c.rapidVt.pct), pct(c.nsr.pct), pct(c.other.pct), pct(c.asys.pct), `${u.falseAlarmSeconds}`, `${e.detected} / ${e.within5s} / ${e.scored}`];
  });
  return ['Urgent tier per second, records resampled to each rate (the detector analyses every input on a 250 Hz grid)', formatTable(head, body)].join('\n\n');
}
