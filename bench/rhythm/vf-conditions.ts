import { formatTable, pct } from '../lib/table.js';
import { runVf, type TierSummary, type VfDatabase, type VfOptions } from './vf.js';

/**
 * The shockable-rhythm benchmark under the conditions of a clinic rather than a recorder, urgent
 * tier, per second and per episode, with the shipped model (in-sample for these records):
 * - rates: vfdb and cudb resampled to the rates gateway devices run at (the OpenView ADS1292R
 *   board's 125 Hz, 500 Hz boards) beside their own 250 Hz: the detector must judge the same
 *   heart alike whatever the device samples it at;
 * - hum: vfdb, cudb and mitdb at their own rates, clean and with mains hum on every lead.
 */
export const VF_RATES_HZ = [125, 250, 500] as const;
/** Hum of the `vf-hum` part: 1 mV peak, as a loose electrode in a badly earthed room picks up. */
export const VF_HUM = { hz: 50, mv: 1 } as const;

export interface VfConditionRow {
  db: VfDatabase;
  condition: string; // e.g. 'at 125 Hz', '+ 1 mV 50 Hz'
  urgent: TierSummary;
}

interface Condition {
  label: string;
  options: Pick<VfOptions, 'resampleHz' | 'hum'>;
}

function runConditions(dataDir: string, dbs: readonly VfDatabase[], conditions: readonly Condition[]): VfConditionRow[] {
  const rows: VfConditionRow[] = [];
  for (const { label, options } of conditions) {
    const report = runVf({ dataDir, dbs, ...options });
    for (const db of dbs) {
      const s = report.databases[db];
      if (s) rows.push({ db, condition: label, urgent: s });
    }
  }
  return rows;
}

export function runVfRates(opts: { dataDir: string; rates?: readonly number[] }): VfConditionRow[] {
  const rates = opts.rates ?? VF_RATES_HZ;
  return runConditions(opts.dataDir, ['vfdb', 'cudb'], rates.map((hz) => ({ label: `at ${hz} Hz`, options: { resampleHz: hz } })));
}

export function runVfHum(opts: { dataDir: string; hums?: readonly { hz: number; mv: number }[] }): VfConditionRow[] {
  const hums = (opts.hums ?? [VF_HUM]).map((hum) => ({ label: `+ ${hum.mv} mV ${hum.hz} Hz`, options: { hum } }));
  return runConditions(opts.dataDir, ['vfdb', 'cudb', 'mitdb'], [{ label: 'clean', options: {} }, ...hums]);
}

function formatConditions(title: string, rows: readonly VfConditionRow[]): string {
  const head = ['', 'VF Se', 'rapid VT Se', 'NSR Sp', 'other Sp', 'ASYS Sp', 'false s', 'false episodes', 'VF episodes found / ≤ 5 s / of'];
  const body = rows.map(({ db, condition, urgent: u }) => {
    const c = u.seconds;
    const e = u.episodes.vf;
    return [`${db} ${condition}`, pct(c.vf.pct), pct(c.rapidVt.pct), pct(c.nsr.pct), pct(c.other.pct), pct(c.asys.pct), `${u.falseAlarmSeconds}`, `${u.falseEpisodes}`, `${e.detected} / ${e.within5s} / ${e.scored}`];
  });
  return [title, formatTable(head, body)].join('\n\n');
}

export const formatVfRates = (rows: readonly VfConditionRow[]): string =>
  formatConditions('Urgent tier per second, records resampled to each rate (the detector analyses every input on a 250 Hz grid)', rows);

export const formatVfHum = (rows: readonly VfConditionRow[]): string =>
  formatConditions('Urgent tier per second, mains hum added to every lead (the detector notches 50 and 60 Hz)', rows);
